package com.queuehall.queue;

import com.queuehall.queue.SimulatedDay.Citizen;
import com.queuehall.support.MutableClock;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A discrete-event simulation of one point's day that drives the real server over HTTP. The
 * server's clock is a MutableClock set to each event's time before the event's request, so every
 * timestamp the server records (issued, called, started, finished) is simulated time. Kiosks issue
 * walk-ins as citizens arrive; counters call the next ticket whenever they are free, and the server
 * decides which ticket that is. What each walk-in was told at the kiosk is kept next to when it was
 * actually called.
 */
public final class WaitSimulation {

  /** A walk-in: what the kiosk told it, and when a counter called it (null if never). */
  public record Outcome(Citizen citizen, String ticketId, String number, Instant issuedAt, long position,
      long estimatedSeconds, Instant calledAt) {

    public long actualSeconds() {
      return Duration.between(issuedAt, calledAt).toSeconds();
    }

    /** Estimated minus actual: positive when the kiosk promised too long a wait. */
    public long errorSeconds() {
      return estimatedSeconds - actualSeconds();
    }
  }

  private enum State { IDLE, BUSY, ON_BREAK }

  private static final class Counter {
    final String id;
    final List<String> services;
    final String token;
    State state = State.ON_BREAK;
    Instant idleSince = Instant.MIN;
    boolean breakDue;

    Counter(String id, List<String> services, String token) {
      this.id = id;
      this.services = services;
      this.token = token;
    }
  }

  private record Event(Instant at, long seq, Runnable action) {}

