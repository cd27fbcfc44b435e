package com.queuehall.quota;

import com.queuehall.redis.DayKeys;
import com.queuehall.support.Citizens;
import com.queuehall.support.Outages;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis loses everything (FLUSHALL) while kiosks and citizens are being served. Postgres is the
 * truth: the state is rebuilt from it, and no acknowledged ticket or booking may be lost,
 * doubled, or exceed the capacity in force.
 */
class RedisFlushTest {

  private static final String POINT = "P001";
  private static final String SERVICE = "passport";
  private static final int QUOTA = 300;
  private static final int WAVE = 80;
  private static final int WAVES = 8;
  /** Flush once this many answers of the wave are in, so the rest are still being decided or recorded. */
  private static final int FLUSH_AFTER_ANSWERS = 20;
  private static final long FLUSH_WAIT_MS = 20_000;
  private static final LocalDate TOMORROW = TODAY.plusDays(1);
  private static final String SLOT = "11:00";
  private static final int SLOT_CAPACITY = 50;
  private static final int CITIZENS = 150;
  private static final int STORM_REQUESTS = 240;
  private static final int STORM_FLUSHES = 100;
  private static final long STORM_GAP_MS = 20;

  /** When FLUSHALL runs during a wave. */
  private enum Flush { NONE, ONCE, STORM }

  /** One answer, the wave it was sent in, and the highest number committed before that wave. */
  private record Shot(HttpResponse<Buffer> answer, int wave, long committedBefore) {}

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("two FLUSHALLs in the middle of 640 walk-in requests lose and double nothing: "
      + "exactly the quota of 300 is issued, each number once")
  void walkInsAcrossTwoFlushes() {
    try (TestHall hall = TestHall.start()) {
      setWalkInQuota(hall);
      List<Shot> shots = new ArrayList<>();
      for (int wave = 0; wave < WAVES; wave++) {
        int w = wave;
        Flush flush = wave == 1 || wave == 2 ? Flush.ONCE : Flush.NONE;
        shots.addAll(wave(w, WAVE, maxNumber(), flush, i -> hall.issue(POINT, SERVICE, "flush-" + w + "-" + i)));
      }
      assertEveryAnswerIsIssuedOrExhausted(shots);
      assertAcknowledgedExactlyRecorded(shots);
      assertNumbersContinuePastTheFlush(shots);
      assertThat(Stores.redis(Command.HGET, new DayKeys(POINT, TODAY).cap(), "w:" + SERVICE).toInteger())
          .as("the adjusted quota is back in force after the flushes").isEqualTo(QUOTA);
    }
  }

  @Test
  @DisplayName("a FLUSHALL in the middle of 150 citizens booking keeps the adjusted slot capacity: "
      + "50 active appointments, no more, no place or citizen twice")
  void bookingsAcrossAFlush() {
    try (TestHall hall = TestHall.start()) {
      JsonObject change = new JsonObject().put("slots", new JsonObject().put(SLOT, SLOT_CAPACITY));
      assertThat(hall.setQuota(POINT, SERVICE, TOMORROW, change).statusCode()).isEqualTo(200);
      List<Shot> shots = wave(0, CITIZENS, 0, Flush.ONCE, i -> Citizens.book(hall, POINT, SERVICE, TOMORROW, SLOT, i));
      long booked = shots.stream().filter(s -> s.answer.statusCode() == 201).count();
      for (Shot s : shots) {
        if (s.answer.statusCode() != 201) {
          assertThat(s.answer.statusCode()).as(s.answer.bodyAsString()).isEqualTo(409);
          assertThat(s.answer.bodyAsJsonObject().getString("title")).isEqualTo("slot full");
        }
      }
      assertThat(booked).isEqualTo(SLOT_CAPACITY);
      assertSlotRecordsHold(SLOT_CAPACITY);
      JsonObject slot = Citizens.slot(hall, POINT, SERVICE, TOMORROW, SLOT);
      assertThat(slot.getLong("capacity")).as("the adjusted capacity is back in force").isEqualTo(SLOT_CAPACITY);
      assertThat(slot.getLong("remaining")).isZero();
    }
  }

