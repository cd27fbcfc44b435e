package com.queuehall.appointments;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.CallingRule;
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
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRecords;
import com.queuehall.tickets.TicketSql;
import com.queuehall.tickets.WalkIns.Issued;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checks an appointment in on the day of its slot: one queue number per appointment, marked as
 * coming from an appointment. Checking in again with the same code returns the same ticket.
 */
public final class CheckIns {

  private static final Logger log = LoggerFactory.getLogger(CheckIns.class);

  private final Catalog catalog;
  private final DayState state;
  private final ScriptRunner scripts;
  private final Writer writer;
  private final Pool pool;
  private final TicketRecords records;
  private final Metrics metrics;
  private final Clock clock;
  private final int retryAfterSeconds;

  private final Waits waits;
  private final LiveEvents events;

  public CheckIns(Catalog catalog, DayState state, ScriptRunner scripts, Writer writer, TicketRecords records,
      Metrics metrics, Waits waits, LiveEvents events, Clock clock, int retryAfterSeconds) {
    this.waits = waits;
    this.events = events;
    this.catalog = catalog;
    this.state = state;
    this.scripts = scripts;
    this.writer = writer;
    this.pool = writer.pool();
    this.records = records;
    this.metrics = metrics;
    this.clock = clock;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Future<Issued> checkIn(String point, String code) {
    return pool.preparedQuery(AppointmentSql.BY_CODE).execute(Tuple.of(code)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Problem.notFound("unknown check-in code",
            "no appointment has check-in code " + code));
      }
      Appointment a = Appointment.from(rows.iterator().next());
      LocalDate today = catalog.today(clock);
      if (!a.point().equals(point)) {
        return Future.failedFuture(Problem.conflict("wrong point",
            "this appointment is at " + a.point() + ", not " + point));
      }
      if ("CANCELLED".equals(a.status())) {
        return Future.failedFuture(Problem.conflict("appointment cancelled",
            "appointment " + a.id() + " was cancelled"));
      }
      if (!a.day().equals(today)) {
        return Future.failedFuture(Problem.conflict("not the appointment day",
            "this appointment is for " + a.day() + "; check in on that day (today is " + today + ")"));
      }
      PointService service = catalog.point(point).flatMap(p -> p.service(a.service())).orElse(null);
      if (service == null) {
        return Future.failedFuture(Problem.conflict("service no longer offered",
            "this point no longer offers " + a.service() + "; ask the hall staff"));
      }
      DayKeys keys = new DayKeys(point, a.day());
      CallingRule rule = catalog.point(point).orElseThrow().rule();
      return state.retryStale(keys, () -> attempt(keys, rule, service, a));
    });
  }

  private Future<Issued> attempt(DayKeys keys, CallingRule rule, PointService service, Appointment a) {
    String prefix = service.service().prefix();
    UUID ticketId = UUID.randomUUID();
    Instant now = clock.instant();
    Instant slotStart = a.day().atTime(LocalTime.parse(a.slot())).atZone(catalog.zone()).toInstant();
    List<String> others = catalog.point(keys.point()).orElseThrow().otherServices(service.id());
    List<String> redisKeys = new ArrayList<>(List.of(keys.ctr(), keys.chk(), keys.queue(service.id()), keys.hall()));
    redisKeys.addAll(keys.queues(others));
    List<String> args = new ArrayList<>(List.of(a.id().toString(), prefix, ticketId.toString(),
        String.valueOf(now.toEpochMilli()), String.valueOf(slotStart.toEpochMilli())));
    args.addAll(rule.scriptArgs());
    args.add(service.id());
    args.addAll(others);
    return state.decide(keys, Script.CHECK_IN, redisKeys, args)
        .compose(r -> switch (r.get(0).toString()) {
          case "OK" -> record(keys, service, a, ticketId, now, slotStart, r);
          case "REPLAY" -> replay(keys, a.id());
          default -> Future.failedFuture(new IllegalStateException("check_in answered " + r));
        });
  }

  /** r is check_in's answer: OK, epoch, number, position, tickets ahead per service, hall. */
  private Future<Issued> record(DayKeys keys, PointService service, Appointment a, UUID ticketId, Instant now,
      Instant slotStart, Response r) {
    long epoch = r.get(1).toLong();
    int number = r.get(2).toInteger();
    long position = r.get(3).toLong();
    long estimate = waits.estimate(keys.point(), service.id(), r.get(4), r.get(5));
    String prefix = service.service().prefix();
    Tuple row = Tuple.from(new Object[] {ticketId, keys.point(), service.id(), keys.day(), prefix, number,
        Ticket.APPOINTMENT, null, a.id(), false, null,
        new JsonObject().put("number", Ticket.display(prefix, number)).put("appointmentId", a.id().toString()),
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC), OffsetDateTime.ofInstant(slotStart, ZoneOffset.UTC),
        new JsonObject().put("number", Ticket.display(prefix, number))});
    return writer.fencedInsert(keys.point(), keys.day(), epoch, TicketSql.CHECK_IN, row)
        .map(rows -> Ticket.from(rows.iterator().next()))
        .map(t -> {
          metrics.checkInIssued();
          events.issued(t);
          return new Issued(t, position, estimate, false);
        })
        .recover(err -> {
          if (err instanceof StaleEpoch) return Future.failedFuture(err);
          return scripts.run(Script.RELEASE_CHECK_IN, List.of(keys.ctr(), keys.chk(), keys.queue(service.id())),
                  List.of(String.valueOf(epoch), a.id().toString(), prefix, ticketId.toString(),
                      String.valueOf(number)))
              .<Void>mapEmpty()
              .recover(e -> {
                log.error("could not release check-in number {} of {}: {}", number, keys, e.toString());
                return Future.succeededFuture();
              })
              .compose(v -> afterFailedRecord(keys, a, err));
        });
  }

  private Future<Issued> afterFailedRecord(DayKeys keys, Appointment a, Throwable err) {
    String constraint = Writer.violated(err);
    if ("ticket_appointment_id_key".equals(constraint)) return replay(keys, a.id());
    if (constraint != null) {
      log.error("{} violated on {}; rebuilding Redis state", constraint, keys);
      return state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1)));
    }
    if (!Problems.isUnavailable(err)) return Future.failedFuture(err);
    log.warn("check-in of {} not recorded, number released: {}", a.id(), err.toString());
    return Future.failedFuture(Problem.unavailable("the check-in could not be recorded; retry shortly",
        retryAfterSeconds));
  }

  private Future<Issued> replay(DayKeys keys, UUID appointmentId) {
    return records.byAppointment(appointmentId)
        .compose(t -> {
          metrics.replayed();
          return waits.view(t)
              .map(v -> new Issued(t, v.getLong("position", 0L), v.getLong("estimatedWaitSeconds"), true));
        })
        .recover(err -> err instanceof TicketRecords.NotRecorded
            ? state.rebuild(keys).compose(v -> Future.failedFuture(new StaleEpoch(-1)))
            : Future.failedFuture(err));
  }
}
