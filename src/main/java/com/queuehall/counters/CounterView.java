package com.queuehall.counters;

import com.queuehall.catalog.Catalog.Counter;
import com.queuehall.catalog.Catalog.Point;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A counter as a hall display shows it: {id, status, services, ticket: {id, number, status} or null}. */
public final class CounterView {

  private CounterView() {}

  public static JsonObject ticket(UUID id, String number, String status) {
    return new JsonObject().put("id", id.toString()).put("number", number).put("status", status);
  }

  public static JsonObject counter(String id, String status, List<String> services, JsonObject ticket) {
    return new JsonObject().put("id", id).put("status", status).put("services", new JsonArray(services))
        .put("ticket", ticket);
  }

  /**
   * The hall hash of a point: counter:<id> → JSON. Counters without a session are closed, with the
   * services the catalog gives them.
   */
  public static JsonObject hall(Point point, Iterable<Row> sessions, Map<String, JsonObject> calling) {
    Map<String, Row> byCounter = new HashMap<>();
    for (Row r : sessions) byCounter.put(r.getString("counter_id"), r);
    JsonObject hall = new JsonObject();
    for (Counter c : point.counters()) {
      Row r = byCounter.get(c.id());
      String status = r == null ? "closed" : r.getString("status");
      List<String> services = r == null ? c.services() : List.of(r.getArrayOfStrings("services"));
      hall.put("counter:" + c.id(), counter(c.id(), status, services, calling.get(c.id())).encode());
    }
    return hall;
  }
}
