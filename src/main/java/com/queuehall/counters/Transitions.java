package com.queuehall.counters;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.counters.Sessions.Session;
import com.queuehall.db.Writer;
import com.queuehall.http.Problem;
import com.queuehall.live.LiveEvents;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What a counter does with the ticket in hand: recall, no-show, start, complete, transfer. Each is
 * one conditional statement; a transition that makes no sense changes no row and answers 409.
 */
public final class Transitions {

  private static final Logger log = LoggerFactory.getLogger(Transitions.class);

  private final DayState state;
  private final ScriptRunner scripts;
  private final Writer writer;
  private final TicketRecords records;
  private final LiveEvents events;
  private final Clock clock;

  public Transitions(DayState state, ScriptRunner scripts, Writer writer, TicketRecords records, LiveEvents events,
      Clock clock) {
    this.state = state;
    this.scripts = scripts;
    this.writer = writer;
    this.records = records;
    this.events = events;
    this.clock = clock;
  }

  /** A transition's ticket as recorded, and its counter's session as the same statement read it. */
  private record Done(Ticket ticket, Session session) {}

  public Future<Ticket> recall(Point point, String counter, UUID id) {
    return apply(point, counter, id, "recall", CounterSql.RECALL, "recalled", point.rule().recallLimit())
        .compose(d -> events.recalled(d.ticket()).map(d.ticket()));
  }

  public Future<Ticket> noShow(Point point, String counter, UUID id) {
    return apply(point, counter, id, "mark no-show", CounterSql.NO_SHOW, "no-show", point.rule().recallLimit())
        .compose(d -> publish("ticket.no-show", d, null).map(d.ticket()));
  }

  public Future<Ticket> start(Point point, String counter, UUID id) {
    return apply(point, counter, id, "start", CounterSql.START, "started", null)
        .compose(d -> publish("ticket.started", d, d.ticket()).map(d.ticket()));
  }

  /** Completes the service and folds its duration into the service's moving average. */
  public Future<Ticket> complete(Point point, String counter, UUID id) {
    return apply(point, counter, id, "complete", CounterSql.COMPLETE, "completed", null).compose(d -> {
      Ticket t = d.ticket();
      long defaultSeconds = point.service(t.service()).map(ps -> ps.service().serviceMinutes() * 60L).orElse(300L);
      double seconds = Duration.between(t.startedAt(), t.finishedAt()).toMillis() / 1000.0;
      return publish("ticket.completed", d, null, new LiveEvents.Measured(t.service(), seconds, defaultSeconds))
          .map(t);
    });
  }

  /**
   * Sends the ticket to another service's queue at the same point, keeping its arrival time. It is
   * queued in Redis first and recorded after; a failed record takes it out again.
   */
  public Future<Ticket> transfer(Point point, String counter, UUID id, PointService to) {
    return records.byId(id).compose(t -> {
      if (t == null || !t.point().equals(point.id())) return Future.failedFuture(notFound(id));
      if (!List.of("CALLED", "SERVING").contains(t.status()) || !counter.equals(t.counter())
          || t.service().equals(to.id())) {
        return Future.failedFuture(refusedTransfer(t, counter, to.id()));
      }
      DayKeys keys = new DayKeys(point.id(), t.day());
      String entry = t.entry().encode();
      return state.retryStale(keys, () -> state.decide(keys, Script.ENQUEUE, List.of(keys.ctr(), keys.queue(to.id())),
              List.of(id.toString(), entry, ""))
          .compose(r -> writer.fenced(point.id(), t.day(), r.get(1).toLong(),
                  conn -> conn.preparedQuery(CounterSql.TRANSFER)
                      .execute(Tuple.of(id, counter, now(), "transferred",
                          new JsonObject().put("from", t.service()).put("to", to.id()), point.id(), to.id())))
              .recover(err -> takeBack(keys, to.id(), id).compose(v -> Future.failedFuture(err))))
          .compose(rows -> rows.size() == 0
              ? takeBack(keys, to.id(), id).compose(v -> Future.failedFuture(refusedTransfer(t, counter, to.id())))
              : Future.succeededFuture(done(point, counter, rows.iterator().next()))))
          .compose(moved -> events.transferred(moved.ticket(), t.service(), CounterView.counter(counter,
              moved.session().status(), moved.session().services(), null)).otherwiseEmpty().map(moved.ticket()));
    });
  }

