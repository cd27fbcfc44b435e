package com.queuehall.embedded;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.queuehall.Server;
import com.queuehall.config.Config;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run command on a machine with only a JDK: no Postgres or Redis configured, so embedded ones
 * start (from the jars, nothing downloaded), the server runs on them and issues a ticket.
 */
class EmbeddedRunTest {

  private final Logger storesLog = (Logger) LoggerFactory.getLogger(EmbeddedStores.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Vertx clientVertx = Vertx.vertx();

  @BeforeEach
  void captureLog() {
    logged.start();
    storesLog.addAppender(logged);
  }

  @AfterEach
  void release() {
    storesLog.detachAppender(logged);
    Stores.await(clientVertx.close());
  }

  @Test
  @Timeout(180)
  @DisplayName("with no Postgres and no Redis configured, the run command starts embedded ones, says so, "
      + "flushes commits to disk, and issues walk-in ticket A001")
  void runsOnEmbeddedStores() throws Exception {
    Config config = Config.defaults().withHttpPort(TestHall.freePort());
    assertThat(config.pgUrl()).isNull();
    assertThat(config.redisUrl()).isNull();

    try (EmbeddedStores embedded = new EmbeddedStores()) {
      Config filled = embedded.fillIn(config);
      assertThat(filled.pgUrl()).startsWith("postgresql://");
      assertThat(filled.redisUrl()).startsWith("redis://127.0.0.1:");
      // The library's defaults turn both off; an acknowledged ticket must be flushed here too.
      PgConnection pg = Stores.await(PgConnection.connect(clientVertx, PgConnectOptions.fromUri(filled.pgUrl())));
      try {
        for (String setting : List.of("fsync", "synchronous_commit")) {
          assertThat(Stores.await(pg.query("SHOW " + setting).execute()).iterator().next().getString(0))
              .as(setting).isEqualTo("on");
        }
      } finally {
        Stores.await(pg.close());
      }
      Server server = Stores.await(Server.start(filled));
      try {
        HttpResponse<Buffer> r = issueWalkIn(filled);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo("A001");
        assertThat(r.bodyAsJsonObject().getString("kind")).isEqualTo("WALK_IN");
      } finally {
        Stores.await(server.close());
      }
    }
    assertThat(messages()).anyMatch(m -> m.contains("started an EMBEDDED Postgres"))
        .anyMatch(m -> m.contains("started an EMBEDDED Redis"));
  }

  private HttpResponse<Buffer> issueWalkIn(Config config) {
    String token = new Auth(clientVertx, config.jwtKey()).mint(Role.KIOSK, "P001", "K-embedded", 600);
    return Stores.await(WebClient.create(clientVertx)
        .post(config.httpPort(), "127.0.0.1", "/api/v1/points/P001/tickets")
        .timeout(30_000)
        .bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", "embedded-1")
        .sendJsonObject(new JsonObject().put("service", "passport")));
  }

  private List<String> messages() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
