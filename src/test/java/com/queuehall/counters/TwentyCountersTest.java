package com.queuehall.counters;

import com.queuehall.config.Config;
import com.queuehall.redis.DayKeys;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.LiveClient;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty counters call at once from one queue. The default catalog has no point with twenty
 * counters, so this test runs on the default catalog plus one extra point, P091, whose twenty
 * counters all serve passports. Each counter loops call-next → start → complete until 204.
 */
class TwentyCountersTest {

  private static final String POINT = "P091";
  private static final int COUNTERS = 20;
  private static final int ISSUING_AT_ONCE = 40;
  private static final Vertx TIMERS = Vertx.vertx();
  private static TestHall hall;

  /** One counter's calls, in the order it made them: ticket id and number. */
  private record Called(String counter, String id, int number) {}

  @BeforeAll
  static void start() throws IOException {
    Path catalog = Files.createTempFile("catalog-twenty-counters", ".json");
    catalog.toFile().deleteOnExit();
    Files.writeString(catalog, catalogWithTwentyCounters().encode());
    Config config = TestHall.config(TestHall.freePort());
    hall = TestHall.start(Config.fromJson(config.toJson().put("catalogPath", catalog.toString())));
  }

  @AfterAll
  static void stop() {
    hall.close();
    Stores.await(TIMERS.close());
  }

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("twenty counters calling at once through 1,000 tickets call each exactly once, "
      + "each counter in rising number order")
  void eachTicketCalledOnce() {
    List<String> issued = issue(1_000);
    List<CounterTerminal> counters = openCounters();

    List<Called> calls = callUntilEmpty(counters, null);

    assertCalledExactlyOnce(issued, calls);
    Map<String, List<Integer>> byCounter = new HashMap<>();
    calls.forEach(c -> byCounter.computeIfAbsent(c.counter, k -> new ArrayList<>()).add(c.number));
    assertThat(byCounter).as("every counter took part").hasSize(COUNTERS);
    byCounter.forEach((counter, numbers) -> assertThat(numbers).as(counter).isSorted().doesNotHaveDuplicates());
  }

  @Test
  @DisplayName("twenty counters calling through 400 tickets across a FLUSHALL still call each exactly once")
  void acrossAFlush() {
    List<String> issued = issue(400);
    List<CounterTerminal> counters = openCounters();

    List<Called> calls = callUntilEmpty(counters, 150);

    assertCalledExactlyOnce(issued, calls);
  }

  @Test
  @DisplayName("twenty counters opening at the same moment are all recorded, each with its event, and the hall's "
      + "figures count all twenty open")
  void openingAtOnce() {
    List<Future<HttpResponse<Buffer>>> opening = new ArrayList<>();
    for (int i = 1; i <= COUNTERS; i++) {
      opening.add(CounterTerminal.at(hall, POINT, String.format("C%02d", i)).sendSession("open", "passport"));
    }
    for (HttpResponse<Buffer> r : Stores.await(Future.all(opening)).<HttpResponse<Buffer>>list()) {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("open");
    }
    assertThat(Stores.sql("SELECT count(*) FROM counter_session WHERE point_id = $1 AND status = 'open'", POINT)
        .iterator().next().getLong(0)).isEqualTo(COUNTERS);
    assertThat(Stores.sql("SELECT count(*) FROM event WHERE point_id = $1 AND entity = 'counter' "
        + "AND type = 'counter-open'", POINT).iterator().next().getLong(0))
        .as("one event per change").isEqualTo(COUNTERS);
    // Requests spread over both event loops: a count made from each change's own view of the sessions
    // (what the hall once kept) could miss a counter that opened at the same moment on the other loop.
    try (LiveClient display = LiveClient.hall(hall, POINT)) {
      JsonObject snapshot = display.next(java.time.Duration.ofSeconds(5));
      assertThat(snapshot.getJsonArray("counters").stream().map(c -> ((JsonObject) c).getString("status")))
          .hasSize(COUNTERS).containsOnly("open");
      JsonObject passport = snapshot.getJsonArray("queues").getJsonObject(0);
      assertThat(passport.getString("service")).isEqualTo("passport");
      assertThat(passport.getInteger("countersOpen")).isEqualTo(COUNTERS);
    }
  }

  private static List<CounterTerminal> openCounters() {
    List<CounterTerminal> counters = new ArrayList<>();
    for (int i = 1; i <= COUNTERS; i++) {
      counters.add(CounterTerminal.at(hall, POINT, String.format("C%02d", i)).opens("passport"));
    }
    return counters;
  }

