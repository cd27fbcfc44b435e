package com.queuehall.live;

import com.queuehall.support.Stores;
import com.queuehall.support.TcpProxy;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live pub/sub connection against the real Redis, through a proxy the test can stop. Its PING
 * runs every 100 ms with a 300 ms deadline here (5 s and 3 s in the server), so a healthy
 * connection is pinged many times within the test and must never be taken for a lost one.
 */
class PubSubTest {

  private static final long PING_EVERY_MS = 100;
  private static final long PING_TIMEOUT_MS = 300;

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger reconnections = new AtomicInteger();
  private Vertx vertx;
  private TcpProxy proxy;
  private PubSub pubSub;

  @BeforeEach
  void start() {
    // With metrics on, as the server runs it: the Redis client then tracks each request.
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(new SimpleMeterRegistry())).build();
    proxy = TcpProxy.inFrontOf(Stores.REDIS_URL);
    PubSub.Listener listener = new PubSub.Listener() {
      @Override
      public void published(String channel, String message) {
        messages.add(channel + " " + message);
      }

      @Override
      public void reconnected() {
        reconnections.incrementAndGet();
      }
    };
    pubSub = new PubSub(vertx, proxy.url(Stores.REDIS_URL), "redis-live-test", listener, PING_EVERY_MS,
        PING_TIMEOUT_MS);
    // On one event loop, as in the server: the PING timer and the connection's handlers share it.
    Promise<Void> started = Promise.promise();
    vertx.runOnContext(v -> pubSub.start().onComplete(started));
    Stores.await(started.future());
  }

  @AfterEach
  void stop() {
    Stores.await(pubSub.stop());
    proxy.close();
    Stores.await(vertx.close());
  }

  @Test
  @DisplayName("a healthy connection answers every PING in time: twenty rounds and no reconnection, messages arrive")
  void healthyConnectionStays() throws InterruptedException {
    Thread.sleep(20 * PING_EVERY_MS);
    Stores.redis(Command.PUBLISH, LiveEvents.channel("P001"), "{\"seq\":1}");
    waitFor(() -> !messages.isEmpty());
    assertThat(reconnections).hasValue(0);
    assertThat(messages).containsExactly(LiveEvents.channel("P001") + " {\"seq\":1}");
  }

  @Test
  @DisplayName("a connection Redis drops is reconnected once Redis is back, the listener is told, "
      + "and messages flow again")
  void droppedConnectionComesBack() throws InterruptedException {
    proxy.stop();
    Thread.sleep(3 * PING_EVERY_MS);
    assertThat(reconnections).hasValue(0);
    proxy.start();
    waitFor(() -> reconnections.get() == 1);
    Stores.redis(Command.PUBLISH, LiveEvents.channel("P002"), "{\"seq\":7}");
    waitFor(() -> !messages.isEmpty());
    assertThat(messages).containsExactly(LiveEvents.channel("P002") + " {\"seq\":7}");
    Thread.sleep(10 * PING_EVERY_MS);
    assertThat(reconnections).as("no further reconnection once back").hasValue(1);
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
