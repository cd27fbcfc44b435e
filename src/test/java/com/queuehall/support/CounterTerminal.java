package com.queuehall.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A counter's terminal at a point: opens its session, calls and acts on tickets, expecting success. */
public record CounterTerminal(TestHall hall, String point, String counter) {

  private String base() {
    return "/api/v1/points/" + point + "/counters/" + counter;
  }

  public JsonObject open(String... services) {
    return session("open", services);
  }

  public JsonObject session(String status, String... services) {
    return ok(hall.call(HttpMethod.PUT, base() + "/session", hall.counterToken(point, counter), Map.of(),
        new JsonObject().put("status", status).put("services", new JsonArray(List.of(services))).encode()));
  }

  /** The ticket called. */
  public JsonObject callNext() {
    return ok(hall.call(HttpMethod.POST, base() + "/call-next", hall.counterToken(point, counter), Map.of(), null));
  }

  /** recall, no-show, start, complete. */
  public JsonObject act(String ticketId, String action) {
    return ok(hall.call(HttpMethod.POST, base() + "/tickets/" + ticketId + "/" + action,
        hall.counterToken(point, counter), Map.of(), null));
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
