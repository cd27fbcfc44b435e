package com.queuehall.tickets;

import com.queuehall.config.Config;
import com.queuehall.support.EpochLock;
import com.queuehall.support.Refusals;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postgres answers, but a write cannot finish: a transaction elsewhere holds the point-day's epoch
 * row, which every ticket insert share-locks (an operator's open transaction, a stuck migration).
 * The kiosk gets 503 within the statement timeout, not an answer that never comes, and its number
 * goes back.
 */
class StatementTimeoutTest {

  @Test
  @DisplayName("a walk-in blocked on a lock past QH_PG_STATEMENT_TIMEOUT_MS answers 503 with Retry-After,"
      + " records nothing, and its retry after the lock is gone gets the number back")
  void blockedWriteTimesOut() throws Exception {
    Stores.reset();
    Config config = Config.fromJson(TestHall.config(TestHall.freePort()).toJson().put("pgStatementTimeoutMs", 1000));
    try (TestHall hall = TestHall.start(config)) {
      assertThat(Stores.await(hall.issue("P001", "passport", "first")).statusCode()).isEqualTo(201);

      try (EpochLock lock = EpochLock.hold("P001", TODAY)) {
        long sent = System.nanoTime();
        HttpResponse<Buffer> blocked = Stores.await(hall.issue("P001", "passport", "blocked"));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        Refusals.assertProblem(blocked, 503);
        assertThat(blocked.getHeader("Retry-After")).isEqualTo("1");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        assertThat(Stores.count("SELECT count(*) FROM ticket WHERE idempotency_key = 'blocked'")).isZero();
      }

      HttpResponse<Buffer> retried = Stores.await(hall.issue("P001", "passport", "blocked"));
      assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
      assertThat(retried.bodyAsJsonObject().getString("number")).as("the released number, issued again")
          .isEqualTo("A002");
      assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(2);
    }
  }
}
