package com.queuehall;

import com.queuehall.config.Config;
import com.queuehall.ops.StartFailure;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that cannot start says so at once, naming what it could not use, instead of hanging:
 * a failed start used to close Vert.x before the failure reached the caller, whose wait then never
 * ended. Each store is made unreachable for real: a port where nothing listens.
 */
class StartFailureTest {

  private static Throwable failureOf(Future<Server> start) {
    try {
      start.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the start neither failed nor succeeded within 60 s", e);
    }
    throw new AssertionError("the server started");
  }

  @Test
  @DisplayName("Postgres on a port where nothing listens: the start fails and names Postgres")
  void postgresUnreachable() {
    Config config = TestHall.config(TestHall.freePort())
        .withPgUrl("postgresql://postgres@127.0.0.1:" + TestHall.freePort() + "/queuehall_test");
    Throwable failure = failureOf(Server.start(config));
    assertThat(failure).isInstanceOf(StartFailure.class).hasMessageStartingWith("cannot use Postgres: ")
        .hasMessageContaining("Connection refused");
  }

  @Test
  @DisplayName("Redis on a port where nothing listens: the start fails and names Redis")
  void redisUnreachable() {
    Config config = TestHall.config(TestHall.freePort()).withRedisUrl("redis://127.0.0.1:" + TestHall.freePort());
    Throwable failure = failureOf(Server.start(config));
    assertThat(failure).isInstanceOf(StartFailure.class).hasMessageStartingWith("cannot use Redis: ")
        .hasMessageContaining("Connection refused");
  }

  @Test
  @DisplayName("the HTTP port is taken: the start fails and names the address")
  void portTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Config config = TestHall.config(taken.getLocalPort());
      Throwable failure = failureOf(Server.start(config));
      assertThat(failure).isInstanceOf(StartFailure.class)
          .hasMessageStartingWith("cannot listen on " + config.httpHost() + ":" + taken.getLocalPort());
    }
  }

  @Test
  @DisplayName("after a failed start the same configuration, with the stores reachable, starts")
  void startsOnceFixed() {
    Stores.pg();
    Config config = TestHall.config(TestHall.freePort());
    failureOf(Server.start(config.withRedisUrl("redis://127.0.0.1:" + TestHall.freePort())));
    Server server = Stores.await(Server.start(config));
    assertThat(server.catalog().points()).hasSize(90);
    Stores.await(server.close());
  }
}
