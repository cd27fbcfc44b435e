package com.queuehall;

import com.queuehall.config.Config;
import com.queuehall.support.EpochLock;
import com.queuehall.support.LiveClient;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart: the stopping server answers what it already took, tells its live feeds to go
 * elsewhere, and takes nothing new. The request in flight is held for real, by a transaction that
 * locks the point-day's epoch row its insert must share-lock.
 */
class GracefulShutdownTest {

  @Test
  @DisplayName("a stop answers the walk-in being committed (201, in Postgres), closes displays with 1001 at once,"
      + " and refuses new connections")
  void stopFinishesWhatItTook() throws Exception {
    Stores.reset();
    Config config = Config.fromJson(TestHall.config(TestHall.freePort()).toJson().put("shutdownGraceSeconds", 20));
    TestHall hall = TestHall.start(config);
    boolean closed = false;
    try {
      assertThat(Stores.await(hall.issue("P001", "passport", "before-the-stop")).statusCode()).isEqualTo(201);
      LiveClient display = LiveClient.hall(hall, "P001");
      display.next("snapshot", Duration.ofSeconds(10));

      EpochLock lock = EpochLock.hold("P001", TODAY);
      Future<HttpResponse<Buffer>> inFlight = hall.issue("P001", "passport", "in-flight");
      awaitWaitingOnALock();

      long stopAt = System.nanoTime();
      Future<Void> stopping = hall.server().close();
      closed = true;
      LiveClient.Closed how = display.awaitClose(Duration.ofSeconds(5));
      assertThat(how.code()).isEqualTo((short) 1001);
      assertThat(how.reason()).contains("shutting down");
      assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(5));
      assertThat(refusesNewConnections(hall)).as("a new connection during the stop").isTrue();
      assertThat(inFlight.isComplete()).as("the walk-in waits for its commit").isFalse();
      assertThat(stopping.isComplete()).as("the stop waits for the walk-in").isFalse();

      lock.close();
      HttpResponse<Buffer> answer = Stores.await(inFlight);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
      assertThat(answer.bodyAsJsonObject().getString("number")).isEqualTo("A002");
      Stores.await(stopping);
      assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).as("the stop ends with its last request, not its grace")
          .isLessThan(Duration.ofSeconds(15));
      assertThat(Stores.count("SELECT count(*) FROM ticket WHERE idempotency_key = 'in-flight'")).isEqualTo(1);
    } finally {
      if (!closed) hall.close();
    }
  }

  private static void awaitWaitingOnALock() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (Stores.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
          + " AND datname = current_database()") > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the walk-in never waited on the locked epoch row");
  }

  private static boolean refusesNewConnections(TestHall hall) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      Future<HttpResponse<Buffer>> probe = hall.send(HttpMethod.GET, "/health/live", null, Map.of(), null);
      try {
        Stores.await(probe);
      } catch (IllegalStateException refused) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
