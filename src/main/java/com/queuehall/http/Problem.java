package com.queuehall.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure the caller can act on, carried as an exception until {@link Problems} writes it as
 * RFC 9457 application/problem+json. Never carries a stack trace to the client.
 */
public final class Problem extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonObject extra;
  private final Integer retryAfterSeconds;

  private Problem(int status, String title, String detail, JsonObject extra, Integer retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extra = extra == null ? new JsonObject() : extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static Problem of(int status, String title, String detail) {
    return new Problem(status, title, detail, null, null);
  }

  public static Problem badRequest(String detail) {
    return of(400, "invalid request", detail);
  }

  public static Problem notFound(String title, String detail) {
    return of(404, title, detail);
  }

  public static Problem conflict(String title, String detail) {
    return of(409, title, detail);
  }

  public static Problem unavailable(String detail, int retryAfterSeconds) {
    return new Problem(503, "service temporarily unavailable", detail, null, retryAfterSeconds);
  }

  public Problem with(String field, Object value) {
    extra.put(field, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toJson(String instance) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (instance != null) body.put("instance", instance);
    return body.mergeIn(extra);
  }
}
