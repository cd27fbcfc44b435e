package com.queuehall.tickets;

import com.queuehall.appointments.Slots;
import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.db.StaleEpoch;
import com.queuehall.db.Writer;
import com.queuehall.http.Problem;
import com.queuehall.http.Problems;
import com.queuehall.live.LiveEvents;
import com.queuehall.ops.Metrics;
import com.queuehall.queue.Waits;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issues walk-in numbers: Redis decides (quota, number, idempotency) in one script, Postgres
 * records the ticket and its event, and only then does the kiosk hear yes. A failed record gives
 * the reservation back.
 */
public final class WalkIns {

  private static final Logger log = LoggerFactory.getLogger(WalkIns.class);

  private final DayState state;
  private final ScriptRunner scripts;
  private final Writer writer;
  private final TicketRecords records;
  private final Slots slots;
  private final Metrics metrics;
  private final Waits waits;
  private final LiveEvents events;
  private final Clock clock;
  private final int retryAfterSeconds;

  public WalkIns(DayState state, ScriptRunner scripts, Writer writer, TicketRecords records, Slots slots,
      Metrics metrics, Waits waits, LiveEvents events, Clock clock, int retryAfterSeconds) {
    this.waits = waits;
    this.events = events;
    this.clock = clock;
    this.state = state;
    this.scripts = scripts;
    this.writer = writer;
    this.records = records;
    this.slots = slots;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** What the kiosk gets: the ticket, its position, and whether it is a replay of an earlier request. */
  public record Issued(Ticket ticket, long position, Long estimatedWaitSeconds, boolean replay) {}

  public Future<Issued> issue(Point point, PointService service, LocalDate day, String idempotencyKey, boolean green) {
    DayKeys keys = new DayKeys(point.id(), day);
    return state.retryStale(keys, () -> attempt(keys, point, service, idempotencyKey, green));
  }

  private Future<Issued> attempt(DayKeys keys, Point point, PointService service, String idempotencyKey,
      boolean green) {
    UUID id = UUID.randomUUID();
    String prefix = service.service().prefix();
    Instant now = clock.instant();
    CallingRule rule = point.rule();
    List<String> others = point.otherServices(service.id());
    List<String> redisKeys = new ArrayList<>(
        List.of(keys.ctr(), keys.cap(), keys.idem(), keys.queue(service.id()), keys.hall()));
    redisKeys.addAll(keys.queues(others));
    List<String> args = new ArrayList<>(List.of(service.id(), prefix, idempotencyKey, id.toString(),
        String.valueOf(now.toEpochMilli()), green ? "1" : "0"));
    args.addAll(rule.scriptArgs());
    args.addAll(others);
    return state.decide(keys, Script.ISSUE_WALKIN, redisKeys, args)
        .compose(r -> switch (r.get(0).toString()) {
          case "OK" -> record(keys, service, id, idempotencyKey, green, now, Reservation.of(r));
          case "REPLAY" -> replay(keys, service, idempotencyKey);
          case "EXHAUSTED" -> exhausted(keys, service, r);
          default -> Future.failedFuture(new IllegalStateException("issue_walkin answered " + r));
        });
  }

  /** What issue_walkin returns: epoch, number, place, and what the wait estimate needs. */
  private record Reservation(long epoch, int number, int place, long position, Response ahead, Response hall) {
    static Reservation of(Response r) {
      return new Reservation(r.get(1).toLong(), r.get(2).toInteger(), r.get(3).toInteger(), r.get(4).toLong(),
          r.get(5), r.get(6));
    }
  }

  private Future<Issued> record(DayKeys keys, PointService service, UUID id, String idempotencyKey, boolean green,
      Instant now, Reservation res) {
    Tuple row = Tuple.from(new Object[] {id, keys.point(), service.id(), keys.day(), service.service().prefix(),
        res.number, Ticket.WALK_IN, res.place, null, green, idempotencyKey,
        new JsonObject().put("number", Ticket.display(service.service().prefix(), res.number)).put("green", green),
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC), null});
    return writer.fencedInsert(keys.point(), keys.day(), res.epoch, TicketSql.INSERT, row)
        .map(rows -> Ticket.from(rows.iterator().next()))
        .map(t -> {
          metrics.walkInIssued();
          events.issued(t);
          return new Issued(t, res.position,
              waits.estimate(keys.point(), service.id(), res.ahead, res.hall), false);
        })
        .recover(err -> {
          if (err instanceof StaleEpoch) return Future.failedFuture(err); // reservation is void; decide again
          return release(keys, service, id, idempotencyKey, res)
              .compose(v -> afterFailedRecord(keys, service, idempotencyKey, err));
        });
  }

