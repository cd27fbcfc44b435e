package com.queuehall.support;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What Postgres recorded of a ticket: its row and its history of events. */
public final class Records {

  /** One event row of a ticket. */
  public record Event(String type, Instant at, JsonObject data) {}

  private Records() {}

  /** The ticket row, every column, as JSON; null if there is none. */
  public static JsonObject ticket(String id) {
    var rows = Stores.sql("SELECT to_jsonb(t)::text FROM ticket t WHERE id = $1", UUID.fromString(id));
    return rows.size() == 0 ? null : new JsonObject(rows.iterator().next().getString(0));
  }

  public static String status(String id) {
    return ticket(id).getString("status");
  }

  /** The ticket's events, oldest first. */
  public static List<Event> events(String id) {
    List<Event> out = new ArrayList<>();
    for (Row r : Stores.sql("SELECT type, at, data::text FROM event WHERE entity = 'ticket' AND entity_id = $1 "
        + "ORDER BY id", id)) {
      out.add(new Event(r.getString(0), r.getOffsetDateTime(1).toInstant(), new JsonObject(r.getString(2))));
    }
    return out;
  }

  public static List<String> eventTypes(String id) {
    return events(id).stream().map(Event::type).toList();
  }
}