  /** Issues n passport walk-ins at P091, a bounded number at a time; their ids. */
  private static List<String> issue(int n) {
    JsonObject quota = new JsonObject().put("walkIn", n);
    assertThat(hall.setQuota(POINT, "passport", TODAY, quota).statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (int from = 0; from < n; from += ISSUING_AT_ONCE) {
      List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + ISSUING_AT_ONCE); i++) {
        wave.add(hall.issue(POINT, "passport", "t-" + i));
      }
      for (HttpResponse<Buffer> r : Stores.await(Future.all(wave)).<HttpResponse<Buffer>>list()) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        ids.add(r.bodyAsJsonObject().getString("id"));
      }
    }
    return ids;
  }

  /** Runs every counter's loop at once until each hears 204; FLUSHALL after `flushAfter` calls if given. */
  private static List<Called> callUntilEmpty(List<CounterTerminal> counters, Integer flushAfter) {
    List<Called> calls = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger count = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    for (CounterTerminal c : counters) {
      Promise<Void> done = Promise.promise();
      loop(c, calls, count, flushAfter, done);
      loops.add(done.future());
    }
    Stores.await(Future.all(loops));
    return calls;
  }

  private static void loop(CounterTerminal c, List<Called> calls, AtomicInteger count, Integer flushAfter,
      Promise<Void> done) {
    retrying(c::sendCallNext).onFailure(done::fail).onSuccess(r -> {
      if (r.statusCode() == 204) {
        done.complete();
        return;
      }
      if (r.statusCode() != 200) {
        done.fail(c.id() + " call-next answered " + r.statusCode() + ": " + r.bodyAsString());
        return;
      }
      JsonObject t = r.bodyAsJsonObject();
      calls.add(new Called(c.id(), t.getString("id"), Integer.parseInt(t.getString("number").substring(1))));
      // Flush without waiting for it, while the other counters' calls are in flight.
      if (flushAfter != null && count.incrementAndGet() == flushAfter) {
        Stores.redis().send(Request.cmd(Command.FLUSHALL));
      }
      retrying(() -> c.send("start", t.getString("id"), null))
          .compose(s -> expect200(c, "start", s))
          .compose(v -> retrying(() -> c.send("complete", t.getString("id"), null)))
          .compose(s -> expect200(c, "complete", s))
          .onFailure(done::fail)
          .onSuccess(v -> loop(c, calls, count, flushAfter, done));
    });
  }

  /** A terminal retries a 503 after its Retry-After, as a real one would. */
  private static Future<HttpResponse<Buffer>> retrying(Supplier<Future<HttpResponse<Buffer>>> send) {
    return send.get().compose(r -> r.statusCode() != 503 ? Future.succeededFuture(r)
        : TIMERS.timer(100).compose(x -> retrying(send)));
  }

  private static Future<Void> expect200(CounterTerminal c, String action, HttpResponse<Buffer> r) {
    return r.statusCode() == 200 ? Future.succeededFuture()
        : Future.failedFuture(c.id() + " " + action + " answered " + r.statusCode() + ": " + r.bodyAsString());
  }

  /** Each issued ticket was answered once to one counter, has one 'called' event, and is completed. */
  private static void assertCalledExactlyOnce(List<String> issued, List<Called> calls) {
    assertThat(calls.stream().map(Called::id)).as("tickets answered to a counter").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(issued);
    Map<String, Long> calledEvents = new HashMap<>();
    for (Row r : Stores.sql("SELECT entity_id, count(*) FROM event WHERE entity = 'ticket' AND type = 'called' "
        + "AND point_id = $1 GROUP BY entity_id", POINT)) {
      calledEvents.put(r.getString(0), r.getLong(1));
    }
    assertThat(calledEvents).as("'called' events per ticket").hasSize(issued.size());
    assertThat(calledEvents.values()).containsOnly(1L);
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE point_id = $1 AND status = 'COMPLETED'", POINT))
        .isEqualTo(issued.size());
    assertThat(Stores.redis(Command.HLEN, new DayKeys(POINT, TODAY).queue("passport")).toLong()).isZero();
  }

  /** The shipped catalog and P091, a hall of twenty passport counters. */
  private static JsonObject catalogWithTwentyCounters() throws IOException {
    JsonObject catalog;
    try (InputStream in = TwentyCountersTest.class.getResourceAsStream("/catalog/default-catalog.json")) {
      catalog = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    JsonArray counters = new JsonArray();
    for (int i = 1; i <= COUNTERS; i++) {
      counters.add(new JsonObject().put("id", String.format("C%02d", i))
          .put("services", new JsonArray().add("passport")));
    }
    catalog.getJsonArray("points").add(new JsonObject().put("id", POINT).put("name", "Twenty-counter test hall")
        .put("district", "Test").put("services", new JsonArray().add(new JsonObject().put("id", "passport")))
        .put("kiosks", new JsonArray().add("K991")).put("counters", counters));
    return catalog;
  }
}