  /**
   * Takes the ticket out of the queue a failed transfer put it in, unless Postgres has it waiting
   * there: a transfer to the same queue that committed meanwhile (the terminal sent it twice) put it
   * there too, and Redis's one entry stands for both. When Postgres cannot be read, the entry stays:
   * a call that finds an entry Postgres does not confirm drops it (Calls.recordCall), while a missing
   * one would leave a citizen waiting whom no counter can call.
   */
  private Future<Void> takeBack(DayKeys keys, String service, UUID id) {
    return records.byId(id)
        .compose(t -> t != null && t.waitsIn(service)
            ? Future.<Void>succeededFuture()
            : scripts.run(Script.TAKE_TICKET, List.of(keys.ctr(), keys.queue(service)), List.of(id.toString()))
                .<Void>mapEmpty())
        .recover(e -> {
          log.error("transfer of {} failed and the ticket could not be taken out of {}: {}", id, service, e.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Done> apply(Point point, String counter, UUID id, String action, String sql, String event,
      Integer limit) {
    Tuple args = Tuple.of(id, counter, now(), event, new JsonObject().put("counter", counter), point.id());
    if (limit != null) args.addInteger(limit);
    return writer.groupedUpdate(sql, args).compose(rows -> {
      if (rows.size() > 0) return Future.succeededFuture(done(point, counter, rows.iterator().next()));
      return records.byId(id).compose(t -> Future.failedFuture(t == null || !t.point().equals(point.id())
          ? notFound(id) : refusedAction(action, t, counter, point.rule().recallLimit())));
    });
  }

  private static Done done(Point point, String counter, Row row) {
    return new Done(Ticket.from(row), Sessions.from(row, counter, point.counterServices(counter)));
  }

  private Future<Void> publish(String type, Done d, Ticket inHand) {
    return publish(type, d, inHand, null);
  }

  private Future<Void> publish(String type, Done d, Ticket inHand, LiveEvents.Measured measured) {
    Session s = d.session();
    return events.changed(type, d.ticket(), CounterView.counter(s.counter(), s.status(), s.services(),
        inHand == null ? null : CounterView.ticket(inHand.id(), inHand.display(), inHand.status())), measured)
        .otherwiseEmpty();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static Problem notFound(UUID id) {
    return Problem.notFound("ticket not found", "no ticket " + id + " at this point");
  }

  /** Why a transition is refused, in words the counter clerk can act on. */
  static Problem refused(String action, Ticket t) {
    return Problem.conflict("illegal transition",
        "cannot " + action + " ticket " + t.display() + ": it is " + t.status());
  }

  private static Problem refusedAction(String action, Ticket t, String counter, int recallLimit) {
    if (List.of("CALLED", "SERVING").contains(t.status()) && !counter.equals(t.counter())) {
      return Problem.conflict("illegal transition", "ticket " + t.display() + " is with counter " + t.counter());
    }
    if ("recall".equals(action) && "CALLED".equals(t.status())) {
      return Problem.conflict("recall limit reached", "ticket " + t.display() + " was recalled " + t.recalls()
          + " times already; mark it no-show");
    }
    if ("mark no-show".equals(action) && "CALLED".equals(t.status())) {
      return Problem.conflict("recalls not done", "recall ticket " + t.display() + " " + (recallLimit - t.recalls())
          + " more time(s) before marking it no-show");
    }
    return refused(action, t);
  }

  private static Problem refusedTransfer(Ticket t, String counter, String to) {
    if (t.service().equals(to)) return Problem.conflict("illegal transition",
        "ticket " + t.display() + " already waits for " + to);
    return refusedAction("transfer", t, counter, 0);
  }
}
