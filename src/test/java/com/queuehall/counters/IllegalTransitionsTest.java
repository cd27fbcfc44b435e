package com.queuehall.counters;

import com.queuehall.support.OneHallPerClass;
import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.Records;
import com.queuehall.support.Stores;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static com.queuehall.support.Refusals.assertProblem;
import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transition that makes no sense is refused with 409 (404 for a ticket the point does not have)
 * and changes nothing: not the ticket row, not its history, not the queues in Redis.
 */
class IllegalTransitionsTest extends OneHallPerClass {

  private static final List<String> ACTIONS = List.of("recall", "no-show", "start", "complete");
  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
  private final CounterTerminal c02 = CounterTerminal.at(hall, "P001", "C02");

  @BeforeEach
  void openCounters() {
    c01.opens("passport", "hkmo-permit");
    c02.opens("passport", "hkmo-permit");
  }

  /** Asserts the answer is this problem, and that the ticket, its events and the queues did not change. */
  private static void refusedUnchanged(String ticketId, int status, String title,
      Supplier<HttpResponse<Buffer>> action) {
    JsonObject row = Records.ticket(ticketId);
    List<Records.Event> events = Records.events(ticketId);
    Map<String, String> queues = queues();
    JsonObject problem = assertProblem(action.get(), status);
    assertThat(problem.getString("title")).as(problem.encode()).isEqualTo(title);
    assertThat(Records.ticket(ticketId)).as("the ticket row").isEqualTo(row);
    assertThat(Records.events(ticketId)).as("the ticket's events").isEqualTo(events);
    assertThat(queues()).as("the queues in Redis").isEqualTo(queues);
  }

  /** Every waiting entry of P001's passport and hkmo-permit queues, by queue and ticket. */
  private static Map<String, String> queues() {
    Map<String, String> all = new TreeMap<>();
    for (String service : List.of("passport", "hkmo-permit")) {
      var flat = Stores.redis(Command.HGETALL, new DayKeys("P001", TODAY).queue(service));
      for (String key : flat.getKeys()) all.put(service + "/" + key, flat.get(key).toString());
    }
    return all;
  }

  private String calledAtC01() {
    JsonObject t = c01.next();
    assertThat(t.getString("status")).isEqualTo("CALLED");
    return t.getString("id");
  }

  @Test
  @DisplayName("a waiting ticket cannot be recalled, marked no-show, started, completed or transferred")
  void waiting() {
    String id = kiosk.walkIn("passport").getString("id");
    kiosk.walkIn("passport");
    for (String action : ACTIONS) refusedUnchanged(id, 409, "illegal transition", () -> c01.act(action, id));
    refusedUnchanged(id, 409, "illegal transition", () -> c01.transfer(id, "hkmo-permit"));
  }

  @Test
  @DisplayName("a completed ticket cannot be started, completed again, recalled, marked no-show, transferred "
      + "or called by number")
  void completed() {
    kiosk.walkIn("passport");
    String id = calledAtC01();
    c01.serve(id);
    for (String action : ACTIONS) refusedUnchanged(id, 409, "illegal transition", () -> c01.act(action, id));
    refusedUnchanged(id, 409, "illegal transition", () -> c01.transfer(id, "hkmo-permit"));
    refusedUnchanged(id, 409, "illegal transition", () -> c01.call("A001"));
  }

  @Test
  @DisplayName("a called ticket cannot be completed before it is started; a ticket being served cannot be "
      + "recalled or marked no-show")
  void outOfOrder() {
    kiosk.walkIn("passport");
    String id = calledAtC01();
    refusedUnchanged(id, 409, "illegal transition", () -> c01.act("complete", id));
    assertThat(c01.act("start", id).statusCode()).isEqualTo(200);
    refusedUnchanged(id, 409, "illegal transition", () -> c01.act("recall", id));
    refusedUnchanged(id, 409, "illegal transition", () -> c01.act("no-show", id));
    refusedUnchanged(id, 409, "illegal transition", () -> c01.act("start", id));
  }

