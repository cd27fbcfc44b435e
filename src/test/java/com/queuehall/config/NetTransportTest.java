package com.queuehall.config;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetTransportTest {

  @ParameterizedTest
  @ValueSource(strings = {NetTransport.IO_URING, NetTransport.NIO})
  @DisplayName("each transport QH_TRANSPORT names carries HTTP both ways; io_uring falls back to NIO where the kernel refuses it")
  void carriesTraffic(String name) throws Exception {
    Transport picked = NetTransport.pick(name);
    Transport expected = name.equals(NetTransport.NIO) || !Transport.IO_URING.available() ? Transport.NIO : Transport.IO_URING;
    assertThat(picked).isSameAs(expected);
    Vertx vertx = Vertx.builder().withTransport(picked).build();
    try {
      HttpServer server = vertx.createHttpServer()
          .requestHandler(req -> req.body().onSuccess(b -> req.response().end("echo " + b)))
          .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String answer = vertx.createHttpClient()
          .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/")
          .compose(req -> req.send("over " + picked.name()).compose(resp -> resp.body()))
          .await(10, TimeUnit.SECONDS).toString();
      assertThat(answer).isEqualTo("echo over " + picked.name());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @org.junit.jupiter.api.Test
  @DisplayName("an unknown transport is refused with the names that are known")
  void unknown() {
    assertThatThrownBy(() -> NetTransport.pick("epoll")).hasMessageContaining("io_uring, nio");
  }
}
