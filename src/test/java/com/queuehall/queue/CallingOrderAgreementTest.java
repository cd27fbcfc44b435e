package com.queuehall.queue;

import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.MutableClock;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static com.queuehall.support.TestHall.TODAY;
import static com.queuehall.support.TestHall.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calling rule is written twice: in lib.lua, which call_next.lua uses to take the next ticket,
 * and in CallingOrder.java, which gives the positions and waits tickets show. Here they must agree
 * on a few hundred random queues built entirely through the API, with a clock the test moves:
 * appointments are booked at 08:00, then walk-ins, green-channel tickets and check-ins arrive at
 * random times (some exactly 90 minutes before the calling moment, some on the 15-minute grace of
 * an early check-in), and at a random moment (some exactly when their slot begins) one counter that
 * serves all three services of P001 calls until 204. The calls must come in CallingOrder.sorted
 * order, every position a kiosk printed must be the Java position within its queue, and what a
 * ticket's GET shows at the calling moment (read in Lua from the arrival indexes) must be the
 * position and estimate the phones' standings give (Java, over the whole point).
 */
class CallingOrderAgreementTest {

  private static final int QUEUES = 200;
  private static final long SEED = 20_260_701L;
  private static final List<String> SERVICES = List.of("passport", "hkmo-permit", "hkmo-endorsement");
  private static final Map<String, Integer> SLOT_CAPACITY =
      Map.of("passport", 4, "hkmo-permit", 3, "hkmo-endorsement", 2);
  private static final LocalTime FIRST_SLOT = LocalTime.of(8, 30);
  private static final LocalTime OPENING = LocalTime.of(8, 0);
  private static final CallingOrder ORDER = new CallingOrder(CallingRule.DEFAULT);
  private static final MutableClock CLOCK = MutableClock.atTenToday();
  private static TestHall hall;

  private enum Kind { WALK_IN, GREEN, APPOINTMENT }

  /** One ticket to come: its service, kind, arrival (seconds of the day) and, for an appointment, its slot. */
  private record Arrival(String service, Kind kind, int second, LocalTime slot) {}

  @BeforeAll
  static void start() {
    hall = TestHall.start(TestHall.config(TestHall.freePort()), CLOCK);
  }

  @AfterAll
  static void stop() {
    hall.close();
  }

  @Test
  @DisplayName("on 200 random queues built through the API, call-next calls in CallingOrder's order, "
      + "every printed position is CallingOrder's, and every ticket's GET shows CallingOrder's position and estimate")
  void luaAndJavaAgree() {
    Kiosk kiosk = Kiosk.at(hall, "P001");
    Stores.reset();
    CounterTerminal counter = CounterTerminal.at(hall, "P001", "C05").opens(SERVICES.toArray(new String[0]));
    int citizen = 0;
    for (int q = 0; q < QUEUES; q++) {
      Random random = new Random(SEED + q);
      int now = moment(random);
      List<Arrival> arrivals = arrivals(random, now);
      emptyTheDay();
      at(OPENING.toSecondOfDay());
      Map<Arrival, String> codes = new HashMap<>();
      for (Arrival a : arrivals) {
        if (a.kind == Kind.APPOINTMENT) codes.put(a, kiosk.book(a.service, TODAY, a.slot.toString(), ++citizen));
      }
      String what = "queue " + q + " (seed " + (SEED + q) + ") at " + LocalTime.ofSecondOfDay(now) + ": " + arrivals;
      Map<String, List<QueueEntry>> waiting = new HashMap<>();
      List<QueueEntry> all = new ArrayList<>();
      Map<QueueEntry, String> ids = new HashMap<>();
      for (Arrival a : arrivals) {
        long arrivalMs = at(a.second).toEpochMilli();
        JsonObject t = switch (a.kind) {
          case WALK_IN -> kiosk.walkIn(a.service);
          case GREEN -> kiosk.green(a.service);
          case APPOINTMENT -> kiosk.checkIn(codes.get(a));
        };
        // Keyed by number rather than id, so that a failure reads as the numbers a hall would call.
        QueueEntry e = new QueueEntry(t.getString("number"), Integer.parseInt(t.getString("number").substring(1)),
            a.kind == Kind.GREEN, a.kind == Kind.APPOINTMENT, arrivalMs,
            a.slot == null ? 0 : TODAY.atTime(a.slot).atZone(ZONE).toInstant().toEpochMilli());
        List<QueueEntry> queue = waiting.computeIfAbsent(a.service, s -> new ArrayList<>());
        queue.add(e);
        assertThat(t.getLong("position")).as("position of " + e.ticketId() + " in " + what)
            .isEqualTo(ORDER.sorted(queue, arrivalMs).indexOf(e) + 1);
        all.add(e);
        ids.put(e, t.getString("id"));
      }
      long nowMs = at(now).toEpochMilli();
      assertStandingsShown(what, waiting, all, ids, nowMs);
      List<String> expected = ORDER.sorted(all, nowMs).stream().map(QueueEntry::ticketId).toList();
      assertThat(counter.callAll()).as(what).isEqualTo(expected);
    }
  }

