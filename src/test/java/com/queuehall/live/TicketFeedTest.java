package com.queuehall.live;

import com.queuehall.queue.Waits.Standing;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Published;
import com.queuehall.support.LiveClient;
import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.queuehall.live.HallFeedTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

class TicketFeedTest extends OneHallPerClass {

  private static final Duration WAIT = Duration.ofSeconds(5);
  @Test
  @DisplayName("a phone gets its ticket with its position first, a standing each time its queue moves, and your-turn"
      + " with the counter")
  void standingThenYourTurn() {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    c01.opens("passport");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) ids.add(issue(hall, "P001", "passport", "t" + i).getString("id"));
    try (LiveClient phone = LiveClient.ticket(hall, ids.get(2))) {
      JsonObject snapshot = phone.next(WAIT);
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      JsonObject ticket = snapshot.getJsonObject("ticket");
      assertThat(ticket.getString("id")).isEqualTo(ids.get(2));
      assertThat(ticket.getString("number")).isEqualTo("A003");
      assertThat(ticket.getLong("position")).isEqualTo(3);
      assertThat(ticket.getLong("estimatedWaitSeconds")).isPositive();

      serve(c01, ids.get(0));
      JsonObject second = phone.next(WAIT);
      assertThat(second.getString("type")).isEqualTo("standing");
      assertThat(second.getString("ticketId")).isEqualTo(ids.get(2));
      assertThat(second.getLong("position")).isEqualTo(2);
      assertThat(second.getLong("estimatedWaitSeconds")).isLessThan(ticket.getLong("estimatedWaitSeconds"));
      assertThat(second.getLong("seq")).isGreaterThan(snapshot.getLong("seq"));

      serve(c01, ids.get(1));
      phone.next(m -> "standing".equals(m.getString("type")) && m.getLong("position") == 1, WAIT);

      c01.next();
      JsonObject turn = phone.next("your-turn", WAIT);
      assertThat(turn.getString("ticketId")).isEqualTo(ids.get(2));
      assertThat(turn.getString("number")).isEqualTo("A003");
      assertThat(turn.getString("counter")).isEqualTo("C01");

      c01.act("recall", ids.get(2));
      JsonObject recalled = phone.next(WAIT);
      assertThat(recalled.getString("type")).isEqualTo("your-turn");
      assertThat(recalled.getInteger("recalls")).isEqualTo(1);
      c01.act("start", ids.get(2));
      assertThat(phone.next(WAIT).getString("type")).isEqualTo("ticket.started");
      c01.act("complete", ids.get(2));
      JsonObject done = phone.next(WAIT);
      assertThat(done.getString("type")).isEqualTo("ticket.completed");
      assertThat(done.getJsonObject("ticket").getString("status")).isEqualTo("COMPLETED");
    }
  }

  @Test
  @DisplayName("when its queue moves twenty times in a burst, a phone gets a few coalesced standings (at most one "
      + "a second), the last one right, and your-turn at once")
  void burstIsCoalesced() {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    c01.opens("passport");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 22; i++) ids.add(issue(hall, "P001", "passport", "b" + i).getString("id"));
    try (LiveClient phone = LiveClient.ticket(hall, ids.get(21))) {
      assertThat(phone.next(WAIT).getJsonObject("ticket").getLong("position")).isEqualTo(22);
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) serve(c01, ids.get(i));
      List<JsonObject> standings = new ArrayList<>();
      for (JsonObject m = phone.next(WAIT); ; m = phone.next(WAIT)) {
        if ("ticket.issued".equals(m.getString("type"))) continue; // its own, published after the kiosk's answer
        assertThat(m.getString("type")).isEqualTo("standing");
        standings.add(m);
        if (m.getLong("position") == 2) break;
      }
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertThat(standings).as("one per batch of at least " + TicketFeed.MIN_INTERVAL_MS + " ms, not one per call")
          .hasSizeLessThanOrEqualTo((int) seconds + 2).hasSizeLessThan(20);
      assertThat(standings).extracting(m -> m.getLong("position")).isSortedAccordingTo((a, b) -> Long.compare(b, a));

      serve(c01, ids.get(20));
      assertThat(phone.next("standing", WAIT).getLong("position")).isEqualTo(1);
      long called = System.nanoTime();
      c01.next();
      phone.next("your-turn", WAIT);
      assertThat(Duration.ofNanos(System.nanoTime() - called)).as("your-turn is not held for the next batch")
          .isLessThan(Duration.ofMillis(TicketFeed.MIN_INTERVAL_MS));
    }
  }

  @Test
  @DisplayName("a phone hears nothing when another service's queue moves")
  void otherQueuesAreQuiet() {
    String id = issue(hall, "P001", "passport", "q1").getString("id");
    try (LiveClient phone = LiveClient.ticket(hall, id)) {
      phone.next("snapshot", WAIT);
      issue(hall, "P001", "hkmo-permit", "q2");
      CounterTerminal.at(hall, "P001", "C03").opens("hkmo-permit");
      assertThat(phone.quietFor(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  @DisplayName("a transferred ticket's phone follows it into its new queue")
  void transfer() {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    c01.opens("passport");
    issue(hall, "P001", "hkmo-permit", "x0");
    String id = issue(hall, "P001", "passport", "x1").getString("id");
    try (LiveClient phone = LiveClient.ticket(hall, id)) {
      phone.next("snapshot", WAIT);
      c01.next();
      phone.next("your-turn", WAIT);
      assertThat(hall.call(HttpMethod.POST, "/api/v1/points/P001/counters/C01/tickets/" + id + "/transfer",
          hall.counterToken("P001", "C01"), Map.of(), "{\"service\":\"hkmo-permit\"}").statusCode()).isEqualTo(200);
      JsonObject moved = phone.next(WAIT);
      assertThat(moved.getString("type")).isEqualTo("ticket.transferred");
      assertThat(moved.getString("from")).isEqualTo("passport");
      JsonObject standing = phone.next("standing", WAIT);
      assertThat(standing.getLong("position")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("fifty phones waiting for one service cost one standings read per instance per event, not one each")
  void standingsAreShared() {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    c01.opens("passport");
    JsonObject quota = new JsonObject().put("walkIn", 60);
    assertThat(hall.setQuota("P001", "passport", TestHall.TODAY, quota).statusCode()).isEqualTo(200);
    issue(hall, "P001", "passport", "s0");
    List<LiveClient> phones = new ArrayList<>();
    try {
      for (int i = 1; i <= 50; i++) {
        String id = issue(hall, "P001", "passport", "s" + i).getString("id");
        phones.add(LiveClient.ticket(hall, id));
      }
      phones.forEach(p -> p.next("snapshot", WAIT));
      Published.await("P001", 52); // the session's event and the 51 issues', published after their answers
      long before = evalshaCalls();
      c01.next();
      phones.forEach(p -> assertThat(p.next("standing", WAIT).getString("type")).isEqualTo("standing"));
      // call-next itself: its call script, the queue figures and the publish; then one standings read per instance
      assertThat(evalshaCalls() - before).isLessThanOrEqualTo(4 + hall.server().config().instances());
    } finally {
      phones.forEach(LiveClient::close);
    }
  }

  @Test
  @DisplayName("a recall or a start moves no queue: the phones waiting hear nothing and are not read again")
  void startsAndRecallsReadNoStandings() {
    CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
    c01.opens("passport");
    String first = issue(hall, "P001", "passport", "r0").getString("id");
    String second = issue(hall, "P001", "passport", "r1").getString("id");
    assertThat(c01.next().getString("id")).isEqualTo(first);
    Published.await("P001", 4); // the session's, the two issues' and the call's
    long recall = scriptsRunBy(() -> c01.act("recall", first), 5);
    long start = scriptsRunBy(() -> c01.act("start", first), 6);
    c01.act("complete", first);
    List<LiveClient> phones = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        phones.add(LiveClient.ticket(hall, issue(hall, "P001", "passport", "w" + i).getString("id")));
      }
      phones.forEach(p -> p.next("snapshot", WAIT));
      assertThat(c01.next().getString("id")).isEqualTo(second);
      phones.forEach(p -> assertThat(p.next("standing", WAIT).getLong("position")).isPositive());
      // The same recall and start as before, now with ten phones waiting: no standings read, no message.
      assertThat(scriptsRunBy(() -> c01.act("recall", second), 19)).isEqualTo(recall);
      assertThat(scriptsRunBy(() -> c01.act("start", second), 20)).isEqualTo(start);
      phones.forEach(p -> assertThat(p.quietFor(Duration.ZERO)).isEmpty());
    } finally {
      phones.forEach(LiveClient::close);
    }
  }

  /**
   * The Redis scripts run from a counter's action until its event (seq) is published and a phones'
   * batch (at most one per TicketFeed.MIN_INTERVAL_MS) would have run.
   */
  private static long scriptsRunBy(Runnable action, long seq) {
    long before = evalshaCalls();
    action.run();
    Published.await("P001", seq);
    try {
      Thread.sleep(TicketFeed.MIN_INTERVAL_MS + 500);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return evalshaCalls() - before;
  }

  @Test
  @DisplayName("a phone whose queue shares an open counter with another hears when that queue's tickets lengthen its"
      + " wait, with the same position")
  void sharedCounterMovesTheEstimate() {
    CounterTerminal.at(hall, "P001", "C01").opens("passport", "hkmo-permit");
    String id = issue(hall, "P001", "hkmo-permit", "m0").getString("id");
    try (LiveClient phone = LiveClient.ticket(hall, id)) {
      JsonObject before = phone.next("snapshot", WAIT).getJsonObject("ticket");
      issue(hall, "P001", "passport", "m1");
      JsonObject standing = phone.next("standing", WAIT);
      assertThat(standing.getLong("position")).isEqualTo(before.getLong("position")).isEqualTo(1);
      assertThat(standing.getLong("estimatedWaitSeconds"))
          .isGreaterThanOrEqualTo(before.getLong("estimatedWaitSeconds") + TicketFeed.ESTIMATE_STEP_SECONDS);
    }
  }

  @Test
  @DisplayName("a standing is sent when the position changes or the estimate moves by a minute or more, not for less")
  void onlyMovesWorthTelling() {
    Standing told = new Standing(4, 600);
    assertThat(TicketFeed.moved(null, told)).isTrue();
    assertThat(TicketFeed.moved(told, new Standing(3, 600))).isTrue();
    assertThat(TicketFeed.moved(told, new Standing(4, 659))).isFalse();
    assertThat(TicketFeed.moved(told, new Standing(4, 541))).isFalse();
    assertThat(TicketFeed.moved(told, new Standing(4, 660))).isTrue();
    assertThat(TicketFeed.moved(told, new Standing(4, 540))).isTrue();
  }

  @Test
  @DisplayName("a ticket that does not exist is closed with 4404 and a reason")
  void unknownTicket() {
    try (LiveClient phone = LiveClient.ticket(hall, UUID.randomUUID().toString())) {
      LiveClient.Closed closed = phone.awaitClose(WAIT);
      assertThat(closed.code()).isEqualTo((short) 4404);
      assertThat(closed.reason()).startsWith("unknown ticket");
    }
    try (LiveClient phone = LiveClient.ticket(hall, "not-a-ticket")) {
      assertThat(phone.awaitClose(WAIT).code()).isEqualTo((short) 4404);
    }
  }

  /** Calls, starts and completes the next ticket, which must be the given one. */
  private static void serve(CounterTerminal counter, String id) {
    assertThat(counter.next().getString("id")).isEqualTo(id);
    counter.act("start", id);
    counter.act("complete", id);
  }

  private static long evalshaCalls() {
    String stats = Stores.redis(Command.INFO, "commandstats").toString();
    Matcher m = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(stats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
