package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.queuehall.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The open model's queue in front of each client's connections, against a loopback HTTP server. */
class TargetTest {

  private static final int CITIZEN_CONNECTIONS = 4;
  private static final int BOOKINGS = 200;

  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final List<Integer> arrivals = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // Each request is answered 5 ms after it arrives, so requests pile up behind the connections.
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      int now = inFlight.incrementAndGet();
      mostInFlight.accumulateAndGet(now, Math::max);
      synchronized (arrivals) {
        arrivals.add(new JsonObject(body).getInteger("n"));
      }
      vertx.setTimer(5, t -> {
        inFlight.decrementAndGet();
        req.response().putHeader("Content-Type", "application/json").end("{}");
      });
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a burst of bookings waits in order for the citizens' connections, never more in flight than there are")
  void burstWaitsForItsConnections() throws Exception {
    Target target = new Target(vertx, "http://127.0.0.1:" + server.actualPort(), Config.DEV_JWT_KEY, 8,
        CITIZEN_CONNECTIONS);
    CompletableFuture<List<Integer>> statuses = new CompletableFuture<>();
    // Sent from one event loop in one pass, as the replayer's pump sends the release.
    vertx.runOnContext(v -> {
      List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
      for (int i = 0; i < BOOKINGS; i++) {
        all.add(target.send(Target.Client.CITIZENS, HttpMethod.POST, "/api/v1/appointments", null, Map.of(),
            new JsonObject().put("n", i)));
      }
      Future.all(all).onComplete(ar -> statuses.complete(all.stream()
          .map(f -> f.succeeded() ? f.result().statusCode() : -1).toList()));
    });

    assertThat(statuses.get(60, TimeUnit.SECONDS)).hasSize(BOOKINGS).containsOnly(200);
    assertThat(mostInFlight.get()).isBetween(2, CITIZEN_CONNECTIONS);
    synchronized (arrivals) {
      // Requests start in the order they were due; on up to four connections at once, each one
      // arrives at most a few places from its turn.
      assertThat(arrivals).hasSize(BOOKINGS);
      for (int i = 0; i < BOOKINGS; i++) assertThat(Math.abs(arrivals.get(i) - i)).isLessThan(CITIZEN_CONNECTIONS);
    }
    target.close();
  }
}
