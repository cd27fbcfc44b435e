package com.queuehall.live;

import com.queuehall.config.Config;
import com.queuehall.support.LiveClient;
import com.queuehall.support.RawWebSocket;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone that loses its network sends no close: without the server's pings its subscription
 * would last until the server restarted. The vanished peer here is a real socket that completed the
 * handshake and then reads and answers nothing; the live one is a WebSocket client, which answers
 * pings by itself as browsers do.
 */
class HeartbeatTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("with a 1 s heartbeat, a peer that answers no ping is closed within a few seconds,"
      + " and a display that answers stays open")
  void silentPeersAreClosed() throws Exception {
    Stores.reset();
    Config config = Config.fromJson(TestHall.config(TestHall.freePort()).toJson().put("liveHeartbeatSeconds", 1));
    try (TestHall hall = TestHall.start(config);
        LiveClient display = LiveClient.hall(hall, "P001");
        RawWebSocket vanished = RawWebSocket.open(hall.port(), "/api/v1/points/P001/live")) {
      display.next("snapshot", WAIT);
      long began = System.nanoTime();
      assertThat(vanished.endsWithin(Duration.ofSeconds(8))).as("the silent peer's connection was closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThan(Duration.ofMillis(1500));
      Counter silent = hall.server().metrics().registry().find("queuehall.live.dropped").tag("reason", "silent")
          .counter();
      assertThat(silent).isNotNull();
      assertThat(silent.count()).isEqualTo(1);

      display.quietFor(Duration.ofSeconds(3)); // three more beats
      assertThat(display.isClosed()).as("the display answered every ping").isFalse();
      assertThat(hall.server().metrics().registry().find("queuehall.live.subscribers").tag("feed", "hall")
          .gauge().value()).isEqualTo(1);
      display.send("{\"type\":\"ping\"}");
      assertThat(display.next("pong", WAIT)).isNotNull();
    }
  }
}