  private final TestHall hall;
  private final MutableClock clock;
  private final SimulatedDay day;
  private final LocalDate date;
  private final String kioskToken;
  private final Map<String, Counter> counters = new LinkedHashMap<>();
  private final Map<String, Outcome> byTicket = new LinkedHashMap<>();
  private final Map<String, Citizen> citizenOf = new HashMap<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::seq));
  private long seq;

  private WaitSimulation(TestHall hall, MutableClock clock, SimulatedDay day) {
    this.hall = hall;
    this.clock = clock;
    this.day = day;
    this.date = LocalDate.ofInstant(clock.instant(), TestHall.ZONE);
    this.kioskToken = hall.kioskToken(day.point());
    day.counters().forEach((id, services) ->
        counters.put(id, new Counter(id, services, hall.counterToken(day.point(), id))));
  }

  /**
   * Plays the day on a server whose clock is this one and whose stores are empty; the clock's date
   * is the day played. Returns every walk-in in order of issue; the day runs until every queue is
   * empty, and then the counters close.
   */
  public static List<Outcome> run(TestHall hall, MutableClock clock, SimulatedDay day) {
    return new WaitSimulation(hall, clock, day).play();
  }

  private List<Outcome> play() {
    List<Citizen> citizens = day.citizens();
    clock.set(at(day.open().minusMinutes(30)));
    for (String service : day.mix().keySet()) {
      JsonObject quota = new JsonObject().put("walkIn", citizens.size());
      expect(hall.setQuota(day.point(), service, date, quota), 200, "raise the walk-in quota of " + service);
    }
    counters.values().forEach(c -> schedule(day.open(), () -> reopen(c)));
    // In counter order: events at the same time run in the order they were scheduled.
    counters.values().stream().filter(c -> day.breaks().containsKey(c.id)).forEach(c -> {
      schedule(day.breaks().get(c.id)[0], () -> breakStarts(c));
      schedule(day.breaks().get(c.id)[1], () -> breakEnds(c));
    });
    citizens.forEach(c -> schedule(c.arrival(), () -> arrive(c)));
    while (!events.isEmpty()) {
      Event e = events.poll();
      clock.set(e.at());
      e.action().run();
    }
    counters.values().forEach(c -> session(c, "closed"));
    return new ArrayList<>(byTicket.values());
  }

  private void arrive(Citizen c) {
    HttpResponse<Buffer> r = hall.call(HttpMethod.POST, "/api/v1/points/" + day.point() + "/tickets", kioskToken,
        Map.of("Idempotency-Key", "sim-" + day.seed() + "-" + c.n()),
        new JsonObject().put("service", c.service()).encode());
    JsonObject t = expect(r, 201, "issue a walk-in for " + c.service());
    String id = t.getString("id");
    citizenOf.put(id, c);
    byTicket.put(id, new Outcome(c, id, t.getString("number"), instant(t.getString("issuedAt")), t.getLong("position"),
        t.getLong("estimatedWaitSeconds"), null));
    counters.values().stream()
        .filter(k -> k.state == State.IDLE && k.services.contains(c.service()))
        .min(Comparator.comparing((Counter k) -> k.idleSince).thenComparing(k -> k.id))
        .ifPresent(this::callNext);
  }

  private void callNext(Counter c) {
    HttpResponse<Buffer> r = counter(c, HttpMethod.POST, "/call-next", null);
    if (r.statusCode() == 204) {
      c.state = State.IDLE;
      c.idleSince = clock.instant();
      return;
    }
    JsonObject t = expect(r, 200, c.id + " calls next");
    c.state = State.BUSY;
    String id = t.getString("id");
    byTicket.computeIfPresent(id, (k, o) -> new Outcome(o.citizen(), o.ticketId(), o.number(), o.issuedAt(),
        o.position(), o.estimatedSeconds(), instant(t.getString("calledAt"))));
    Citizen citizen = citizenOf.get(id);
    if (citizen.noShow()) {
      // Nobody comes: the clerk recalls twice, a minute apart, then marks the ticket no-show.
      scheduleIn(Duration.ofMinutes(1), () -> act(c, id, "recall"));
      scheduleIn(Duration.ofMinutes(2), () -> act(c, id, "recall"));
      scheduleIn(Duration.ofMinutes(3), () -> {
        act(c, id, "no-show");
        free(c);
      });
    } else {
      scheduleIn(citizen.walkUp(), () -> {
        act(c, id, "start");
        scheduleIn(citizen.serviceTime(), () -> {
          act(c, id, "complete");
          free(c);
        });
      });
    }
  }

  /** The counter has nothing in hand: it takes its break if one is due, else calls the next ticket. */
  private void free(Counter c) {
    if (c.breakDue) pause(c);
    else callNext(c);
  }

  private void breakStarts(Counter c) {
    if (c.state == State.BUSY) c.breakDue = true;
    else pause(c);
  }

  private void breakEnds(Counter c) {
    c.breakDue = false;
    if (c.state == State.ON_BREAK) reopen(c);
  }

  private void pause(Counter c) {
    c.breakDue = false;
    session(c, "paused");
    c.state = State.ON_BREAK;
  }

  private void reopen(Counter c) {
    session(c, "open");
    callNext(c);
  }

  private void session(Counter c, String status) {
    String body = new JsonObject().put("services", new JsonArray(c.services)).put("status", status).encode();
    expect(counter(c, HttpMethod.PUT, "/session", body), 200, c.id + " " + status);
  }

  private void act(Counter c, String ticketId, String action) {
    expect(counter(c, HttpMethod.POST, "/tickets/" + ticketId + "/" + action, null), 200, c.id + " " + action);
  }

  private HttpResponse<Buffer> counter(Counter c, HttpMethod method, String path, String body) {
    return hall.call(method, "/api/v1/points/" + day.point() + "/counters/" + c.id + path, c.token, Map.of(), body);
  }

  private void schedule(LocalTime time, Runnable action) {
    events.add(new Event(at(time), seq++, action));
  }

  private void scheduleIn(Duration after, Runnable action) {
    events.add(new Event(clock.instant().plus(after), seq++, action));
  }

  private Instant at(LocalTime time) {
    return date.atTime(time).atZone(TestHall.ZONE).toInstant();
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }

  private static JsonObject expect(HttpResponse<Buffer> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": expected " + status + ", got " + r.statusCode() + " "
          + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }
}