  @Test
  @DisplayName("a Redis flushed up to 100 times while 240 kiosks ask answers each with 201, 409 or 503 "
      + "and Retry-After, never 500, and records exactly what it acknowledged")
  void walkInsThroughAFlushStorm() {
    try (TestHall hall = TestHall.start()) {
      setWalkInQuota(hall);
      List<Shot> shots = new ArrayList<>(
          wave(0, STORM_REQUESTS, 0, Flush.STORM, i -> hall.issue(POINT, SERVICE, "storm-" + i)));
      for (Shot s : shots) {
        int status = s.answer.statusCode();
        assertThat(status).as(s.answer.bodyAsString()).isIn(201, 409, 503);
        if (status == 503) Outages.assertUnavailable(s.answer);
      }
      shots.addAll(wave(1, WAVE, maxNumber(), Flush.NONE, i -> hall.issue(POINT, SERVICE, "calm-" + i)));
      assertThat(shots.stream().filter(s -> s.wave == 1 && s.answer.statusCode() == 201))
          .as("the storm over, issuing goes on").isNotEmpty();
      assertRecordedMatchesAcknowledged(shots);
      assertThat(Stores.count("SELECT count(*) FROM ticket WHERE day = $1", TODAY)).isLessThanOrEqualTo(QUOTA);
    }
  }

  @Test
  @DisplayName("after a FLUSHALL, 80 kiosks asking at once through two server instances (four event loops) load the "
      + "day's state once: the epoch moves by one, and every one of them gets its ticket")
  void oneLoadAfterAFlush() {
    try (TestHall hall = TestHall.start(); TestHall other = TestHall.start()) {
      setWalkInQuota(hall);
      assertThat(Stores.await(hall.issue(POINT, SERVICE, "before-flush")).statusCode()).isEqualTo(201);
      long before = epoch();
      Stores.redis(Command.FLUSHALL);
      List<Shot> shots = wave(0, WAVE, maxNumber(), Flush.NONE,
          i -> (i % 2 == 0 ? hall : other).issue(POINT, SERVICE, "after-flush-" + i));
      assertThat(shots).allSatisfy(s -> assertThat(s.answer.statusCode()).as(s.answer.bodyAsString()).isEqualTo(201));
      assertThat(epoch()).as("epoch after one flush, however many asked").isEqualTo(before + 1);
      assertThat(Stores.count("SELECT count(*) FROM ticket WHERE point_id = $1 AND day = $2", POINT, TODAY))
          .isEqualTo(WAVE + 1);
    }
  }

  private static long epoch() {
    return Stores.count("SELECT epoch FROM redis_epoch WHERE point_id = $1 AND day = $2", POINT, TODAY);
  }

