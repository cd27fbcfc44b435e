package com.queuehall.appointments;

import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.db.AwaitCommit;
import com.queuehall.db.StaleEpoch;
import com.queuehall.db.Writer;
import com.queuehall.http.Problem;
import com.queuehall.http.Problems;
import com.queuehall.ops.Metrics;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Books and cancels appointment slots. Redis takes a place and checks the citizen in one script;
 * Postgres records the appointment (unique place, one per citizen, service and day) before the
 * answer. Cancelling records first, then gives the place back.
 */
public final class Bookings {

  private static final Logger log = LoggerFactory.getLogger(Bookings.class);
  private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final DayState state;
  private final ScriptRunner scripts;
  private final Writer writer;
  private final Metrics metrics;
  private final int retryAfterSeconds;

  public Bookings(Vertx vertx, DayState state, ScriptRunner scripts, Writer writer, Metrics metrics,
      int retryAfterSeconds) {
    this.vertx = vertx;
    this.state = state;
    this.scripts = scripts;
    this.writer = writer;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public record Request(String point, PointService service, LocalDate day, String slot, String citizenId,
      String phone) {}

  /** A place held in Redis: the epoch it belongs to and its number within the slot. */
  private record Place(long epoch, int place) {}

  public Future<Appointment> book(Request req) {
    DayKeys keys = new DayKeys(req.point(), req.day());
    return state.retryStale(keys, () -> attempt(keys, req));
  }

  private Future<Appointment> attempt(DayKeys keys, Request req) {
    UUID id = UUID.randomUUID();
    return state.decide(keys, Script.BOOK_SLOT, List.of(keys.ctr(), keys.cap(), keys.cit()),
            List.of(req.service().id(), req.slot(), req.citizenId(), id.toString()))
        .compose(r -> switch (r.get(0).toString()) {
          case "OK" -> record(keys, req, id, new Place(r.get(1).toLong(), r.get(2).toInteger()));
          case "DUPLICATE" -> duplicateOrStale(keys, req, UUID.fromString(r.get(1).toString()));
          case "FULL" -> Future.failedFuture(full(req, r));
          default -> Future.failedFuture(new IllegalStateException("book_slot answered " + r));
        });
  }

  /**
   * Redis says the citizen already holds an appointment. Trust it once Postgres shows that
   * appointment active; if it never appears, Redis outlived a failed booking: rebuild, decide again.
   */
  private Future<Appointment> duplicateOrStale(DayKeys keys, Request req, UUID held) {
    return AwaitCommit.row(vertx, () -> writer.pool().preparedQuery(AppointmentSql.ACTIVE).execute(Tuple.of(held))
            .map(rows -> rows.size() > 0 ? Boolean.TRUE : null))
        .compose(active -> active != null
            ? Future.failedFuture(duplicate(req))
            : state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1))));
  }

  private Future<Appointment> record(DayKeys keys, Request req, UUID id, Place place) {
    Tuple row = Tuple.from(new Object[] {id, req.point(), req.service().id(), req.day(), LocalTime.parse(req.slot()),
        place.place(), req.citizenId(), req.phone(), newCode(),
        new JsonObject().put("slot", req.slot()).put("place", place.place())});
    return writer.fencedInsert(keys.point(), keys.day(), place.epoch(), AppointmentSql.INSERT, row)
        .map(rows -> Appointment.from(rows.iterator().next()))
        .map(a -> {
          metrics.booked();
          return a;
        })
        .recover(err -> {
          if (err instanceof StaleEpoch) return Future.failedFuture(err);
          return release(keys, req, id, place).compose(v -> afterFailedRecord(keys, req, err));
        });
  }

  private Future<Appointment> afterFailedRecord(DayKeys keys, Request req, Throwable err) {
    String constraint = Writer.violated(err);
    if ("appointment_one_per_citizen".equals(constraint)) return Future.failedFuture(duplicate(req));
    if (Writer.overCapacity(err)) return Future.failedFuture(full(req, null));
    if ("appointment_code_key".equals(constraint)) return Future.failedFuture(new StaleEpoch(-1)); // draw a new code
    if (constraint != null) {
      log.error("{} violated on {}; rebuilding Redis state", constraint, keys);
      return state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1)));
    }
    if (!Problems.isUnavailable(err)) return Future.failedFuture(err);
    log.warn("booking for {} {} not recorded, place released: {}", keys, req.slot(), err.toString());
    return Future.failedFuture(Problem.unavailable(
        "the booking could not be recorded; nothing was booked, retry shortly", retryAfterSeconds));
  }

  /** Cancels an appointment and gives its place back. Cancelling twice answers the same. */
  public Future<Appointment> cancel(UUID id, Supplier<LocalDate> today) {
    return writer.transaction(conn -> conn.preparedQuery(AppointmentSql.BY_ID_FOR_UPDATE).execute(Tuple.of(id))
            .compose(rows -> {
              if (rows.size() == 0) return Future.failedFuture(Problem.notFound("appointment not found",
                  "no appointment has id " + id));
              Appointment a = Appointment.from(rows.iterator().next());
              if ("CANCELLED".equals(a.status())) return Future.succeededFuture(new Cancelled(a, -1, false));
              if (a.day().isBefore(today.get())) {
                return Future.failedFuture(Problem.conflict("appointment day has passed",
                    "appointment " + id + " was for " + a.day() + " and can no longer be cancelled"));
              }
              if (!"BOOKED".equals(a.status())) {
                return Future.failedFuture(Problem.conflict("appointment already checked in",
                    "appointment " + id + " is " + a.status() + " and can no longer be cancelled"));
              }
              return Writer.lockedEpoch(conn, a.point(), a.day()).compose(epoch -> conn
                  .preparedQuery(AppointmentSql.SET_STATUS)
                  .execute(Tuple.of(id, "CANCELLED", "cancelled", new JsonObject().put("place", a.place())))
                  .map(r -> new Cancelled(Appointment.from(r.iterator().next()), epoch, true)));
            }))
        .compose(c -> c.now ? giveBack(c).map(c.appointment) : Future.succeededFuture(c.appointment));
  }

  private record Cancelled(Appointment appointment, long epoch, boolean now) {}

  private Future<Void> giveBack(Cancelled c) {
    metrics.cancelled();
    Appointment a = c.appointment();
    return givePlace(new DayKeys(a.point(), a.day()), c.epoch(), a.service(), a.slot(), a.citizenId(), a.id(),
        a.place());
  }

  private Future<Void> release(DayKeys keys, Request req, UUID id, Place place) {
    return givePlace(keys, place.epoch(), req.service().id(), req.slot(), req.citizenId(), id, place.place());
  }

  /**
   * Gives a place back in the Redis state of its epoch. If Redis does not answer, the place stays
   * taken until the next rebuild: fewer bookings for a while, never more than the capacity.
   */
  private Future<Void> givePlace(DayKeys keys, long epoch, String service, String slot, String citizenId, UUID id,
      int place) {
    return scripts.run(Script.RELEASE_BOOKING, List.of(keys.ctr(), keys.cit()),
            List.of(String.valueOf(epoch), service, slot, citizenId, id.toString(), String.valueOf(place)))
        .<Void>mapEmpty()
        .recover(e -> {
          log.error("could not give place {} of {} {} back in Redis: {}", place, keys, slot, e.toString());
          return Future.succeededFuture();
        });
  }

  private Problem duplicate(Request req) {
    return Problem.conflict("citizen already has an appointment",
        "this citizen already holds an active " + req.service().id() + " appointment on " + req.day()
            + "; cancel it before booking another");
  }

  private Problem full(Request req, Response r) {
    metrics.slotFull();
    Problem p = Problem.conflict("slot full",
        "slot " + req.slot() + " on " + req.day() + " for " + req.service().id() + " at " + req.point()
            + " has no place left; pick another slot from GET /api/v1/points/" + req.point() + "/slots");
    if (r != null) p.with("capacity", r.get(2).toLong());
    return p;
  }

  private static String newCode() {
    char[] c = new char[8];
    for (int i = 0; i < c.length; i++) c[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
    return new String(c);
  }
}