  @Test
  @DisplayName("another counter of the point cannot recall, mark no-show, start, complete or transfer "
      + "a ticket in hand at C01")
  void anotherCounter() {
    kiosk.walkIn("passport");
    String id = calledAtC01();
    for (String action : ACTIONS) refusedUnchanged(id, 409, "illegal transition", () -> c02.act(action, id));
    refusedUnchanged(id, 409, "illegal transition", () -> c02.transfer(id, "hkmo-permit"));
    assertThat(assertProblem(c02.act("start", id), 409).getString("detail")).contains("is with counter C01");
  }

  @Test
  @DisplayName("counter C01 of another point cannot touch a ticket of P001's C01: 404, and nothing changes")
  void anotherPoint() {
    kiosk.walkIn("passport");
    String id = calledAtC01();
    CounterTerminal elsewhere = CounterTerminal.at(hall, "P002", "C01").opens("passport");
    for (String action : ACTIONS) {
      refusedUnchanged(id, 404, "ticket not found", () -> elsewhere.act(action, id));
    }
    refusedUnchanged(id, 404, "ticket not found", () -> elsewhere.transfer(id, "hkmo-permit"));
  }

  @Test
  @DisplayName("a ticket cannot be transferred to the service it is already in, and is not queued again")
  void transferToTheSameService() {
    kiosk.walkIn("passport");
    String id = calledAtC01();
    refusedUnchanged(id, 409, "illegal transition", () -> c01.transfer(id, "passport"));
    assertProblem(c01.transfer(id, "no-such-service"), 400);
    assertThat(queues()).isEmpty();
  }

  @Test
  @DisplayName("a counter with a ticket in hand cannot call another, by call-next or by number: "
      + "409 counter busy, and the waiting ticket stays in its queue")
  void busyCounter() {
    kiosk.walkIn("passport");
    String waiting = kiosk.walkIn("passport").getString("id");
    String inHand = calledAtC01();
    refusedUnchanged(waiting, 409, "counter busy", c01::callNext);
    refusedUnchanged(waiting, 409, "counter busy", () -> c01.call("A002"));
    assertThat(c01.act("start", inHand).statusCode()).isEqualTo(200);
    refusedUnchanged(waiting, 409, "counter busy", c01::callNext);
  }

  @Test
  @DisplayName("two call-next at once at one counter call one ticket: the other answer is 409 counter busy, "
      + "and the other ticket is back in its queue, still waiting")
  void doubleClick() {
    for (int round = 0; round < 20; round++) {
      Stores.reset();
      c01.opens("passport");
      String first = kiosk.walkIn("passport").getString("id");
      String second = kiosk.walkIn("passport").getString("id");
      List<HttpResponse<Buffer>> answers = Stores.await(Future.all(c01.sendCallNext(), c01.sendCallNext())).list();
      HttpResponse<Buffer> called = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
      HttpResponse<Buffer> refused = answers.get(answers.get(0) == called ? 1 : 0);
      assertThat(assertProblem(refused, 409).getString("title")).as("round " + round).isEqualTo("counter busy");
      String inHand = called.bodyAsJsonObject().getString("id");
      String other = inHand.equals(first) ? second : first;
      assertThat(Records.ticket(inHand).getString("counter_id")).isEqualTo("C01");
      assertThat(Records.status(inHand)).isEqualTo("CALLED");
      assertThat(Records.status(other)).as("round " + round).isEqualTo("WAITING");
      assertThat(queues()).as("round " + round).containsOnlyKeys("passport/" + other);
    }
  }

  @Test
  @DisplayName("calling by number: a ticket of a service the counter does not serve is 409, an unknown number 404")
  void byNumber() {
    String id = kiosk.walkIn("hkmo-endorsement").getString("id");
    refusedUnchanged(id, 409, "service not served", () -> c01.call("C001"));
    assertProblem(c01.call("A999"), 404);
    assertProblem(c01.call("17"), 400);
  }

  @Test
  @DisplayName("an unknown or malformed ticket id is 404")
  void unknownTicket() {
    assertProblem(c01.act("start", java.util.UUID.randomUUID().toString()), 404);
    assertProblem(c01.act("start", "not-a-uuid"), 404);
  }
}