  /**
   * Fires `size` requests at once and, as told, runs FLUSHALL once some answers are in (the rest
   * still in flight), or from then on over and over while answers are outstanding. Waits for
   * every answer; each request has a bounded timeout.
   */
  private static List<Shot> wave(int wave, int size, long committedBefore, Flush flush,
      IntFunction<Future<HttpResponse<Buffer>>> request) {
    AtomicInteger answered = new AtomicInteger();
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) all.add(request.apply(i).andThen(ar -> answered.incrementAndGet()));
    if (flush != Flush.NONE) flushMidWave(answered, size);
    for (int f = 1; flush == Flush.STORM && f < STORM_FLUSHES && answered.get() < size; f++) {
      Outages.sleep(STORM_GAP_MS);
      Stores.redis(Command.FLUSHALL);
    }
    Stores.await(Future.join(all));
    return all.stream().map(f -> new Shot(f.result(), wave, committedBefore)).toList();
  }

  private static void flushMidWave(AtomicInteger answered, int size) {
    long deadline = System.currentTimeMillis() + FLUSH_WAIT_MS;
    while (answered.get() < FLUSH_AFTER_ANSWERS && System.currentTimeMillis() < deadline) Thread.onSpinWait();
    assertThat(answered.get()).as("answers in before the flush").isLessThan(size);
    Stores.redis(Command.FLUSHALL);
  }

  private static void assertEveryAnswerIsIssuedOrExhausted(List<Shot> shots) {
    int issued = 0;
    for (Shot s : shots) {
      if (s.answer.statusCode() == 201) {
        issued++;
      } else {
        assertThat(s.answer.statusCode()).as(s.answer.bodyAsString()).isEqualTo(409);
        assertThat(s.answer.bodyAsJsonObject().getString("title")).isEqualTo("walk-in quota exhausted");
      }
    }
    assertThat(issued).as("tickets acknowledged").isEqualTo(QUOTA);
  }

  private static void assertAcknowledgedExactlyRecorded(List<Shot> shots) {
    assertRecordedMatchesAcknowledged(shots);
    assertThat(Stores.count("SELECT count(DISTINCT walkin_place) FROM ticket WHERE day = $1 AND walkin_place <= $2",
        TODAY, QUOTA)).as("places within the quota, each once").isEqualTo(QUOTA);
    assertThat(Stores.count("SELECT count(*) FROM event WHERE entity = 'ticket' AND type = 'issued'")).isEqualTo(QUOTA);
  }

  /** Every 201 is a row in Postgres, every row was a 201, and no number or place is there twice. */
  private static void assertRecordedMatchesAcknowledged(List<Shot> shots) {
    Set<String> ids = new HashSet<>();
    List<String> numbers = new ArrayList<>();
    for (Shot s : shots) {
      if (s.answer.statusCode() != 201) continue;
      ids.add(s.answer.bodyAsJsonObject().getString("id"));
      numbers.add(s.answer.bodyAsJsonObject().getString("number"));
    }
    assertThat(numbers).doesNotHaveDuplicates();
    Set<String> recorded = new HashSet<>();
    for (Row r : Stores.sql("SELECT id::text FROM ticket WHERE point_id = $1 AND day = $2", POINT, TODAY)) {
      recorded.add(r.getString(0));
    }
    assertThat(recorded).as("Postgres holds exactly the acknowledged tickets").isEqualTo(ids);
    assertThat(Stores.count("SELECT count(DISTINCT number) FROM ticket WHERE day = $1", TODAY)).isEqualTo(ids.size());
    assertThat(Stores.count("SELECT count(DISTINCT walkin_place) FROM ticket WHERE day = $1", TODAY))
        .isEqualTo(ids.size());
  }

  /** Every wave sent after a flush still issues, and only numbers beyond those committed before it. */
  private static void assertNumbersContinuePastTheFlush(List<Shot> shots) {
    for (int wave : List.of(2, 3)) {
      List<Shot> issued = shots.stream().filter(s -> s.wave == wave && s.answer.statusCode() == 201).toList();
      assertThat(issued).as("tickets issued in wave %d, after a flush", wave).isNotEmpty();
      for (Shot s : issued) {
        int number = Integer.parseInt(s.answer.bodyAsJsonObject().getString("number").substring(1));
        assertThat((long) number).as("number issued after the flush").isGreaterThan(s.committedBefore);
      }
    }
  }

  private static void assertSlotRecordsHold(int capacity) {
    String where = " FROM appointment WHERE point_id = $1 AND day = $2 AND slot = '11:00' AND status <> 'CANCELLED'";
    assertThat(Stores.count("SELECT count(*)" + where, POINT, TOMORROW)).isEqualTo(capacity);
    assertThat(Stores.count("SELECT count(DISTINCT place)" + where, POINT, TOMORROW)).isEqualTo(capacity);
    assertThat(Stores.count("SELECT count(DISTINCT citizen_id)" + where, POINT, TOMORROW)).isEqualTo(capacity);
    assertThat(Stores.count("SELECT max(place)" + where, POINT, TOMORROW)).isLessThanOrEqualTo(capacity);
  }

  private static void setWalkInQuota(TestHall hall) {
    assertThat(hall.setQuota(POINT, SERVICE, TODAY, new JsonObject().put("walkIn", QUOTA)).statusCode()).isEqualTo(200);
  }

  private static long maxNumber() {
    return Stores.count("SELECT coalesce(max(number), 0) FROM ticket WHERE point_id = $1 AND day = $2", POINT, TODAY);
  }
}