  private Future<Issued> afterFailedRecord(DayKeys keys, PointService service, String idempotencyKey, Throwable err) {
    String constraint = Writer.violated(err);
    if ("ticket_idempotency_unique".equals(constraint)) return replay(keys, service, idempotencyKey);
    if (Writer.overCapacity(err)) return exhausted(keys, service, null);
    if (constraint != null) {
      // Redis and Postgres disagree, which the fence should make impossible: trust Postgres.
      log.error("{} violated on {}; rebuilding Redis state", constraint, keys);
      return state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1)));
    }
    if (!Problems.isUnavailable(err)) return Future.failedFuture(err);
    log.warn("walk-in for {} {} not recorded, reservation released: {}", keys, service.id(), err.toString());
    return Future.failedFuture(Problem.unavailable(
        "the ticket could not be recorded; nothing was issued, retry shortly", retryAfterSeconds));
  }

  private Future<Void> release(DayKeys keys, PointService service, UUID id, String idempotencyKey, Reservation res) {
    return scripts.run(Script.RELEASE_WALKIN, List.of(keys.ctr(), keys.idem(), keys.queue(service.id())),
            List.of(String.valueOf(res.epoch), service.id(), service.service().prefix(), idempotencyKey,
                String.valueOf(res.number), String.valueOf(res.place), id.toString()))
        .<Void>mapEmpty()
        .recover(e -> {
          log.error("could not release walk-in number {} (place {}) of {}: {}", res.number, res.place, keys,
              e.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Issued> replay(DayKeys keys, PointService service, String idempotencyKey) {
    return records.byIdempotencyKey(keys.point(), idempotencyKey)
        .compose(t -> {
          // The service it was issued for: a transfer since then moves it, and must not turn the
          // kiosk's retry of the same request into a refusal.
          if (!t.issuedFor().equals(service.id())) {
            return Future.failedFuture(Problem.conflict("idempotency key reused",
                "Idempotency-Key " + idempotencyKey + " was used for a " + t.issuedFor()
                    + " ticket; send a new key for a new request"));
          }
          metrics.replayed();
          return waits.view(t)
              .map(v -> new Issued(t, v.getLong("position", 0L), v.getLong("estimatedWaitSeconds"), true));
        })
        .recover(err -> err instanceof TicketRecords.NotRecorded
            ? state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1)))
            : Future.failedFuture(err));
  }

  private Future<Issued> exhausted(DayKeys keys, PointService service, Response r) {
    metrics.walkInExhausted();
    return slots.nextWithRoom(keys.point(), service, keys.day(), 5).compose(next -> {
      Problem p = Problem.conflict("walk-in quota exhausted",
              "today's walk-in numbers for " + service.id() + " at " + keys.point() + " are all issued; "
                  + (next.isEmpty() ? "no appointment slot has room in the booking window"
                  : "book one of the appointment slots listed in nextSlots"))
          .with("nextSlots", next);
      if (r != null) p.with("issued", r.get(1).toLong()).with("capacity", r.get(2).toLong());
      return Future.failedFuture(p);
    });
  }
}
