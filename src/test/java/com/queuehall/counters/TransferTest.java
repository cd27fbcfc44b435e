package com.queuehall.counters;

import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.OneHallOnMovableClock;
import com.queuehall.support.Stores;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transfer keeps fairness: the ticket joins the other service's queue with its own arrival time,
 * green flag and slot, so it goes after those who came before it and before those who came after.
 */
class TransferTest extends OneHallOnMovableClock {

  private static final DayKeys KEYS = new DayKeys("P001", TODAY);

  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
  private final CounterTerminal c03 = CounterTerminal.at(hall, "P001", "C03");

  @BeforeEach
  void reset() {
    c01.opens("passport");
    c03.opens("hkmo-permit");
  }

  private static String entry(String service, String id) {
    Response r = Stores.redis(Command.HGET, KEYS.queue(service), id);
    return r == null ? null : r.toString();
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a ticket transferred while served is called after earlier arrivals of the new service "
      + "and before later ones, with its queue entry unchanged")
  void keepsItsArrival() {
    kiosk.walkIn("hkmo-permit"); // B001 at 10:00
    at("10:01");
    String a001 = kiosk.walkIn("passport").getString("id");
    String asIssued = entry("passport", a001);
    at("10:05");
    kiosk.walkIn("hkmo-permit"); // B002
    at("10:10");
    kiosk.walkIn("hkmo-permit"); // B003

    at("10:15");
    assertThat(c01.next().getString("id")).isEqualTo(a001);
    ok(c01.act("start", a001));
    JsonObject moved = ok(c01.transfer(a001, "hkmo-permit"));
    assertThat(moved.getString("status")).isEqualTo("WAITING");
    assertThat(moved.getString("service")).isEqualTo("hkmo-permit");
    assertThat(moved.getString("issuedFor")).isEqualTo("passport");
    assertThat(entry("hkmo-permit", a001)).as("same number, flags and arrival").isEqualTo(asIssued);
    assertThat(c01.callNext().statusCode()).as("C01 is free again, and nobody waits for passport").isEqualTo(204);

    at("10:16");
    kiosk.walkIn("hkmo-permit"); // B004, after the transfer
    JsonObject view = hall.call(HttpMethod.GET, "/api/v1/tickets/" + a001, null, Map.of(), null).bodyAsJsonObject();
    assertThat(view.getLong("position")).isEqualTo(2);
    assertThat(c03.callAll()).containsExactly("B001", "A001", "B002", "B003", "B004");
  }

  @Test
  @DisplayName("a green-channel ticket transferred before it is started stays green in its new queue")
  void staysGreen() {
    kiosk.walkIn("hkmo-permit"); // B001
    kiosk.walkIn("hkmo-permit"); // B002
    at("10:05");
    String a001 = kiosk.green("passport").getString("id");
    assertThat(c01.next().getString("id")).isEqualTo(a001);
    ok(c01.transfer(a001, "hkmo-permit"));

    assertThat(c03.callAll()).containsExactly("A001", "B001", "B002");
  }

  @Test
  @DisplayName("an appointment whose slot has begun keeps its slot in the new queue and goes before its walk-ins")
  void keepsItsSlot() {
    String code = kiosk.book("passport", TODAY, "10:30", 1);
    kiosk.walkIn("hkmo-permit"); // B001 at 10:00
    at("10:20");
    String a001 = kiosk.checkIn(code).getString("id");
    at("10:30");
    assertThat(c01.next().getString("id")).isEqualTo(a001);
    ok(c01.transfer(a001, "hkmo-permit"));
    at("10:31");
    kiosk.walkIn("hkmo-permit"); // B002

    assertThat(c03.callAll()).containsExactly("A001", "B001", "B002");
  }

  @Test
  @DisplayName("a ticket can be transferred on again, and the last counter serves it once")
  void transferredTwice() {
    String a001 = kiosk.walkIn("passport").getString("id");
    CounterTerminal c04 = CounterTerminal.at(hall, "P001", "C04").opens("hkmo-endorsement");
    at("10:05");
    kiosk.walkIn("hkmo-endorsement"); // C001
    c01.next();
    ok(c01.transfer(a001, "hkmo-permit"));
    assertThat(c03.next().getString("id")).isEqualTo(a001);
    ok(c03.transfer(a001, "hkmo-endorsement"));
    assertThat(entry("passport", a001)).isNull();
    assertThat(entry("hkmo-permit", a001)).isNull();

    assertThat(c04.callAll()).containsExactly("A001", "C001");
    assertThat(c03.callNext().statusCode()).isEqualTo(204);
  }

  @Test
  @DisplayName("a kiosk's retry that arrives after its ticket was transferred gets that ticket, not a 409")
  void retryAfterTransfer() {
    HttpResponse<Buffer> first = Stores.await(hall.issue("P001", "passport", "kiosk-retry-after-transfer"));
    String id = first.bodyAsJsonObject().getString("id");
    assertThat(c01.next().getString("id")).isEqualTo(id);
    ok(c01.transfer(id, "hkmo-permit"));
    HttpResponse<Buffer> retry = Stores.await(hall.issue("P001", "passport", "kiosk-retry-after-transfer"));
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(retry.bodyAsJsonObject().getString("service")).isEqualTo("hkmo-permit");
  }

  @Test
  @DisplayName("a transfer sent several times at once (a terminal's double click, a retry) moves the ticket once "
      + "and leaves it in its new queue: the refused copies do not take it out again")
  void sentSeveralTimesAtOnce() {
    for (int round = 0; round < 20; round++) {
      String id = kiosk.walkIn("passport").getString("id");
      assertThat(c01.next().getString("id")).isEqualTo(id);
      java.util.List<Future<HttpResponse<Buffer>>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) sent.add(c01.send("transfer", id, new JsonObject().put("service", "hkmo-permit")));
      java.util.List<Integer> statuses = sent.stream().map(f -> Stores.await(f).statusCode()).sorted().toList();
      assertThat(statuses).as("round " + round).containsExactly(200, 409, 409, 409);
      assertThat(entry("hkmo-permit", id)).as("round " + round + ": waiting in Redis, as Postgres says").isNotNull();
      assertThat(c03.next().getString("id")).as("round " + round).isEqualTo(id);
      ok(c03.act("start", id));
      ok(c03.act("complete", id));
    }
  }
}
