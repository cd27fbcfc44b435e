package com.queuehall.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every refusal must look like: problem+json that says what is wrong, leaks nothing, writes nothing. */
public final class Refusals {

  private Refusals() {}

  /** Asserts an RFC 9457 answer with this status, a title and a detail, and no stack trace; returns it. */
  public static JsonObject assertProblem(HttpResponse<Buffer> r, int status) {
    String text = r.bodyAsString();
    assertThat(r.statusCode()).as(text).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).as(text).isEqualTo("application/problem+json");
    assertThat(text).doesNotContain("Exception").doesNotContain("at com.");
    JsonObject problem = new JsonObject(text);
    assertThat(problem.getString("title")).as(text).isNotBlank();
    assertThat(problem.getString("detail")).as(text).isNotBlank();
    assertThat(problem.getInteger("status")).as(text).isEqualTo(status);
    return problem;
  }

  /** No ticket, appointment, event or quota row exists. */
  public static void assertNothingWritten() {
    Row r = Stores.sql("SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM appointment), "
        + "(SELECT count(*) FROM event), (SELECT count(*) FROM quota)").iterator().next();
    assertThat(Map.of("ticket", r.getLong(0), "appointment", r.getLong(1), "event", r.getLong(2),
            "quota", r.getLong(3)))
        .isEqualTo(Map.of("ticket", 0L, "appointment", 0L, "event", 0L, "quota", 0L));
  }
}
