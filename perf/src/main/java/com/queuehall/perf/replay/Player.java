package com.queuehall.perf.replay;

import com.queuehall.perf.replay.Latencies.Outcome;
import com.queuehall.perf.replay.Trace.Event;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a trace on an open model: each event is sent at its scheduled real time, mapped from the
 * server's clock, whether or not earlier requests have been answered.
 */
final class Player {

  /** Events sent in one pass of the event loop before answers get their turn. */
  static final int EVENTS_PER_PASS = 500;
  /** How many times a hall request answered 503 is asked again. */
  static final int RETRIES_AFTER_503 = 3;

  private final Vertx vertx;
  private final Target target;
  private final Latencies latencies;
  private final Ledger ledger;
  private final Displays displays;
  private final Counters counters;
  private final List<Event> events;
  private final double speed;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong late = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong afterDay = new AtomicLong();
  /** Midnight after the trace's day, in its zone: the server's hall is on the next day's state from then on. */
  private final Instant dayEnd;
  private final Promise<Void> done = Promise.promise();
  private final LoopLag lag = new LoopLag();
  private Instant serverStart;
  private long realStart;
  private volatile int next;

  Player(Vertx vertx, Target target, List<Event> events, double speed, Instant dayEnd, Latencies latencies,
      Ledger ledger, Displays displays) {
    this.vertx = vertx;
    this.dayEnd = dayEnd;
    this.target = target;
    this.events = events;
    this.speed = speed;
    this.latencies = latencies;
    this.ledger = ledger;
    this.displays = displays;
    this.counters = new Counters(this, target, latencies, ledger, displays);
  }

  /** Maps trace time to real time from the server's "now", then plays every event. */
  Future<Void> play(Instant serverNow, long realNow) {
    this.serverStart = serverNow;
    this.realStart = realNow;
    vertx.runOnContext(v -> {
      lag.start(vertx);
      pump();
    });
    return done.future().andThen(ar -> lag.stop());
  }

  /** How late this player's event loop ran while it played. */
  LoopLag lag() {
    return lag;
  }

  /** The real send time (nanoTime) of a virtual instant: t_now_real + (at − server_now) / speed. */
  long realTime(Instant at) {
    return realStart + (long) (Duration.between(serverStart, at).toNanos() / speed);
  }

  /** The virtual instant of a real time (nanoTime): the inverse of realTime. */
  Instant traceTime(long nanos) {
    return serverStart.plusNanos((long) ((nanos - realStart) * speed));
  }

  long realDelay(double virtualSeconds) {
    return (long) (virtualSeconds * 1e9 / speed);
  }

  int dispatched() {
    return next;
  }

  int total() {
    return events.size();
  }

  long late() {
    return late.get();
  }

  long skipped() {
    return skipped.get();
  }

  /** Hall requests answered once the server's clock had passed the trace day's midnight. */
  long afterDay() {
    return afterDay.get();
  }

  /** Real nanoseconds until the last event is due. */
  long remainingNanos() {
    return events.isEmpty() ? 0 : Math.max(0, realTime(events.get(events.size() - 1).at()) - System.nanoTime());
  }

  /**
   * Sends what is due, at most {@link #EVENTS_PER_PASS} events per pass, then lets the event loop
   * read answers before the next pass: a burst (the release's 100,000 bookings in 60 ms at 1000×)
   * would otherwise hold the loop while every answer due meanwhile waits unread.
   */
  private void pump() {
    long now = System.nanoTime();
    int sent = 0;
    while (next < events.size()) {
      Event e = events.get(next);
      long due = realTime(e.at());
      if (due > now + 500_000) {
        vertx.setTimer(Math.max(1, (due - now) / 1_000_000), t -> pump());
        return;
      }
      if (sent++ == EVENTS_PER_PASS) {
        vertx.runOnContext(v -> pump());
        return;
      }
      if (now - due > 10_000_000) late.incrementAndGet();
      next++;
      // Events before the replay began could not have been sent earlier: measure from the start.
      dispatch(e, Math.max(due, realStart));
    }
    settle();
  }

