package com.queuehall.live;

import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Published;
import com.queuehall.support.LiveClient;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.queuehall.live.HallFeedTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

class ManySubscribersTest {

  /** Each subscriber is two descriptors in this JVM (client and server side): 4,000, well under ulimit -n. */
  private static final int SUBSCRIBERS = 2_000;
  private static final int CONNECTING_AT_ONCE = 200;

  @Test
  @DisplayName("2,000 subscribers of one point all receive the call event, each with the seq after their snapshot")
  void twoThousand() {
    Stores.reset();
    try (TestHall hall = TestHall.start()) {
      CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
      c01.opens("passport");
      JsonObject ticket = issue(hall, "P001", "passport", "many");
      Published.await("P001", 2); // the session's event and the issue's, published after their answers
      List<LiveClient> displays = new ArrayList<>(SUBSCRIBERS);
      try {
        for (int i = 0; i < SUBSCRIBERS; i += CONNECTING_AT_ONCE) {
          List<Future<LiveClient>> batch = new ArrayList<>();
          for (int j = i; j < Math.min(SUBSCRIBERS, i + CONNECTING_AT_ONCE); j++) {
            batch.add(LiveClient.open(hall.port(), "/api/v1/points/P001/live"));
          }
          Stores.await(Future.all(batch));
          batch.forEach(f -> displays.add(f.result()));
        }
        long seq = 0;
        for (LiveClient d : displays) seq = Math.max(seq, d.next("snapshot", Duration.ofSeconds(30)).getLong("seq"));
        assertThat(hall.server().metrics().registry().find("queuehall.live.subscribers").tag("feed", "hall")
            .gauge().value()).isEqualTo(SUBSCRIBERS);

        long before = System.nanoTime();
        c01.next();
        for (LiveClient d : displays) {
          JsonObject called = d.next(Duration.ofSeconds(10));
          assertThat(called.getString("type")).isEqualTo("ticket.called");
          assertThat(called.getJsonObject("ticket").getString("id")).isEqualTo(ticket.getString("id"));
          assertThat(called.getLong("seq")).isEqualTo(seq + 1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
      } finally {
        displays.forEach(LiveClient::close);
      }
    }
  }
}
