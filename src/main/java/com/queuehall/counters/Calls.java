package com.queuehall.counters;

import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.counters.Sessions.Session;
import com.queuehall.db.AwaitCommit;
import com.queuehall.db.StaleEpoch;
import com.queuehall.db.Writer;
import com.queuehall.http.Problem;
import com.queuehall.http.Problems;
import com.queuehall.live.LiveEvents;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A counter calls: the next ticket by the point's calling rule, or a given ticket by number. Redis
 * chooses and takes the ticket in one script across every queue the counter serves; Postgres
 * records the call (WAITING → CALLED, conditional) before the answer and the live event.
 */
public final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  private static final int MAX_VANISHED = 5;

  private final Vertx vertx;
  private final DayState state;
  private final ScriptRunner scripts;
  private final Writer writer;
  private final TicketRecords records;
  private final LiveEvents events;
  private final Clock clock;
  private final int retryAfterSeconds;

  public Calls(Vertx vertx, DayState state, ScriptRunner scripts, Writer writer,
      TicketRecords records, LiveEvents events, Clock clock, int retryAfterSeconds) {
    this.vertx = vertx;
    this.state = state;
    this.scripts = scripts;
    this.writer = writer;
    this.records = records;
    this.events = events;
    this.clock = clock;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The ticket called, or null when nobody waits for what the counter serves. */
  public Future<Ticket> next(Point point, LocalDate day, String counter) {
    DayKeys keys = new DayKeys(point.id(), day);
    return ready(point, day, counter)
        .compose(session -> state.retryStale(keys, () -> attempt(keys, point.rule(), session, 0)));
  }

  /** Calls one waiting ticket by its number, such as A017, out of the calling order. */
  public Future<Ticket> byNumber(Point point, LocalDate day, String counter, String prefix, int number) {
    DayKeys keys = new DayKeys(point.id(), day);
    return ready(point, day, counter)
        .compose(session -> records.byNumber(point.id(), day, prefix, number).compose(t -> {
          if (t == null) return Future.failedFuture(Problem.notFound("ticket not found",
              "no ticket " + Ticket.display(prefix, number) + " was issued at " + point.id() + " today"));
          if (!"WAITING".equals(t.status())) return Future.failedFuture(Transitions.refused("call", t));
          if (!session.services().contains(t.service())) return Future.failedFuture(Problem.conflict(
              "service not served",
              "ticket " + t.display() + " waits for " + t.service() + ", which counter " + counter + " does not serve; "
                  + "it serves " + String.join(", ", session.services())));
          return state.decide(keys, Script.TAKE_TICKET, List.of(keys.ctr(), keys.queue(t.service())),
                  List.of(t.id().toString()))
              .compose(r -> "OK".equals(r.get(0).toString())
                  ? record(keys, session, t.id(), t.service(), r.get(2).toString(), r.get(1).toLong())
                  : Future.failedFuture(Problem.conflict("ticket already called",
                      "ticket " + t.display() + " was just taken by another counter")));
        }))
        .compose(t -> t != null ? Future.succeededFuture(t) : Future.failedFuture(Problem.conflict(
            "ticket not waiting", "ticket " + Ticket.display(prefix, number) + " is no longer waiting")));
  }

  /** The counter must be open and have nothing in hand: a quick refusal before Redis is asked. */
  private Future<Session> ready(Point point, LocalDate day, String counter) {
    return Sessions.withInHand(writer.pool(), point.id(), day, counter, point.counterServices(counter))
        .compose(Calls::ready);
  }

  private static Future<Session> ready(Sessions.AtCounter now) {
    Session s = now.session();
    Ticket t = now.inHand();
    if (!s.open()) return Future.failedFuture(Sessions.notOpen(s));
    return t == null ? Future.succeededFuture(s)
        : Future.failedFuture(Problem.conflict("counter busy", "counter " + s.counter() + " still has ticket "
            + t.display() + " (" + t.status() + "); complete it, mark it no-show or transfer it first"));
  }

  private Future<Ticket> attempt(DayKeys keys, CallingRule rule, Session session, int vanished) {
    List<String> redisKeys = new ArrayList<>();
    redisKeys.add(keys.ctr());
    for (String s : session.services()) redisKeys.add(keys.queue(s));
    List<String> args = new ArrayList<>(List.of(String.valueOf(clock.millis())));
    args.addAll(rule.scriptArgs());
    return state.decide(keys, Script.CALL_NEXT, redisKeys, args)
        .compose(r -> {
          if ("EMPTY".equals(r.get(0).toString())) return Future.succeededFuture(null);
          String service = session.services().get(r.get(3).toInteger() - 1);
          return record(keys, session, UUID.fromString(r.get(2).toString()), service, r.get(4).toString(),
                  r.get(1).toLong())
              .compose(t -> t != null || vanished >= MAX_VANISHED ? Future.succeededFuture(t)
                  : attempt(keys, rule, session, vanished + 1));
        });
  }

  /**
   * Records the call of a ticket Redis gave this counter. Null when the ticket never became
   * WAITING in Postgres (its issue failed and was released): the caller calls again.
   */
  private Future<Ticket> record(DayKeys keys, Session session, UUID id, String service, String entry, long epoch) {
    return recordCall(keys, session, id, service, entry, epoch)
        // The answer waits for the live event, so that events come in the order the counter acted.
        .compose(t -> t == null ? Future.succeededFuture(null) : events.called(t, CounterView.counter(session.counter(),
            session.status(), session.services(), CounterView.ticket(t.id(), t.display(), t.status()))).map(t));
  }

  private Future<Ticket> recordCall(DayKeys keys, Session session, UUID id, String service, String entry, long epoch) {
    return update(keys, session, id, epoch)
        .compose(t -> t != null ? Future.succeededFuture(t)
            // Redis queued it before its issue or transfer committed: wait for that, then call it.
            : AwaitCommit.row(vertx,
                    () -> records.byId(id).map(x -> x != null && "WAITING".equals(x.status()) ? x : null))
                .compose(waiting -> waiting == null ? Future.succeededFuture(null) : update(keys, session, id, epoch)))
        .recover(err -> {
          if (err instanceof StaleEpoch) return Future.failedFuture(err);
          log.info("call of {} at {} not recorded: {}", id, keys, err.toString());
          return putBack(keys, id, service, entry, epoch)
              .transform(x -> Future.failedFuture(!Problems.isUnavailable(err) ? err : Problem.unavailable(
                  "the call could not be recorded; the ticket stays in the queue, retry shortly", retryAfterSeconds)));
        });
  }

  /**
   * Puts a ticket whose call was not recorded back in its queue, if Postgres still has it waiting
   * there. A call can fail long after it took the ticket (it waited for a commit, then found the
   * counter busy), and meanwhile the ticket may have been called elsewhere and finished: putting it
   * back then left an entry in Redis that Postgres did not confirm. When Postgres cannot be read, it
   * goes back: a stale entry is dropped by the next call that takes it, a missing one is never called.
   */
  private Future<Void> putBack(DayKeys keys, UUID id, String service, String entry, long epoch) {
    return records.byId(id).map(t -> t == null || t.waitsIn(service))
        .otherwise(true)
        .compose(waits -> !waits ? Future.<Void>succeededFuture()
            : scripts.run(Script.ENQUEUE, List.of(keys.ctr(), keys.queue(service)),
                List.of(id.toString(), entry, String.valueOf(epoch))).<Void>mapEmpty());
  }

  /**
   * Records the call in one statement (call_ticket, V5), committed with the other writes waiting at
   * the same moment (group commit; a call was the one write of a hall day with a commit, and so a WAL
   * flush, of its own): behind the fence, once the counter's session row is locked and the counter
   * found still open with nothing in hand, so two calls at one counter take turns and the second is
   * refused, in the same batch or not. A stale epoch (QH010) fails the batch, whose writes are then
   * retried alone, so only the stale call fails. No row: the counter is not open or is busy
   * (read again to say which), or else the ticket does not wait in Postgres yet (null).
   */
  private Future<Ticket> update(DayKeys keys, Session session, UUID id, long epoch) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    JsonObject data = new JsonObject().put("counter", session.counter());
    return writer.groupedUpdate(CounterSql.CALL, Tuple.of(id, session.counter(), now, data, keys.point(), keys.day(),
            epoch))
        .recover(err -> Future.failedFuture(Writer.staleEpoch(err, epoch)))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(Ticket.from(rows.iterator().next()))
            : Sessions.withInHand(writer.pool(), keys.point(), keys.day(), session.counter(), List.of())
                .compose(Calls::ready).map(s -> (Ticket) null));
  }
}
