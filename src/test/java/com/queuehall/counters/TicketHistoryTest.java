package com.queuehall.counters;

import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.OneHallOnMovableClock;
import com.queuehall.support.Records;
import com.queuehall.support.Records.Event;
import com.queuehall.support.Stores;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.queuehall.support.TestHall.TODAY;
import static com.queuehall.support.TestHall.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every step of a ticket is an event row with the time it happened, committed with the step. */
class TicketHistoryTest extends OneHallOnMovableClock {


  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
  private final CounterTerminal c03 = CounterTerminal.at(hall, "P001", "C03");

  private static void ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName("issued, called, recalled, started, transferred, called again, started, completed: "
      + "eight events, each at its own time, and the ticket keeps its arrival")
  void servedAfterATransfer() {
    c01.opens("passport");
    c03.opens("hkmo-permit");
    String id = kiosk.walkIn("passport").getString("id");
    at("10:01");
    assertThat(c01.next().getString("id")).isEqualTo(id);
    at("10:02");
    ok(c01.act("recall", id));
    at("10:03");
    ok(c01.act("start", id));
    at("10:04");
    ok(c01.transfer(id, "hkmo-permit"));
    at("10:05");
    assertThat(c03.next().getString("id")).isEqualTo(id);
    at("10:06");
    ok(c03.act("start", id));
    at("10:07");
    ok(c03.act("complete", id));

    assertThat(history(id)).containsExactly(
        "issued 10:00", "called 10:01", "recalled 10:02", "started 10:03", "transferred 10:04",
        "called 10:05", "started 10:06", "completed 10:07");
    List<Event> events = Records.events(id);
    assertThat(events.get(0).data()).isEqualTo(new JsonObject().put("number", "A001").put("green", false));
    assertThat(events.get(1).data()).isEqualTo(new JsonObject().put("counter", "C01"));
    assertThat(events.get(4).data()).isEqualTo(new JsonObject().put("from", "passport").put("to", "hkmo-permit"));
    assertThat(events.get(5).data()).isEqualTo(new JsonObject().put("counter", "C03"));

    JsonObject row = Records.ticket(id);
    assertThat(row.getString("status")).isEqualTo("COMPLETED");
    assertThat(row.getString("service_id")).as("issued for").isEqualTo("passport");
    assertThat(row.getString("queue_service_id")).as("served as").isEqualTo("hkmo-permit");
    assertThat(row.getString("counter_id")).isEqualTo("C03");
    assertThat(times(id)).containsExactly("10:00", "10:00", "10:05", "10:06", "10:07");
    JsonObject view = hall.call(HttpMethod.GET, "/api/v1/tickets/" + id, null, Map.of(), null).bodyAsJsonObject();
    assertThat(view.getString("issuedFor")).isEqualTo("passport");
    assertThat(view.getString("service")).isEqualTo("hkmo-permit");
    assertThat(Stream.of("issuedAt", "calledAt", "startedAt", "finishedAt").map(view::getString))
        .as("RFC 3339 date-times: seconds shown even when zero")
        .containsExactly(utc("10:00"), utc("10:05"), utc("10:06"), utc("10:07"));
  }

  @Test
  @DisplayName("issued, called, recalled twice, no-show: five events at their times, and the ticket's finish time")
  void noShow() {
    c01.opens("passport");
    String id = kiosk.walkIn("passport").getString("id");
    at("10:10");
    c01.next();
    at("10:11");
    ok(c01.act("recall", id));
    at("10:12");
    ok(c01.act("recall", id));
    at("10:13");
    ok(c01.act("no-show", id));

    assertThat(history(id)).containsExactly("issued 10:00", "called 10:10", "recalled 10:11", "recalled 10:12",
        "no-show 10:13");
    assertThat(times(id)).containsExactly("10:00", "10:00", "10:10", null, "10:13");
  }

  @Test
  @DisplayName("a counter's opening, pause and closing are events of the counter, with their services")
  void counterSessions() {
    c01.opens("passport");
    at("12:00");
    ok(c01.session("paused", "passport"));
    at("12:30");
    c01.opens("passport", "hkmo-permit");
    at("18:00");
    ok(c01.session("closed", "passport", "hkmo-permit"));

    List<String> seen = new ArrayList<>();
    for (Row r : Stores.sql("SELECT type, at, data->'services' FROM event WHERE entity = 'counter' "
        + "AND entity_id = 'C01' AND point_id = 'P001' ORDER BY id")) {
      seen.add(r.getString(0) + " " + local(r.getOffsetDateTime(1).toInstant()) + " " + r.getValue(2));
    }
    assertThat(seen).containsExactly("counter-open 10:00 [\"passport\"]", "counter-paused 12:00 [\"passport\"]",
        "counter-open 12:30 [\"passport\",\"hkmo-permit\"]", "counter-closed 18:00 [\"passport\",\"hkmo-permit\"]");
  }

  @Test
  @DisplayName("a counter paused with a ticket in hand answers as displays show it: its status, services and "
      + "that ticket; once the ticket is done, no ticket")
  void pausedWithATicketInHand() {
    c01.opens("passport");
    String id = kiosk.walkIn("passport").getString("id");
    c01.next();
    HttpResponse<Buffer> paused = c01.session("paused", "passport");
    ok(paused);
    JsonObject counter = paused.bodyAsJsonObject();
    assertThat(counter.getString("status")).isEqualTo("paused");
    assertThat(counter.getJsonArray("services")).containsExactly("passport");
    assertThat(counter.getJsonObject("ticket")).isEqualTo(new JsonObject().put("id", id).put("number", "A001")
        .put("status", "CALLED"));
    ok(c01.act("start", id));
    ok(c01.act("complete", id));
    JsonObject reopened = c01.session("open", "passport").bodyAsJsonObject();
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(reopened.getValue("ticket")).isNull();
  }

  /** "type HH:MM" of each event of the ticket, oldest first. */
  private static List<String> history(String id) {
    return Records.events(id).stream().map(e -> e.type() + " " + local(e.at())).toList();
  }

  /** issued, arrived, called, started and finished times of the ticket row, as HH:MM (null if unset). */
  private static List<String> times(String id) {
    Row r = Stores.sql("SELECT issued_at, arrived_at, called_at, started_at, finished_at FROM ticket WHERE id = $1",
        java.util.UUID.fromString(id)).iterator().next();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.add(r.getOffsetDateTime(i) == null ? null : local(r.getOffsetDateTime(i).toInstant()));
    }
    return out;
  }

  /** A local time of today as an RFC 3339 UTC date-time, such as 2026-12-01T02:00:00Z. */
  private static String utc(String time) {
    return TODAY.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant().toString();
  }

  private static String local(Instant at) {
    return LocalTime.ofInstant(at, ZONE).toString();
  }
}
