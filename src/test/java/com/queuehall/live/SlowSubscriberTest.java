package com.queuehall.live;

import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.LiveClient;
import com.queuehall.support.RawWebSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber that stops reading, as a frozen phone or a dead display does. */
class SlowSubscriberTest extends OneHallPerClass {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String FEED = "/api/v1/points/P001/live";
  private static final int MAX_EVENTS = 5_000;
  private static final Duration MAX_TIME = Duration.ofSeconds(60);
  /** The day's state is loaded before anyone subscribes, so no two first reads rebuild it under each other. */
  @BeforeEach
  void openCounters() {
    CounterTerminal.at(hall, "P001", "C01").opens("passport");
  }

  @Test
  @DisplayName("a subscriber that stops reading delays nobody (each event reaches the others within 1 s)"
      + " and is cut once it stays full")
  void stalledIsClosed() throws Exception {
    double dropped = count("queuehall.live.dropped", "slow");
    try (LiveClient display = LiveClient.hall(hall, "P001");
        RawWebSocket frozen = RawWebSocket.open(hall.port(), FEED)) {
      display.next("snapshot", WAIT);
      Duration worst = eventsUntil(display, () -> count("queuehall.live.dropped", "slow") > dropped);
      assertThat(count("queuehall.live.dropped", "slow")).isEqualTo(dropped + 1);
      assertThat(worst).isLessThan(Duration.ofSeconds(1));
      assertThat(frozen.endsWithin(WAIT)).as("the server closed the frozen subscriber's connection").isTrue();
      assertThat(hall.server().metrics().registry().find("queuehall.live.subscribers").tag("feed", "hall")
          .gauge().value()).isEqualTo(1);
      CounterTerminal.at(hall, "P001", "C02").opens("passport");
      display.next(m -> "counter.open".equals(m.getString("type"))
          && "C02".equals(m.getJsonObject("counter").getString("id")), WAIT);
    }
  }

  @Test
  @DisplayName("a subscriber that falls behind and reads again gets a fresh snapshot marked resync,"
      + " then the events after it")
  void drainedIsResynced() throws Exception {
    double stalls = count("queuehall.live.stalls", null);
    try (LiveClient display = LiveClient.hall(hall, "P001");
        RawWebSocket slow = RawWebSocket.open(hall.port(), FEED)) {
      display.next("snapshot", WAIT);
      eventsUntil(display, () -> count("queuehall.live.stalls", null) > stalls);
      JsonObject resync = slow.readUntil(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("resync", false),
          WAIT);
      assertThat(resync).isNotNull();
      CounterTerminal.at(hall, "P001", "C02").opens("passport");
      JsonObject next = slow.readUntil(m -> m.getString("type").startsWith("counter."), WAIT);
      assertThat(next.getLong("seq")).isEqualTo(resync.getLong("seq") + 1);
      assertThat(count("queuehall.live.resyncs", "slow") + count("queuehall.live.resyncs", "overflow")).isPositive();
    }
  }

  /**
   * Counter C01 opens and pauses, one event at a time, until done; the worst delay the display saw
   * (an event, or a fresh snapshot that already holds it).
   */
  private static Duration eventsUntil(LiveClient display, BooleanSupplier done) throws InterruptedException {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    Duration worst = Duration.ZERO;
    for (int i = 0; i < MAX_EVENTS && !done.getAsBoolean() && System.nanoTime() < deadline; i++) {
      long sent = System.nanoTime();
      c01.session(i % 2 == 0 ? "open" : "paused", "passport", "hkmo-permit");
      display.next(m -> m.getString("type").startsWith("counter.") || m.getBoolean("resync", false), WAIT);
      Duration took = Duration.ofNanos(System.nanoTime() - sent);
      if (took.compareTo(worst) > 0) worst = took;
      Thread.sleep(5);
    }
    assertThat(done.getAsBoolean()).as("reached within " + MAX_EVENTS + " events and " + MAX_TIME).isTrue();
    return worst;
  }

  private static double count(String name, String reason) {
    Search search = hall.server().metrics().registry().find(name);
    if (reason != null) search = search.tag("reason", reason);
    Counter c = search.counter();
    return c == null ? 0 : c.count();
  }
}
