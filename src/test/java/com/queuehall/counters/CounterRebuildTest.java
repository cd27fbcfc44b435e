package com.queuehall.counters;

import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.OneHallOnMovableClock;
import com.queuehall.support.Stores;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.queuehall.support.Refusals.assertProblem;
import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis loses everything (FLUSHALL) in the middle of the day. The queues, the counters' sessions
 * and tickets in hand, and the service-time averages are rebuilt from Postgres, and the counters
 * carry on calling in the same order as if nothing had happened.
 */
class CounterRebuildTest extends OneHallOnMovableClock {

  private static final DayKeys KEYS = new DayKeys("P001", TODAY);
  private static final List<String> SERVICES = List.of("passport", "hkmo-permit", "hkmo-endorsement");

  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
  private final CounterTerminal c02 = CounterTerminal.at(hall, "P001", "C02");
  private final CounterTerminal c03 = CounterTerminal.at(hall, "P001", "C03");

  private static Map<String, String> hash(String key) {
    Response flat = Stores.redis(Command.HGETALL, key);
    Map<String, String> out = new TreeMap<>();
    for (String k : flat.getKeys()) out.put(k, flat.get(k).toString());
    return out;
  }

  /**
   * Every queue of the point-day, service → (ticket → entry), and its arrival indexes (lib.lua's
   * queue_put), "service:w|g|a" → (ticket → arrival ms).
   */
  private static Map<String, Map<String, String>> queues() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String s : SERVICES) {
      out.put(s, hash(KEYS.queue(s)));
      for (String index : List.of(":w", ":g", ":a")) {
        Response flat = Stores.redis(Command.ZRANGE, KEYS.queue(s) + index, "0", "-1", "WITHSCORES");
        Map<String, String> scores = new TreeMap<>();
        for (Response pair : flat) scores.put(pair.get(0).toString(), pair.get(1).toString());
        out.put(s + index, scores);
      }
    }
    return out;
  }

  private static void ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName("after a FLUSHALL mid-day the queues, green flags, a transferred ticket, the sessions and the ticket "
      + "in hand come back from Postgres, and calling goes on in the same order")
  void flushMidDay() {
    c01.opens("passport");
    c02.opens("passport");
    ok(c02.session("paused", "passport"));
    c03.opens("hkmo-permit");
    String code = kiosk.book("passport", TODAY, "10:30", 1);
    kiosk.walkIn("passport"); // A001 at 10:00
    kiosk.walkIn("passport"); // A002
    at("10:02");
    String a003 = kiosk.green("passport").getString("id");
    at("10:03");
    String b001 = kiosk.walkIn("hkmo-permit").getString("id");
    kiosk.walkIn("hkmo-permit"); // B002
    at("10:04");
    assertThat(c03.next().getString("id")).isEqualTo(b001);
    ok(c03.act("start", b001));
    at("10:08");
    ok(c03.act("complete", b001)); // 240 s, folded into the hkmo-permit average
    at("10:10");
    kiosk.checkIn(code); // A004, slot 10:30
    at("10:12");
    kiosk.walkIn("passport"); // A005
    at("10:14");
    kiosk.walkIn("passport"); // A006
    at("10:15");
    assertThat(c01.next().getString("id")).as("green first").isEqualTo(a003);
    ok(c01.transfer(a003, "hkmo-permit"));
    assertThat(c01.next().getString("number")).isEqualTo("A001");

    Map<String, Map<String, String>> before = queues();
    assertThat(before.get("hkmo-permit")).containsKey(a003);
    assertThat(before.get("hkmo-permit:g")).as("indexed as green where it was transferred to").containsKey(a003);
    assertThat(before.get("passport:a")).as("the checked-in appointment").hasSize(1);
    assertThat(before.get("passport:w")).as("A002, A005, A006 (A001 is called)").hasSize(3);
    String average = awaitField(KEYS.ctr(), "e:hkmo-permit");
    assertThat(average).isEqualTo("336.000");
    Stores.redis(Command.FLUSHALL);

    at("10:20");
    HttpResponse<Buffer> view = hall.call(HttpMethod.GET, "/api/v1/tickets/" + a003, null, Map.of(), null);
    assertThat(view.bodyAsJsonObject().getLong("position")).as("rebuilt on first use; green goes first").isEqualTo(1);
    assertThat(queues()).as("every queue as it was").isEqualTo(before);
    Map<String, String> ctr = hash(KEYS.ctr());
    assertThat(ctr).containsEntry("n:A", "6").containsEntry("n:B", "2").containsEntry("e:hkmo-permit", average);
    assertHall();

    assertThat(assertProblem(c01.callNext(), 409).getString("title")).isEqualTo("counter busy");
    assertThat(assertProblem(c02.callNext(), 409).getString("title")).isEqualTo("counter not open");
    c01.serve(inHand("C01"));

    at("10:30");
    assertThat(kiosk.walkIn("passport").getString("number")).as("numbers go on").isEqualTo("A007");
    assertThat(c01.callAll()).containsExactly("A004", "A002", "A005", "A006", "A007");
    assertThat(c03.callAll()).containsExactly("A003", "B002");
  }

  @Test
  @DisplayName("a state left in Redis by an older layout (no layout field, queues without their arrival indexes) is "
      + "rebuilt from Postgres on first use, under a new epoch, and positions are right again")
  void olderLayoutIsRebuilt() {
    for (int i = 0; i < 3; i++) kiosk.walkIn("passport");
    long epoch = Long.parseLong(hash(KEYS.ctr()).get("epoch"));
    // What a server before the indexes left behind: the same hashes, no layout, no sorted sets.
    Stores.redis(Command.HDEL, KEYS.ctr(), "layout");
    Stores.redis(Command.DEL, KEYS.queue("passport") + ":w");

    assertThat(kiosk.green("passport").getLong("position")).as("green goes first, counted from rebuilt indexes")
        .isEqualTo(1);
    Map<String, String> ctr = hash(KEYS.ctr());
    assertThat(Long.parseLong(ctr.get("epoch"))).isGreaterThan(epoch);
    assertThat(ctr).containsKey("layout");
    assertThat(queues().get("passport:w")).hasSize(3);
    assertThat(queues().get("passport:g")).hasSize(1);
  }

  /** The hall hash: each counter's session and ticket in hand, nothing else. */
  private static void assertHall() {
    Map<String, String> hall = hash(KEYS.hall());
    JsonObject c01 = new JsonObject(hall.get("counter:C01"));
    assertThat(c01.getString("status")).isEqualTo("open");
    assertThat(c01.getJsonArray("services")).isEqualTo(new JsonArray().add("passport"));
    assertThat(c01.getJsonObject("ticket").getString("number")).isEqualTo("A001");
    assertThat(c01.getJsonObject("ticket").getString("status")).isEqualTo("CALLED");
    assertThat(new JsonObject(hall.get("counter:C02")).getString("status")).isEqualTo("paused");
    JsonObject c03 = new JsonObject(hall.get("counter:C03"));
    assertThat(c03.getString("status")).isEqualTo("open");
    assertThat(c03.getValue("ticket")).isNull();
    assertThat(new JsonObject(hall.get("counter:C04")).getString("status")).isEqualTo("closed");
    assertThat(hall.keySet()).as("open counters are counted from the counters' own fields")
        .allMatch(field -> field.startsWith("counter:"));
  }

  private static String inHand(String counter) {
    return Stores.sql("SELECT id::text FROM ticket WHERE counter_id = $1 AND status = 'CALLED' AND point_id = 'P001'",
        counter).iterator().next().getString(0);
  }

  /** The service-time average is folded in after the answer; wait for it, briefly. */
  private static String awaitField(String key, String field) {
    for (int i = 0; i < 50; i++) {
      Response r = Stores.redis(Command.HGET, key, field);
      if (r != null) return r.toString();
      com.queuehall.support.Outages.sleep(20);
    }
    return null;
  }
}
