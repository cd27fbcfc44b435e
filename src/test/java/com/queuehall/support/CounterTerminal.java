package com.queuehall.support;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal at one counter of a point: its session, its calls and what it does with a ticket. */
public final class CounterTerminal {

  private final TestHall hall;
  private final String point;
  private final String counter;
  private final String token;

  private CounterTerminal(TestHall hall, String point, String counter) {
    this.hall = hall;
    this.point = point;
    this.counter = counter;
    this.token = hall.counterToken(point, counter);
  }

  public static CounterTerminal at(TestHall hall, String point, String counter) {
    return new CounterTerminal(hall, point, counter);
  }

  public String id() {
    return counter;
  }

  private String base() {
    return "/api/v1/points/" + point + "/counters/" + counter;
  }

  public HttpResponse<Buffer> session(String status, String... services) {
    return Stores.await(sendSession(status, services));
  }

  public Future<HttpResponse<Buffer>> sendSession(String status, String... services) {
    JsonObject body = new JsonObject().put("status", status).put("services", new JsonArray(List.of(services)));
    return hall.send(HttpMethod.PUT, base() + "/session", token, Map.of(), body.encode());
  }

  /** Opens the counter for these services; the answer must be 200. */
  public CounterTerminal opens(String... services) {
    HttpResponse<Buffer> r = session("open", services);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return this;
  }

  public Future<HttpResponse<Buffer>> sendCallNext() {
    return hall.send(HttpMethod.POST, base() + "/call-next", token, Map.of(), null);
  }

  public HttpResponse<Buffer> callNext() {
    return Stores.await(sendCallNext());
  }

  public HttpResponse<Buffer> call(String number) {
    String body = new JsonObject().put("number", number).encode();
    return hall.call(HttpMethod.POST, base() + "/call", token, Map.of(), body);
  }

  /** recall, no-show, start, complete or transfer (with a body) of a ticket. */
  public Future<HttpResponse<Buffer>> send(String action, String ticketId, JsonObject body) {
    return hall.send(HttpMethod.POST, base() + "/tickets/" + ticketId + "/" + action, token, Map.of(),
        body == null ? null : body.encode());
  }

  public HttpResponse<Buffer> act(String action, String ticketId) {
    return Stores.await(send(action, ticketId, null));
  }

  public HttpResponse<Buffer> transfer(String ticketId, String service) {
    return Stores.await(send("transfer", ticketId, new JsonObject().put("service", service)));
  }

  /** The ticket call-next gives (200), or null when nobody waits (204). */
  public JsonObject next() {
    HttpResponse<Buffer> r = callNext();
    if (r.statusCode() == 204) return null;
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** Starts and completes a ticket in hand; both must answer 200. */
  public void serve(String ticketId) {
    for (String action : List.of("start", "complete")) {
      HttpResponse<Buffer> r = act(action, ticketId);
      assertThat(r.statusCode()).as(action + " " + r.bodyAsString()).isEqualTo(200);
    }
  }

  /** Calls and serves until nobody waits; the numbers in the order they were called. */
  public List<String> callAll() {
    List<String> numbers = new ArrayList<>();
    for (JsonObject t = next(); t != null; t = next()) {
      numbers.add(t.getString("number"));
      serve(t.getString("id"));
    }
    return numbers;
  }
}