  /**
   * What GET /tickets/{id} shows of each waiting ticket at the calling moment (ticket_standing.lua,
   * the indexes) is what the phones' standings give (CallingOrder over the whole point): its place
   * in its queue, and the estimate from the tickets of every queue called before it, with C05 (all
   * three services) the one counter open and no service time measured yet.
   */
  private static void assertStandingsShown(String what, Map<String, List<QueueEntry>> waiting, List<QueueEntry> all,
      Map<QueueEntry, String> ids, long nowMs) {
    Map<String, Double> seconds = new HashMap<>();
    hall.server().catalog().point("P001").orElseThrow().services()
        .forEach((id, ps) -> seconds.put(id, ps.service().serviceMinutes() * 60.0));
    WaitEstimate estimate = new WaitEstimate(seconds, List.of(java.util.Set.copyOf(SERVICES)));
    Map<String, Long> ahead = new HashMap<>();
    for (QueueEntry e : ORDER.sorted(all, nowMs)) {
      String service = waiting.entrySet().stream().filter(q -> q.getValue().contains(e)).findFirst().orElseThrow()
          .getKey();
      JsonObject shown = hall.call(io.vertx.core.http.HttpMethod.GET, "/api/v1/tickets/" + ids.get(e), null,
              Map.of(), null)
          .bodyAsJsonObject();
      assertThat(shown.getLong("position")).as("position shown for " + e.ticketId() + " in " + what)
          .isEqualTo(ORDER.sorted(waiting.get(service), nowMs).indexOf(e) + 1);
      assertThat(shown.getLong("estimatedWaitSeconds")).as("estimate shown for " + e.ticketId() + " in " + what)
          .isEqualTo(estimate.seconds(service, ahead));
      ahead.merge(service, 1L, Long::sum);
    }
  }

  /** Stores.reset without TRUNCATE, which costs more than a queue here; the counter's session stays. */
  private static void emptyTheDay() {
    Stores.sql("DELETE FROM event");
    Stores.sql("DELETE FROM ticket");
    Stores.sql("DELETE FROM appointment");
    Stores.sql("DELETE FROM redis_epoch");
    Stores.redis(Command.FLUSHALL);
  }

  private static Instant at(int secondOfDay) {
    Instant t = TODAY.atTime(LocalTime.ofSecondOfDay(secondOfDay)).atZone(ZONE).toInstant();
    CLOCK.set(t);
    return t;
  }

  /** The calling moment, between 09:00 and 12:30; one in four exactly when a slot begins. */
  private static int moment(Random random) {
    int from = LocalTime.of(9, 0).toSecondOfDay();
    int to = LocalTime.of(12, 30).toSecondOfDay();
    if (random.nextInt(4) == 0) return from + 1800 * random.nextInt((to - from) / 1800 + 1);
    return from + random.nextInt(to - from);
  }

  /**
   * One to ten arrivals before the moment, at distinct seconds, in the order they come: up to 150
   * minutes before it (so some waited past 90), some exactly 90 minutes before it, some walk-ins
   * exactly 15 minutes after an early check-in. Appointments take slots from 08:30 to an hour after
   * the moment, within the slots' capacity.
   */
  private static List<Arrival> arrivals(Random random, int now) {
    int earliest = Math.max(OPENING.toSecondOfDay() + 1, now - 150 * 60);
    TreeSet<Integer> taken = new TreeSet<>();
    Map<String, Integer> slotsTaken = new HashMap<>();
    List<Arrival> out = new ArrayList<>();
    int n = 1 + random.nextInt(10);
    for (int i = 0; i < n; i++) {
      String service = SERVICES.get(random.nextInt(SERVICES.size()));
      int roll = random.nextInt(10);
      Kind kind = roll < 2 ? Kind.GREEN : roll < 5 ? Kind.APPOINTMENT : Kind.WALK_IN;
      int second = earliest + random.nextInt(now - earliest + 1);
      int boundary = random.nextInt(8);
      if (boundary == 0 && now - 90 * 60 >= earliest) second = now - 90 * 60;
      Arrival early = out.stream().filter(a -> a.kind == Kind.APPOINTMENT && a.slot.toSecondOfDay() > a.second)
          .findAny().orElse(null);
      if (boundary == 1 && early != null && early.second + 15 * 60 <= now) {
        second = early.second + 15 * 60;
        kind = Kind.WALK_IN;
      }
      if (!taken.add(second)) continue;
      LocalTime slot = null;
      if (kind == Kind.APPOINTMENT) {
        int last = Math.min(now + 3600, LocalTime.of(19, 30).toSecondOfDay());
        slot = FIRST_SLOT.plusMinutes(30L * random.nextInt((last - FIRST_SLOT.toSecondOfDay()) / 1800 + 1));
        if (now % 1800 == 0 && random.nextBoolean()) slot = LocalTime.ofSecondOfDay(now); // begins at the moment
        if (slotsTaken.merge(service + slot, 1, Integer::sum) > SLOT_CAPACITY.get(service)) kind = Kind.WALK_IN;
        if (kind == Kind.WALK_IN) slot = null;
      }
      out.add(new Arrival(service, kind, second, slot));
    }
    out.sort(Comparator.comparingInt(Arrival::second));
    return out;
  }
}
