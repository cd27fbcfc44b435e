package com.queuehall.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * A live event as publish.lua sent it, {"seq":N,"epoch":E,"type":...}: parsed once per server
 * instance, and forwarded as the very bytes Redis delivered.
 */
record LiveMessage(JsonObject event, Outgoing outgoing) {

  /** The event, or an IllegalArgumentException when it is not JSON or lacks its day, epoch or seq. */
  static LiveMessage parse(String text) {
    JsonObject event = new JsonObject(text);
    if (event.getString("day") == null || !(event.getValue("epoch") instanceof Number)
        || !(event.getValue("seq") instanceof Number)) {
      throw new IllegalArgumentException("not a numbered event of a day");
    }
    return new LiveMessage(event, new Outgoing(event.getString("day"), event.getLong("epoch", 0L),
        event.getLong("seq", 0L), Buffer.buffer(text)));
  }

  String type() {
    return event.getString("type", "");
  }

  String day() {
    return outgoing.day();
  }

  long epoch() {
    return outgoing.epoch();
  }

  long seq() {
    return outgoing.seq();
  }

  JsonObject ticket() {
    return event.getJsonObject("ticket");
  }

  /** The ticket the event is about, or null for a counter event. */
  String ticketId() {
    JsonObject t = ticket();
    return t == null ? null : t.getString("id");
  }

  /** The counter a ticket event names: its id (ticket events) or its object's id (counter events). */
  String counterId() {
    Object c = event.getValue("counter");
    return c instanceof JsonObject o ? o.getString("id") : c == null ? null : c.toString();
  }

  /**
   * The services whose queues this event changed: those whose figures it reports. Every event that
   * moves a queue (issued, called, transferred, a completion's measure, a counter's change) reports
   * the figures of each queue it moved, publish.lua reading them in the same step; a start, a recall
   * or a no-show moves none (their ticket left its queue when it was called) and reports none.
   */
  Set<String> services() {
    Set<String> out = new HashSet<>();
    JsonArray queues = event.getJsonArray("queues");
    if (queues != null) {
      for (int i = 0; i < queues.size(); i++) out.add(queues.getJsonObject(i).getString("service"));
    }
    return out;
  }
}
