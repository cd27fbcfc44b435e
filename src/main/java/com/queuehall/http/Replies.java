package com.queuehall.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers that send answers, so handlers read as the story of the request. */
public final class Replies {

  private Replies() {}

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonArray body) {
    return ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }

  /** Runs a handler body; a thrown Problem (bad input) fails the context like an async one. */
  public static void guarded(RoutingContext ctx, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }
}
