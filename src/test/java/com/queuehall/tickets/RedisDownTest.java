package com.queuehall.tickets;

import com.queuehall.support.Citizens;
import com.queuehall.support.Outages;
import com.queuehall.support.Stores;
import com.queuehall.support.TcpProxy;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/** Redis goes away under a running server (a proxy in front of it is stopped) and comes back. */
class RedisDownTest {

  private static final String POINT = "P001";
  private static final String SERVICE = "passport";
  private static final long MAX_ANSWER_MS = 5_000;

  private TcpProxy redis;

  @BeforeEach
  void setUp() {
    Stores.reset();
    redis = TcpProxy.inFrontOf(Stores.REDIS_URL);
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  private TestHall hallBehindProxy() {
    return TestHall.start(TestHall.config(TestHall.freePort()).withRedisUrl(redis.url(Stores.REDIS_URL)));
  }

  @Test
  @DisplayName("while Redis is away /health/ready answers 503 with redis DOWN and postgres UP")
  void readinessWhileRedisIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(Outages.ready(hall).statusCode()).isEqualTo(200);
      redis.stop();
      HttpResponse<Buffer> r = Outages.awaitReady(hall, 503);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("redis")).isEqualTo("DOWN");
      assertThat(r.bodyAsJsonObject().getString("postgres")).isEqualTo("UP");
    }
  }

  @Test
  @DisplayName("while Redis is away a walk-in answers 503 problem+json with Retry-After, not 500, "
      + "and nothing is recorded")
  void walkInWhileRedisIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(issue(hall, "before-1").statusCode()).isEqualTo(201);
      redis.stop();
      for (int i = 1; i <= 3; i++) {
        long started = System.currentTimeMillis();
        Outages.assertUnavailable(issue(hall, "during-" + i));
        assertThat(System.currentTimeMillis() - started).isLessThan(MAX_ANSWER_MS);
      }
      assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("while Redis is away a booking and the slot list answer 503 problem+json with Retry-After")
  void bookingWhileRedisIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      redis.stop();
      Outages.assertUnavailable(Stores.await(Citizens.book(hall, POINT, SERVICE, TODAY.plusDays(1), "11:00", 1)));
      Outages.assertUnavailable(hall.call(HttpMethod.GET,
          "/api/v1/points/" + POINT + "/slots?service=" + SERVICE, null, Map.of(), null));
      assertThat(Stores.count("SELECT count(*) FROM appointment")).isZero();
    }
  }

  @Test
  @DisplayName("when Redis comes back the same server is ready again and goes on issuing from the next number")
  void walkInAfterRedisReturns() {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(issue(hall, "before-1").bodyAsJsonObject().getString("number")).isEqualTo("A001");
      redis.stop();
      Outages.assertUnavailable(issue(hall, "during-1"));

      redis.start();
      assertThat(Outages.awaitReady(hall, 200).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> r = issue(hall, "during-1");
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo("A002");
    }
  }

  @Test
  @DisplayName("a walk-in whose Redis command is in flight when Redis goes away answers 503, not 500, "
      + "and nothing is recorded")
  void walkInInFlightWhenRedisGoes() throws InterruptedException {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(issue(hall, "before-1").statusCode()).isEqualTo(201);
      // Redis holds every client's commands (not this one's own connection), so the issue waits in it.
      Stores.redis(io.vertx.redis.client.Command.CLIENT, "PAUSE", "3000", "ALL");
      try {
        io.vertx.core.Future<HttpResponse<Buffer>> pending = hall.issue(POINT, SERVICE, "in-flight");
        Thread.sleep(300);
        redis.stop();
        Outages.assertUnavailable(Stores.await(pending));
      } finally {
        Stores.redis(io.vertx.redis.client.Command.CLIENT, "UNPAUSE");
      }
      assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(1);
    }
  }

  private static HttpResponse<Buffer> issue(TestHall hall, String key) {
    return Stores.await(hall.issue(POINT, SERVICE, key));
  }
}
