package com.queuehall.live;

import com.queuehall.support.CounterTerminal;
import com.queuehall.support.LiveClient;
import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HallFeedTest extends OneHallPerClass {

  private static final Duration WAIT = Duration.ofSeconds(5);
  static JsonObject issue(TestHall server, String point, String service, String key) {
    HttpResponse<Buffer> r = Stores.await(server.issue(point, service, key));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a display is sent the hall's snapshot first, then each change numbered one after the snapshot's seq")
  void snapshotThenChanges() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      JsonObject snapshot = display.next(WAIT);
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      assertThat(snapshot.getString("pointId")).isEqualTo("P001");
      assertThat(snapshot.getJsonArray("counters")).hasSize(6);
      assertThat(snapshot.getJsonArray("queues")).hasSize(3);
      assertThat(snapshot.containsKey("resync")).isFalse();
      long seq = snapshot.getLong("seq");
      long epoch = snapshot.getLong("epoch");

      CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");
      c01.opens("passport");
      JsonObject opened = display.next(WAIT);
      assertThat(opened.getString("type")).isEqualTo("counter.open");
      assertThat(opened.getJsonObject("counter").getString("id")).isEqualTo("C01");

      JsonObject ticket = issue(hall, "P001", "passport", "k1");
      JsonObject issued = display.next(WAIT);
      assertThat(issued.getString("type")).isEqualTo("ticket.issued");
      assertThat(issued.getJsonObject("ticket").getString("number")).isEqualTo(ticket.getString("number"));
      assertThat(issued.getJsonArray("queues").getJsonObject(0).getLong("waiting")).isEqualTo(1);

      c01.next();
      JsonObject called = display.next(WAIT);
      assertThat(called.getString("type")).isEqualTo("ticket.called");
      assertThat(called.getString("counter")).isEqualTo("C01");
      assertThat(called.getJsonArray("queues").getJsonObject(0).getLong("waiting")).isZero();

      assertThat(opened.getLong("seq")).isEqualTo(seq + 1);
      assertThat(issued.getLong("seq")).isEqualTo(seq + 2);
      assertThat(called.getLong("seq")).isEqualTo(seq + 3);
      assertThat(java.util.List.of(opened, issued, called)).allSatisfy(e -> {
        assertThat(e.getLong("epoch")).isEqualTo(epoch);
        assertThat(e.getString("day")).isEqualTo(TestHall.TODAY.toString());
      });
    }
  }

  @Test
  @DisplayName("the counter a display shows follows its ticket: called, serving, then free after the completion "
      + "and after a transfer, with the services it serves now")
  void counterFollowsItsTicket() {
    // Open for one of its two catalog services, so a view built from the catalog would differ.
    CounterTerminal c02 = CounterTerminal.at(hall, "P001", "C02").opens("passport");
    issue(hall, "P001", "passport", "follow-1");
    issue(hall, "P001", "passport", "follow-2");
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT);
      JsonObject first = c02.next();
      display.next("ticket.called", WAIT);
      assertThat(c02Shown()).isEqualTo(c02View("CALLED", first));
      assertThat(c02.act("start", first.getString("id")).statusCode()).isEqualTo(200);
      display.next("ticket.started", WAIT);
      assertThat(c02Shown()).isEqualTo(c02View("SERVING", first));
      assertThat(c02.act("complete", first.getString("id")).statusCode()).isEqualTo(200);
      display.next("ticket.completed", WAIT);
      assertThat(c02Shown()).isEqualTo(c02View(null, null));

      JsonObject second = c02.next();
      display.next("ticket.called", WAIT);
      assertThat(c02.transfer(second.getString("id"), "hkmo-permit").statusCode()).isEqualTo(200);
      display.next("ticket.transferred", WAIT);
      assertThat(c02Shown()).isEqualTo(c02View(null, null));
    }
  }

  @Test
  @DisplayName("a completion's event carries the queue's figures with the service time it measured already folded "
      + "into the average: they differ from those before it, with the same tickets waiting, and match a new snapshot; "
      + "a start, a recall and a no-show change no figure and carry none")
  void completionCarriesTheNewAverage() {
    CounterTerminal c04 = CounterTerminal.at(hall, "P001", "C04").opens("hkmo-endorsement");
    for (int i = 1; i <= 3; i++) issue(hall, "P001", "hkmo-endorsement", "average-" + i);
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT);
      JsonObject ticket = c04.next();
      JsonObject called = endorsement(display.next("ticket.called", WAIT).getJsonArray("queues"));
      assertThat(c04.act("start", ticket.getString("id")).statusCode()).isEqualTo(200);
      assertThat(display.next("ticket.started", WAIT).containsKey("queues")).isFalse();
      JsonObject started;
      try (LiveClient before = LiveClient.hall(hall, "P001")) {
        started = endorsement(before.next("snapshot", WAIT).getJsonArray("queues"));
      }
      assertThat(started).isEqualTo(called);
      // A service of a few milliseconds against the catalog's minutes: the average must move.
      assertThat(c04.act("complete", ticket.getString("id")).statusCode()).isEqualTo(200);
      JsonObject completed = endorsement(display.next("ticket.completed", WAIT).getJsonArray("queues"));
      assertThat(completed.getLong("waiting")).isEqualTo(started.getLong("waiting")).isEqualTo(2);
      assertThat(completed.getLong("estimatedWaitSeconds")).isLessThan(started.getLong("estimatedWaitSeconds"));
      try (LiveClient after = LiveClient.hall(hall, "P001")) {
        assertThat(endorsement(after.next("snapshot", WAIT).getJsonArray("queues"))).isEqualTo(completed);
      }

      // Recalls and a no-show after them change no figure either; a recall names its counter and count.
      JsonObject absent = c04.next();
      display.next("ticket.called", WAIT);
      int recalls = 0;
      while (recalls < 10 && c04.act("recall", absent.getString("id")).statusCode() == 200) {
        recalls++;
        JsonObject recalled = display.next("ticket.recalled", WAIT);
        assertThat(recalled.getString("counter")).isEqualTo("C04");
        assertThat(recalled.getInteger("recalls")).isEqualTo(recalls);
        assertThat(recalled.containsKey("queues")).isFalse();
      }
      assertThat(recalls).isPositive();
      assertThat(c04.act("no-show", absent.getString("id")).statusCode()).isEqualTo(200);
      assertThat(display.next("ticket.no-show", WAIT).containsKey("queues")).isFalse();
    }
  }

  @Test
  @DisplayName("an event carries the figures of every queue it moved: its own, and each queue sharing an open counter"
      + " with it (whose estimate counts its tickets), as a new snapshot shows them; no others")
  void sharedCountersMoveEachOthersFigures() {
    CounterTerminal.at(hall, "P001", "C01").opens("passport", "hkmo-permit");
    CounterTerminal.at(hall, "P001", "C04").opens("hkmo-endorsement");
    issue(hall, "P001", "hkmo-permit", "shared-0");
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      JsonArray before = display.next("snapshot", WAIT).getJsonArray("queues");
      issue(hall, "P001", "passport", "shared-1");
      JsonArray issued = display.next("ticket.issued", WAIT).getJsonArray("queues");
      assertThat(issued.stream().map(q -> ((JsonObject) q).getString("service")))
          .containsExactlyInAnyOrder("passport", "hkmo-permit");
      // C01 calls across both queues, so a new hkmo-permit ticket now waits behind the passport one too.
      assertThat(figure(issued, "hkmo-permit").getLong("waiting")).isEqualTo(1);
      assertThat(figure(issued, "hkmo-permit").getLong("estimatedWaitSeconds"))
          .isGreaterThan(figure(before, "hkmo-permit").getLong("estimatedWaitSeconds"));
      try (LiveClient after = LiveClient.hall(hall, "P001")) {
        JsonArray now = after.next("snapshot", WAIT).getJsonArray("queues");
        assertThat(figure(now, "passport")).isEqualTo(figure(issued, "passport"));
        assertThat(figure(now, "hkmo-permit")).isEqualTo(figure(issued, "hkmo-permit"));
      }
    }
  }

  private static JsonObject figure(JsonArray queues, String service) {
    return queues.stream().map(JsonObject.class::cast).filter(q -> service.equals(q.getString("service")))
        .findFirst().orElseThrow();
  }

  private static JsonObject endorsement(JsonArray queues) {
    return figure(queues, "hkmo-endorsement");
  }

  /** C02 as a new display's snapshot shows it. */
  private static JsonObject c02Shown() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      JsonArray counters = display.next("snapshot", WAIT).getJsonArray("counters");
      return counters.stream().map(JsonObject.class::cast).filter(c -> "C02".equals(c.getString("id")))
          .findFirst().orElseThrow();
    }
  }

  private static JsonObject c02View(String status, JsonObject ticket) {
    return new JsonObject().put("id", "C02").put("status", "open").put("services", new JsonArray(List.of("passport")))
        .put("ticket", ticket == null ? null : new JsonObject().put("id", ticket.getString("id"))
            .put("number", ticket.getString("number")).put("status", status));
  }

  @Test
  @DisplayName("a display connected across two rounds of the server's pub/sub PING (every 5 s) is never resynced: "
      + "the subscription's PONG is recognised, so the connection is not taken for lost")
  void subscriptionStaysUp() throws InterruptedException {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT);
      Thread.sleep(11_000);
      JsonObject ticket = issue(hall, "P001", "passport", "k-quiet");
      JsonObject next = display.next(WAIT);
      assertThat(next.getString("type")).as(next.encode()).isEqualTo("ticket.issued");
      assertThat(next.getJsonObject("ticket").getString("id")).isEqualTo(ticket.getString("id"));
    }
  }

  @Test
  @DisplayName("a display that reconnects is sent a fresh snapshot current to the latest seq, showing what it missed")
  void reconnectGetsFreshSnapshot() {
    long lastSeen;
    CounterTerminal c02 = CounterTerminal.at(hall, "P001", "C02");
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT);
      c02.opens("passport");
      lastSeen = display.next("counter.open", WAIT).getLong("seq");
    }
    JsonObject ticket = issue(hall, "P001", "passport", "k2");
    c02.next();
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      JsonObject snapshot = display.next(WAIT);
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      assertThat(snapshot.getLong("seq")).isEqualTo(lastSeen + 2);
      JsonObject counter = snapshot.getJsonArray("counters").stream().map(JsonObject.class::cast)
          .filter(c -> "C02".equals(c.getString("id"))).findFirst().orElseThrow();
      assertThat(counter.getJsonObject("ticket").getString("number")).isEqualTo(ticket.getString("number"));
      assertThat(display.quietFor(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  @DisplayName("a display that sends {type: resync} is sent a fresh snapshot marked resync, and the changes after it")
  void resyncOnRequest() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      long seq = display.next("snapshot", WAIT).getLong("seq");
      display.send("{\"type\":\"resync\"}");
      JsonObject again = display.next(WAIT);
      assertThat(again.getString("type")).isEqualTo("snapshot");
      assertThat(again.getBoolean("resync")).isTrue();
      assertThat(again.getLong("seq")).isEqualTo(seq);
      issue(hall, "P001", "passport", "k3");
      assertThat(display.next(WAIT).getLong("seq")).isEqualTo(seq + 1);
    }
  }

  @Test
  @DisplayName("a display that sends {type: ping} is answered {type: pong}")
  void pingPong() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT);
      display.send("{\"type\":\"ping\"}");
      assertThat(display.next(WAIT)).isEqualTo(new JsonObject().put("type", "pong"));
    }
  }

  @Test
  @DisplayName("a call made on one server reaches a display subscribed on another server within 1 s")
  void acrossServers() {
    try (TestHall other = TestHall.start(); LiveClient display = LiveClient.hall(other, "P002")) {
      display.next("snapshot", WAIT);
      CounterTerminal c01 = CounterTerminal.at(hall, "P002", "C01");
      c01.opens("passport");
      display.next("counter.open", WAIT);
      issue(hall, "P002", "passport", "k4");
      display.next("ticket.issued", WAIT);
      long before = System.nanoTime();
      c01.next();
      JsonObject called = display.next("ticket.called", Duration.ofSeconds(1));
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
      assertThat(called.getString("counter")).isEqualTo("C01");
    }
  }

  @Test
  @DisplayName("when the pub/sub connection drops, displays get a fresh snapshot once it is back, then events again")
  void pubSubReconnect() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      long seq = display.next("snapshot", WAIT).getLong("seq");
      Stores.redis(Command.CLIENT, "KILL", "TYPE", "pubsub");
      JsonObject resync = display.next("snapshot", WAIT);
      assertThat(resync.getBoolean("resync")).isTrue();
      assertThat(resync.getLong("seq")).isEqualTo(seq);
      issue(hall, "P001", "passport", "k5");
      assertThat(display.next(WAIT).getLong("seq")).isEqualTo(seq + 1);
    }
  }

  @Test
  @DisplayName("when the day's Redis state is lost and rebuilt, displays are sent a fresh snapshot of the new epoch")
  void epochChange() {
    try (LiveClient display = LiveClient.hall(hall, "P001")) {
      display.next("snapshot", WAIT); // else the snapshot may already hold k6, and its event is not sent
      issue(hall, "P001", "passport", "k6");
      JsonObject before = display.next("ticket.issued", WAIT);
      Stores.redis(Command.FLUSHALL);
      issue(hall, "P001", "passport", "k7");
      JsonObject resync = display.next("snapshot", WAIT);
      assertThat(resync.getBoolean("resync")).isTrue();
      assertThat(resync.getLong("epoch")).isGreaterThan(before.getLong("epoch"));
      assertThat(resync.getJsonArray("queues").getJsonObject(0).getLong("waiting")).isEqualTo(2);
    }
  }
}
