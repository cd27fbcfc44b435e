package com.queuehall.live;

import com.queuehall.queue.Waits;
import com.queuehall.queue.Waits.Standing;
import com.queuehall.queue.Waits.Standings;
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ticket subscribers (phones) of one point on this event loop. Each ticket's own events are
 * sent at once (your-turn when called or recalled, its other changes as they are). Events are also
 * taken in batches, in order: the standings of every service a batch touched and a phone waits for
 * are read once, shared by all phones of that service, and a phone hears of its standing only when
 * it moved enough to tell ({@link #moved}). Batches start at most every {@link #MIN_INTERVAL_MS}:
 * each one reads the point's whole queue and orders it, so under a burst of events the phones of a
 * point get one update per interval instead of one per event, and the cost stays bounded by the
 * interval, not the event rate.
 */
final class TicketFeed {

  private static final Logger log = LoggerFactory.getLogger(TicketFeed.class);
  private static final Set<String> OWN_CHANGES =
      Set.of("ticket.issued", "ticket.started", "ticket.completed", "ticket.no-show", "ticket.transferred");

  /** The least time between the starts of two batches of a point (a phone's updates are this fresh). */
  static final long MIN_INTERVAL_MS = 1_000;
  /** The least change of a phone's estimated wait that is sent on its own: a phone shows it in minutes. */
  static final long ESTIMATE_STEP_SECONDS = 60;

  private final Vertx vertx;
  private final String pointId;
  private final Waits waits;
  private final TicketRecords records;
  private final Map<String, Set<TicketWatch>> byTicket = new HashMap<>();
  private final List<LiveMessage> pending = new ArrayList<>();
  private boolean working;
  private long lastBatch = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS);
  private Runnable whenEmpty = () -> { };

  TicketFeed(Vertx vertx, String pointId, Waits waits, TicketRecords records) {
    this.vertx = vertx;
    this.pointId = pointId;
    this.waits = waits;
    this.records = records;
  }

  void whenEmpty(Runnable r) {
    whenEmpty = r;
  }

  boolean isEmpty() {
    return byTicket.isEmpty();
  }

  /** Starts a phone's feed of a ticket of this point, as recorded when it connected. */
  void add(Subscriber s, Ticket t, LocalDate today) {
    TicketWatch w = new TicketWatch(this, s, t.id().toString(), t.day(), t.service(), t.day().equals(today));
    byTicket.computeIfAbsent(w.id, k -> new LinkedHashSet<>()).add(w);
    s.start(w);
  }

  void remove(TicketWatch w) {
    Set<TicketWatch> watches = byTicket.get(w.id);
    if (watches == null) return;
    watches.remove(w);
    if (watches.isEmpty()) byTicket.remove(w.id);
    if (byTicket.isEmpty()) whenEmpty.run();
  }

  void forEach(Consumer<Subscriber> action) {
    List<Subscriber> all = new ArrayList<>();
    for (Set<TicketWatch> watches : byTicket.values()) {
      for (TicketWatch w : watches) all.add(w.subscriber);
    }
    all.forEach(action);
  }

  void deliver(LiveMessage m) {
    if (byTicket.isEmpty()) return;
    own(m);
    pending.add(m);
    if (!working) work();
  }

  /**
   * One batch at a time, at most one per interval. A standing computed in a batch is sent only to
   * phones whose ticket still waits in that service when it is ready, so an own event sent
   * meanwhile (your turn, transferred) is never contradicted by an older standing.
   */
  private void work() {
    if (pending.isEmpty() || byTicket.isEmpty()) {
      pending.clear();
      working = false;
      return;
    }
    working = true;
    long wait = lastBatch + TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS) - System.nanoTime();
    if (wait > 0) {
      vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), t -> batch());
    } else {
      batch();
    }
  }

  private void batch() {
    lastBatch = System.nanoTime();
    if (pending.isEmpty() || byTicket.isEmpty()) {
      work();
      return;
    }
    List<LiveMessage> batch = new ArrayList<>(pending);
    pending.clear();
    Future<?> done;
    try {
      done = process(batch);
    } catch (RuntimeException e) {
      log.error("live events of {} not passed to phones", pointId, e);
      done = Future.succeededFuture();
    }
    done.onComplete(ar -> work());
  }

  /** The standings of the services the batch touched, from one read of the point's queues. */
  private Future<?> process(List<LiveMessage> batch) {
    Set<String> touched = new HashSet<>();
    for (LiveMessage m : batch) touched.addAll(m.services());
    LiveMessage last = batch.get(batch.size() - 1);
    touched.retainAll(waitedFor(last.day()));
    if (touched.isEmpty()) return Future.succeededFuture();
    return waits.standingsAt(pointId, LocalDate.parse(last.day()), touched, byTicket::containsKey)
        .onSuccess(all -> all.forEach((service, st) -> standings(service, st, last)))
        .onFailure(e -> log.warn("standings of {} {} not read: {}", pointId, touched, e.toString()));
  }

  /** The event, to the phones of the ticket it is about. */
  private void own(LiveMessage m) {
    Set<TicketWatch> watches = m.ticketId() == null ? null : byTicket.get(m.ticketId());
    if (watches == null) return;
    Outgoing out;
    if ("ticket.called".equals(m.type()) || "ticket.recalled".equals(m.type())) {
      JsonObject turn = new JsonObject().put("type", "your-turn").put("ticketId", m.ticketId())
          .put("number", m.ticket().getString("number")).put("counter", m.counterId());
      if (m.event().containsKey("recalls")) turn.put("recalls", m.event().getValue("recalls"));
      out = Outgoing.of(m.day(), m.epoch(), m.seq(), turn);
    } else if (OWN_CHANGES.contains(m.type())) {
      out = m.outgoing();
    } else {
      return;
    }
    String status = m.ticket().getString("status");
    for (TicketWatch w : List.copyOf(watches)) {
      w.service = m.ticket().getString("service", w.service);
      w.waiting = "WAITING".equals(status);
      w.last = null;
      w.subscriber.offer(out);
    }
  }

  /** The services a phone of today is waiting for. */
  private Set<String> waitedFor(String day) {
    Set<String> out = new HashSet<>();
    for (Set<TicketWatch> watches : byTicket.values()) {
      for (TicketWatch w : watches) {
        if (w.waiting && w.day.toString().equals(day)) out.add(w.service);
      }
    }
    return out;
  }

  /** A standing message to each phone of the service whose position or estimate moved enough to tell. */
  private void standings(String service, Standings st, LiveMessage last) {
    for (Map.Entry<String, Standing> e : st.byTicket().entrySet()) {
      Set<TicketWatch> watches = byTicket.get(e.getKey());
      if (watches == null) continue;
      Outgoing out = null;
      for (TicketWatch w : List.copyOf(watches)) {
        if (!w.waiting || !service.equals(w.service) || !moved(w.last, e.getValue())) continue;
        if (out == null) {
          out = Outgoing.of(last.day(), last.epoch(), last.seq(), new JsonObject().put("type", "standing")
              .put("ticketId", e.getKey()).put("position", e.getValue().position())
              .put("estimatedWaitSeconds", e.getValue().estimatedWaitSeconds()));
        }
        w.last = e.getValue();
        w.subscriber.offer(out);
      }
    }
  }

  /** Worth telling the phone: its position changed, or its estimate by at least ESTIMATE_STEP_SECONDS. */
  static boolean moved(Standing told, Standing now) {
    return told == null || told.position() != now.position()
        || Math.abs(told.estimatedWaitSeconds() - now.estimatedWaitSeconds()) >= ESTIMATE_STEP_SECONDS;
  }

  /**
   * A phone's snapshot. The queue is read from Redis first, then the ticket from Postgres: events
   * are published after their commit, so the record is at least as new as the seq it is sent with.
   */
  Future<Snapshot> snapshot(TicketWatch w, int attempt) {
    if (!w.today) {
      return records.byId(UUID.fromString(w.id)).map(t -> new Snapshot(w.day.toString(), 0, 0, body(t, null)));
    }
    return waits.standingOf(pointId, w.day, w.service, w.id)
        .compose(st -> records.byId(UUID.fromString(w.id)).compose(t -> {
          if (t == null) return Future.failedFuture("ticket " + w.id + " vanished");
          boolean waiting = "WAITING".equals(t.status());
          if (waiting && !t.service().equals(w.service) && attempt < 3) { // transferred meanwhile
            w.service = t.service();
            return snapshot(w, attempt + 1);
          }
          w.service = t.service();
          w.waiting = waiting;
          w.last = st.standing();
          return Future.succeededFuture(new Snapshot(w.day.toString(), st.epoch(), st.seq(), body(t, w.last)));
        }));
  }

  private static JsonObject body(Ticket t, Standing s) {
    return new JsonObject().put("pointId", t.point())
        .put("ticket", s == null ? t.toJson() : t.toJson(s.position(), s.estimatedWaitSeconds()));
  }

  /** One phone's view of its ticket: where it waits and what it was last told. */
  static final class TicketWatch implements Subscriber.Source {
    private final TicketFeed feed;
    private final Subscriber subscriber;
    private final String id;
    private final LocalDate day;
    private final boolean today;
    private String service;
    private boolean waiting;
    private Standing last;

    TicketWatch(TicketFeed feed, Subscriber subscriber, String id, LocalDate day, String service, boolean today) {
      this.feed = feed;
      this.subscriber = subscriber;
      this.id = id;
      this.day = day;
      this.service = service;
      this.today = today;
    }

    @Override
    public Future<Snapshot> snapshot(Subscriber s) {
      return feed.snapshot(this, 0);
    }

    @Override
    public void left(Subscriber s) {
      feed.remove(this);
    }
  }
}
