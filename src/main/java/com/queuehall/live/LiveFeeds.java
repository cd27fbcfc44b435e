package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.ops.Metrics;
import com.queuehall.queue.Waits;
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRecords;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live subscribers of one event-loop instance, by point. Every event of every point reaches the
 * instance once, through its pub/sub connection, and is fanned out here to the local subscribers of
 * that point; points nobody here watches cost one map lookup.
 */
public final class LiveFeeds implements PubSub.Listener {

  /** How long a subscriber's write queue may stay full before it is closed (1008). */
  public static final long STALL_LIMIT_MS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);

  private final Vertx vertx;
  private final Catalog catalog;
  private final HallView hall;
  private final Waits waits;
  private final TicketRecords records;
  private final Metrics metrics;
  private final Clock clock;
  private final Map<String, PointFeed> points = new HashMap<>();
  /** Every subscriber of this event loop, for the heartbeat; the closed ones leave at its next beat. */
  private final List<Subscriber> subscribers = new ArrayList<>();

  public LiveFeeds(Vertx vertx, Catalog catalog, HallView hall, Waits waits, TicketRecords records, Metrics metrics,
      Clock clock) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.hall = hall;
    this.waits = waits;
    this.records = records;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Pings every subscriber each interval and closes those silent for two (Subscriber.heartbeat).
   * Started from the verticle, so the timer goes with it when it is undeployed.
   */
  public void startHeartbeat(int intervalSeconds) {
    long interval = TimeUnit.SECONDS.toNanos(intervalSeconds);
    vertx.setPeriodic(TimeUnit.SECONDS.toMillis(intervalSeconds), id -> {
      long now = System.nanoTime();
      subscribers.removeIf(Subscriber::closed);
      for (Subscriber s : new ArrayList<>(subscribers)) s.heartbeat(now, interval);
    });
  }

  /** A hall display of a known point. */
  void hall(ServerWebSocket ws, Runnable cut, String pointId) {
    point(pointId).addHall(subscribed(new Subscriber(vertx, ws, cut, "hall", metrics, STALL_LIMIT_MS)));
  }

  /** A phone following its ticket. */
  void ticket(ServerWebSocket ws, Runnable cut, Ticket t) {
    Subscriber phone = subscribed(new Subscriber(vertx, ws, cut, "ticket", metrics, STALL_LIMIT_MS));
    point(t.point()).tickets().add(phone, t, catalog.today(clock));
  }

  private Subscriber subscribed(Subscriber s) {
    subscribers.add(s);
    return s;
  }

  /** A message from the pub/sub connection: channel qh:live:<pointId>. */
  @Override
  public void published(String channel, String text) {
    PointFeed feed = points.get(channel.substring(LiveEvents.CHANNEL_PREFIX.length()));
    if (feed == null) return;
    LiveMessage m;
    try {
      m = LiveMessage.parse(text);
    } catch (RuntimeException e) {
      log.warn("live message on {} is not an event, ignored: {}", channel, e.toString());
      return;
    }
    feed.deliver(m);
  }

  /** The pub/sub connection is back: whatever was published meanwhile is lost, so everyone resyncs. */
  @Override
  public void reconnected() {
    for (PointFeed feed : new ArrayList<>(points.values())) feed.reconnected();
  }

  private PointFeed point(String pointId) {
    PointFeed feed = points.get(pointId);
    if (feed == null) {
      feed = new PointFeed(() -> hall.snapshot(pointId, catalog.today(clock)).map(LiveFeeds::snapshot),
          new TicketFeed(vertx, pointId, waits, records), f -> points.remove(pointId, f));
      points.put(pointId, feed);
    }
    return feed;
  }

  private static Snapshot snapshot(JsonObject view) {
    return new Snapshot(view.getString("day"), view.getLong("epoch"), view.getLong("seq"), view);
  }
}
