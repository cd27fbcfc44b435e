package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.tickets.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes what happened at a point, after it is committed, to every server instance through
 * Redis pub/sub. Each event is numbered (seq, per point and day) in the same step as the hall's
 * snapshot state changes, so a subscriber can tell a gap. A failure to publish never fails the
 * request: the record is committed; displays catch up on their next snapshot.
 */
public final class LiveEvents {

  public static final String CHANNEL_PREFIX = "qh:live:";
  private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

  private final Catalog catalog;
  private final HallView hall;
  private final DayState state;
  private final Clock clock;

  public LiveEvents(Catalog catalog, DayState state, Clock clock) {
    this.catalog = catalog;
    this.hall = new HallView(catalog, state);
    this.state = state;
    this.clock = clock;
  }

  public HallView hall() {
    return hall;
  }

  public static String channel(String point) {
    return CHANNEL_PREFIX + point;
  }

  public Future<Void> issued(Ticket t) {
    return publish(t.point(), t.day(), event("ticket.issued", t), Map.of(), List.of(t.service()));
  }

  public Future<Void> called(Ticket t, JsonObject counter) {
    return publish(t.point(), t.day(), event("ticket.called", t).put("counter", counter.getString("id")),
        Map.of("counter:" + counter.getString("id"), counter.encode()), List.of(t.service()));
  }

  public Future<Void> recalled(Ticket t) {
    return publish(t.point(), t.day(),
        event("ticket.recalled", t).put("counter", t.counter()).put("recalls", t.recalls()),
        Map.of(), List.of());
  }

  /** started, completed, no-show: the ticket's own state changed; the counter may be free again. */
  public Future<Void> changed(String type, Ticket t, JsonObject counter) {
    return changed(type, t, counter, null);
  }

  /**
   * A service time measured by a completion: folded into its service's moving average in the step
   * that publishes the event, so the event already carries the new estimates.
   */
  public record Measured(String service, double seconds, long defaultSeconds) {}

  /**
   * As changed(type, t, counter), with the service time it measured (null: none). Only a measure
   * changes a queue's figures: the ticket left its queue when it was called, and the counter's
   * ticket in hand counts in no figure. So a start or a no-show carries no queues, and spares the
   * step that reads them (publish.lua's queue_figures, most of a live event's Redis time).
   */
  public Future<Void> changed(String type, Ticket t, JsonObject counter, Measured measured) {
    return publish(t.point(), t.day(), event(type, t).put("counter", counter.getString("id")), measured,
        Map.of("counter:" + counter.getString("id"), counter.encode()),
        measured == null ? List.of() : List.of(t.service()));
  }

  public Future<Void> transferred(Ticket t, String from, JsonObject counter) {
    return publish(t.point(), t.day(),
        event("ticket.transferred", t).put("from", from).put("counter", counter.getString("id")),
        Map.of("counter:" + counter.getString("id"), counter.encode()), List.of(from, t.service()));
  }

  /**
   * A counter opened, paused or closed, or changed the services it serves: its hall field, and the
   * figures of every queue of the point, whose open counters (counted from the counters' own
   * fields) and so whose estimates may have changed.
   */
  public Future<Void> counter(String point, LocalDate day, JsonObject counter) {
    return publish(point, day,
        new JsonObject().put("type", "counter." + counter.getString("status")).put("counter", counter),
        Map.of("counter:" + counter.getString("id"), counter.encode()),
        new ArrayList<>(catalog.point(point).orElseThrow().services().keySet()));
  }

  private JsonObject event(String type, Ticket t) {
    return new JsonObject().put("type", type)
        .put("ticket", new JsonObject().put("id", t.id().toString()).put("number", t.display())
            .put("service", t.service()).put("status", t.status()));
  }

  /**
   * Numbers and publishes the event in one Redis step (publish.lua), which also sets the hall's
   * fields and adds, as they stand after it, the figures of the queues of the given services (those
   * the event changed) and of every queue sharing an open counter with one of them (its estimate
   * counts their tickets, so it moved too).
   */
  Future<Void> publish(String point, LocalDate day, JsonObject event, Map<String, String> hallFields,
      List<String> services) {
    return publish(point, day, event, null, hallFields, services);
  }

  private Future<Void> publish(String point, LocalDate day, JsonObject event, Measured measured,
      Map<String, String> hallFields, List<String> services) {
    DayKeys keys = new DayKeys(point, day);
    Catalog.Point p = catalog.point(point).orElseThrow();
    event.put("pointId", point).put("day", day.toString()).put("at", clock.instant().toString());
    List<String> args = new ArrayList<>();
    args.add(channel(point));
    args.add(event.encode());
    args.add(measured == null ? "" : measured.service());
    args.add(measured == null ? "" : String.valueOf(measured.seconds()));
    args.add(String.valueOf(WaitEstimate.ALPHA));
    args.add(measured == null ? "" : String.valueOf(measured.defaultSeconds()));
    args.add(String.valueOf(hallFields.size()));
    hallFields.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    args.addAll(HallView.figureArgs(p, services));
    return state.decide(keys, Script.PUBLISH, HallView.figureKeys(keys, p), args)
        .<Void>mapEmpty()
        .recover(e -> {
          log.warn("live event {} of {} not published: {}", event.getString("type"), point, e.toString());
          return Future.succeededFuture();
        });
  }
}
