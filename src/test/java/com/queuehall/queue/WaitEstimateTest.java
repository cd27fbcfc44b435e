package com.queuehall.queue;

import com.queuehall.support.MutableClock;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

class WaitEstimateTest {

  private static final Map<String, Double> SECONDS = Map.of("passport", 480.0, "hkmo-permit", 360.0,
      "hkmo-endorsement", 180.0);

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("with counters dedicated to one service, the wait is service time × (position − 0.5) ÷ open counters")
  void dedicatedCounters() {
    WaitEstimate e = new WaitEstimate(SECONDS, List.of(Set.of("passport"), Set.of("passport"), Set.of("hkmo-permit")));
    assertThat(e.seconds("passport", Map.of("passport", 3L, "hkmo-permit", 9L))).isEqualTo(Math.round(480 * 3.5 / 2));
    assertThat(e.seconds("passport", Map.of())).isEqualTo(120);
  }

  @Test
  @DisplayName("another service's tickets ahead count by the share of their counters that also serve this one")
  void sharedCounters() {
    // C01 serves passport and permits, C03 permits and endorsements: half the permit work falls on C03.
    WaitEstimate e = new WaitEstimate(SECONDS, List.of(Set.of("passport", "hkmo-permit"),
        Set.of("hkmo-permit", "hkmo-endorsement")));
    assertThat(e.seconds("hkmo-endorsement", Map.of("hkmo-endorsement", 1L, "hkmo-permit", 4L, "passport", 2L)))
        .isEqualTo(Math.round(0.5 * 180 + 180 + 4 * 360 * 0.5));
  }

  @Test
  @DisplayName("with no counter open for the service, one is assumed and other services are not counted")
  void noCounterOpen() {
    WaitEstimate e = new WaitEstimate(SECONDS, List.of(Set.of("passport")));
    assertThat(e.seconds("hkmo-endorsement", Map.of("hkmo-endorsement", 2L, "passport", 5L))).isEqualTo(450);
  }

  @Test
  @DisplayName("an endorsement behind four permits at a counter serving both is told it waits for the permits, "
      + "and GET /tickets/{id} says the same")
  void issueAndReadAgree() {
    MutableClock clock = MutableClock.atTenToday();
    try (TestHall hall = TestHall.start(TestHall.config(TestHall.freePort()), clock)) {
      for (String counter : List.of("C01", "C02", "C03", "C04", "C05", "C06")) {
        boolean open = counter.equals("C03");
        JsonObject body = new JsonObject().put("status", open ? "open" : "closed")
            .put("services", new JsonArray(List.of("hkmo-permit", "hkmo-endorsement")));
        assertThat(hall.call(HttpMethod.PUT, "/api/v1/points/P001/counters/" + counter + "/session",
            hall.counterToken("P001", counter), Map.of(), body.encode()).statusCode()).isEqualTo(200);
      }
      for (int i = 0; i < 4; i++) {
        clock.advance(Duration.ofSeconds(10));
        assertThat(Stores.await(hall.issue("P001", "hkmo-permit", "permit-" + i)).statusCode()).isEqualTo(201);
      }
      clock.advance(Duration.ofSeconds(10));
      HttpResponse<Buffer> issued = Stores.await(hall.issue("P001", "hkmo-endorsement", "endorsement"));

      JsonObject ticket = issued.bodyAsJsonObject();
      long expected = Math.round(0.5 * 180 + 4 * 360);
      assertThat(ticket.getLong("position")).isEqualTo(1);
      assertThat(ticket.getLong("estimatedWaitSeconds")).isEqualTo(expected);
      JsonObject read = hall.call(HttpMethod.GET, "/api/v1/tickets/" + ticket.getString("id"), null, Map.of(), null)
          .bodyAsJsonObject();
      assertThat(read.getLong("position")).isEqualTo(1);
      assertThat(read.getLong("estimatedWaitSeconds")).isEqualTo(expected);
      assertThat(Stores.count("SELECT count(*) FROM ticket WHERE point_id = 'P001' AND day = $1", TODAY)).isEqualTo(5);
    }
  }
}
