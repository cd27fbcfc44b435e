package com.queuehall.ops;

import com.queuehall.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
public final class OpsRoutes {

  private static final long READY_TIMEOUT_MS = 2_000;
  private static final Buffer LIVE = new JsonObject().put("status", "UP").toBuffer();
  static final Buffer OPENAPI = openApi();

  private final Pool pool;
  private final Redis redis;
  private final Metrics metrics;
  private final java.time.Clock clock;

  public OpsRoutes(Pool pool, Redis redis, Metrics metrics, java.time.Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.redis = redis;
    this.metrics = metrics;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    router.get("/openapi.yaml").handler(this::openapi);
  }

  private void live(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(LIVE);
  }

  /** Ready only while both stores answer: a load balancer takes the instance out otherwise. */
  private void ready(RoutingContext ctx) {
    Future<String> pg = pool.query("SELECT 1").execute().map("UP")
        .timeout(READY_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture("DOWN"));
    Future<String> rd = redis.send(Request.cmd(Command.PING)).map("UP")
        .timeout(READY_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture("DOWN"));
    Future.all(pg, rd).onComplete(ar -> {
      boolean up = "UP".equals(pg.result()) && "UP".equals(rd.result());
      Replies.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN")
          .put("postgres", pg.result()).put("redis", rd.result()).put("now", clock.instant().toString()));
    });
  }

  private void openapi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml").end(OPENAPI);
  }

  private static Buffer openApi() {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
