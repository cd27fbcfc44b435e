package com.queuehall.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy the fault tests use to take a store away: it must really cut, and really come back. */
class TcpProxyTest {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
  private TcpProxy proxy;

  @BeforeEach
  void start() {
    proxy = TcpProxy.inFrontOf(Stores.REDIS_URL);
  }

  @AfterEach
  void stop() {
    proxy.close();
    Stores.await(vertx.close());
  }

  @Test
  @DisplayName("the proxy forwards both ways: a PING through it gets Redis's PONG")
  void forwards() {
    NetSocket socket = Stores.await(client.connect(proxy.port(), "127.0.0.1"));
    assertThat(ping(socket)).isEqualTo("+PONG\r\n");
  }

  @Test
  @DisplayName("stop closes the connections already open through the proxy and refuses new ones")
  void stopCutsOpenConnections() throws Exception {
    NetSocket socket = Stores.await(client.connect(proxy.port(), "127.0.0.1"));
    assertThat(ping(socket)).isEqualTo("+PONG\r\n");
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete());

    proxy.stop();
    closed.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> Stores.await(client.connect(proxy.port(), "127.0.0.1")))
        .hasMessageContaining("Connection refused");
  }

  @Test
  @DisplayName("start after stop listens on the same port again")
  void startsAgainOnTheSamePort() {
    int port = proxy.port();
    proxy.stop();
    proxy.start();
    assertThat(proxy.port()).isEqualTo(port);
    assertThat(ping(Stores.await(client.connect(port, "127.0.0.1")))).isEqualTo("+PONG\r\n");
  }

  @Test
  @DisplayName("the proxy fronts only loopback stores")
  void loopbackOnly() {
    assertThatThrownBy(() -> TcpProxy.inFrontOf("redis://192.0.2.1:6379")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String ping(NetSocket socket) {
    Promise<Buffer> answer = Promise.promise();
    socket.handler(answer::tryComplete);
    socket.write("PING\r\n");
    return Stores.await(answer.future()).toString();
  }
}
