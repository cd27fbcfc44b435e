package com.queuehall.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a caller should see while a store is away, and waiting (bounded) for it to come back. */
public final class Outages {

  private static final long READY_WAIT_MS = 15_000;
  private static final long READY_POLL_MS = 200;

  private Outages() {}

  /** A 503 application/problem+json that says when to retry. */
  public static void assertUnavailable(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.getHeader("Retry-After")).as("Retry-After").isNotBlank().containsOnlyDigits();
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(503);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  public static HttpResponse<Buffer> ready(TestHall hall) {
    return hall.call(HttpMethod.GET, "/health/ready", null, Map.of(), null);
  }

  /** Polls /health/ready until it answers the status, for a bounded time; returns the last answer. */
  public static HttpResponse<Buffer> awaitReady(TestHall hall, int status) {
    long deadline = System.currentTimeMillis() + READY_WAIT_MS;
    HttpResponse<Buffer> r = ready(hall);
    while (r.statusCode() != status && System.currentTimeMillis() < deadline) {
      sleep(READY_POLL_MS);
      r = ready(hall);
    }
    return r;
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