  private void dispatch(Event e, long intended) {
    JsonObject l = e.line();
    switch (e.op()) {
      case "subscribe" -> track(displays.subscribe(e.point(), l.getInteger("displays", 1), intended));
      case "session" -> counters.session(l, intended);
      case "call" -> counters.call(l, intended);
      case "issue" -> issue(l, intended);
      case "book" -> book(l, intended);
      case "checkin" -> checkIn(l, intended);
      default -> skipped.incrementAndGet();
    }
  }

  private void issue(JsonObject l, long intended) {
    String point = l.getString("point");
    JsonObject body = new JsonObject().put("service", l.getString("service"))
        .put("green", l.getBoolean("green", false));
    String ref = l.getString("ref");
    if (l.getString("retryOf") != null) ledger.retry("issue", ref, l.getString("retryOf"));
    boolean expectRefused = l.getString("expect") != null;
    track(send("issue", intended, HttpMethod.POST, "/api/v1/points/" + point + "/tickets", target.kiosk(point),
        Map.of("Idempotency-Key", l.getString("key")), body, expectRefused).andThen(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            JsonObject t = ar.result().bodyAsJsonObject();
            ledger.ticket(ref, t, true);
            if (l.getBoolean("phone", false)) track(displays.phone(t.getString("id"), System.nanoTime()));
          } else if (ar.succeeded() && ar.result().statusCode() / 100 == 4 && l.getString("retryOf") != null) {
            ledger.retryRefused(ref, ar.result().statusCode() + " " + title(ar.result()));
          }
        }));
  }

  private void book(JsonObject l, long intended) {
    JsonObject body = new JsonObject().put("pointId", l.getString("point")).put("service", l.getString("service"))
        .put("day", l.getString("day")).put("slot", l.getString("slot")).put("citizenId", l.getString("citizen"))
        .put("phone", l.getString("phone"));
    String ref = l.getString("ref");
    boolean retry = l.getString("retryOf") != null;
    if (retry) ledger.retry("book", ref, l.getString("retryOf"));
    track(send("book", intended, Target.Client.CITIZENS, HttpMethod.POST, "/api/v1/appointments", null, Map.of(), body,
        retry || l.getString("expect") != null).andThen(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) ledger.booked(ref, ar.result().bodyAsJsonObject());
        }));
  }

  private void checkIn(JsonObject l, long intended) {
    Ledger.Booking booking = ledger.booking(l.getString("booking"));
    if (booking == null) {
      skipped.incrementAndGet();
      return;
    }
    String point = l.getString("point");
    track(send("check-in", intended, HttpMethod.POST, "/api/v1/points/" + point + "/check-ins", target.kiosk(point),
        Map.of(), new JsonObject().put("code", booking.checkInCode()), false).andThen(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            JsonObject t = ar.result().bodyAsJsonObject();
            ledger.ticket(null, t, false);
            if (l.getBoolean("phone", false)) track(displays.phone(t.getString("id"), System.nanoTime()));
          }
        }));
  }

  /** Sends one request from the hall and records its latency from `intended` (see the other send). */
  Future<HttpResponse<Buffer>> send(String op, long intended, HttpMethod method, String path, String token,
      Map<String, String> headers, JsonObject body, boolean refusalExpected) {
    return send(op, intended, Target.Client.HALL, method, path, token, headers, body, refusalExpected);
  }

  /**
   * Sends one request and records its latency from `intended`; 4xx the trace expects count as answers.
   * A hall request answered 503 is asked again after its Retry-After, as a kiosk's or a counter
   * terminal's software would (and a clerk would press again), up to {@link #RETRIES_AFTER_503}
   * times: each 503 counts as an error, and each retry is measured from when it was sent. Without
   * that, one complete refused while Postgres restarts left its counter busy for the rest of the day.
   */
  Future<HttpResponse<Buffer>> send(String op, long intended, Target.Client client, HttpMethod method, String path,
      String token, Map<String, String> headers, JsonObject body, boolean refusalExpected) {
    return attempt(op, intended, client, method, path, token, headers, body, refusalExpected, 0);
  }

  private Future<HttpResponse<Buffer>> attempt(String op, long intended, Target.Client client, HttpMethod method,
      String path, String token, Map<String, String> headers, JsonObject body, boolean refusalExpected, int retries) {
    return answer(op, intended, client, method, path, token, headers, body, refusalExpected).compose(r -> {
      if (client != Target.Client.HALL || r.statusCode() != 503 || retries == RETRIES_AFTER_503) {
        return Future.succeededFuture(r);
      }
      latencies.note(op, "503, asked again after its Retry-After");
      return vertx.timer(retryAfterMillis(r.getHeader("Retry-After"))).compose(t -> attempt(op, System.nanoTime(),
          client, method, path, token, headers, body, refusalExpected, retries + 1));
    });
  }

  /** A Retry-After in seconds, as the server sends it; 1 s when absent or unreadable, at most 10 s. */
  static long retryAfterMillis(String header) {
    if (header == null) return 1000;
    try {
      return Math.min(10_000, Math.max(100, Long.parseLong(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  private Future<HttpResponse<Buffer>> answer(String op, long intended, Target.Client client, HttpMethod method,
      String path, String token, Map<String, String> headers, JsonObject body, boolean refusalExpected) {
    return target.send(client, method, path, token, headers, body).andThen(ar -> {
      long end = System.nanoTime();
      if (client == Target.Client.HALL && serverStart.plusNanos((long) ((end - realStart) * speed)).isAfter(dayEnd)) {
        afterDay.incrementAndGet();
      }
      Outcome outcome;
      if (ar.failed() || ar.result().statusCode() >= 500) outcome = Outcome.ERROR;
      else if (ar.result().statusCode() >= 400 && !refusalExpected) outcome = Outcome.REFUSED;
      else outcome = Outcome.OK;
      latencies.record(op, intended, end, outcome);
      if (outcome != Outcome.OK) latencies.reason(op, ar.failed() ? ar.cause().toString() : ar.result().statusCode()
          + " " + title(ar.result()));
    });
  }

  /**
   * A refusal's problem title, and for a 400 (whose title, "invalid request", says little) its
   * detail too, with every run of digits as one #, so that the same reason on other days, slots or
   * points counts as one: "invalid request: slot #:# today has already begun; pick a later slot".
   */
  private static String title(HttpResponse<Buffer> r) {
    return refusal(r.statusCode(), r.bodyAsString());
  }

  static String refusal(int status, String body) {
    try {
      JsonObject problem = new JsonObject(body);
      String title = problem.getString("title", "");
      String detail = problem.getString("detail");
      if (status != 400 || detail == null) return title;
      String shape = detail.replaceAll("[0-9]+", "#");
      return title + ": " + (shape.length() > 100 ? shape.substring(0, 100) + "…" : shape);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Counts work in flight, so the replay ends only when every answer (and follow-up) is in. */
  <T> Future<T> track(Future<T> work) {
    inFlight.incrementAndGet();
    return work.andThen(ar -> {
      if (inFlight.decrementAndGet() == 0) settle();
    });
  }

  /** Runs `work` at real time `at` (nanoTime), counted as in flight until it completes. */
  void at(long at, java.util.function.Supplier<Future<?>> work) {
    inFlight.incrementAndGet();
    long ms = Math.max(1, (at - System.nanoTime()) / 1_000_000);
    vertx.setTimer(ms, t -> work.get().andThen(ar -> {
      if (inFlight.decrementAndGet() == 0) settle();
    }));
  }

  private void settle() {
    if (next >= events.size() && inFlight.get() == 0) done.tryComplete();
  }
}
