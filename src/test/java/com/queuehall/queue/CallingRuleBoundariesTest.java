package com.queuehall.queue;

import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import com.queuehall.support.Stores;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * call_next.lua against CallingOrder.java on the rule's edges, under every calling rule a point may
 * configure. Queue entries are written straight into the queue hashes of a test point-day in Redis
 * and taken one at a time by call_next.lua itself, through the server's ScriptRunner, with the
 * arguments Calls passes. (CallingOrderAgreementTest does the same through the API, under the
 * default rule; this one reaches what the API cannot choose: any order, max wait and grace, and
 * arrivals and slot starts to the millisecond on each boundary.)
 */
class CallingRuleBoundariesTest {

  private static final int QUEUES = 2_000;
  private static final long SEED = 90_15_2L;
  private static final DayKeys KEYS = new DayKeys("P001", LocalDate.of(2000, 1, 1));
  private static final List<String> QUEUE_KEYS = List.of(KEYS.queue("s1"), KEYS.queue("s2"), KEYS.queue("s3"));
  private static final List<List<String>> ORDERS = List.of(List.of("green", "appointment", "walk-in"),
      List.of("appointment", "green", "walk-in"), List.of("appointment", "walk-in", "green"));
  private static final long NOW = 1_800_000_000_000L;
  private static final long MINUTE = 60_000;
  /** The state layout lib.lua's ready_epoch accepts (LAYOUT there). */
  static final String LAYOUT = "2";

  private final ScriptRunner scripts = new ScriptRunner(Stores.redis());

  @BeforeEach
  void reset() {
    Stores.redis(Command.FLUSHALL);
    Stores.await(scripts.loadAll());
    Stores.redis(Command.HSET, KEYS.ctr(), "epoch", "1", "layout", LAYOUT);
  }

  @Test
  @DisplayName("on 2,000 random queues across three services, under random orders, max waits and graces, "
      + "call_next.lua takes the tickets in CallingOrder's order, boundaries included")
  void scriptAndJavaAgree() {
    for (int q = 0; q < QUEUES; q++) {
      Random random = new Random(SEED + q);
      CallingRule rule = new CallingRule(ORDERS.get(random.nextInt(ORDERS.size())), 1 + random.nextInt(120),
          random.nextInt(31), 2);
      List<QueueEntry> entries = entries(random, rule);
      for (QueueEntry e : entries) {
        Stores.redis(Command.HSET, QUEUE_KEYS.get(e.number() % 3), e.ticketId(), e.encode());
      }
      List<String> expected = new CallingOrder(rule).sorted(entries, NOW).stream().map(QueueEntry::ticketId).toList();
      assertThat(takeAll(rule)).as("queue " + q + " (seed " + (SEED + q) + ") under " + rule + ": " + entries)
          .isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("on 2,000 random queues, the position issue_walkin.lua and check_in.lua give a newcomer, and "
      + "the tickets ahead of it in the other queues, are CallingOrder's, boundaries and same-millisecond ties "
      + "included")
  void positionsAgree() {
    for (int q = 0; q < QUEUES; q++) {
      Random random = new Random(SEED + 7 * q);
      CallingRule rule = new CallingRule(ORDERS.get(random.nextInt(ORDERS.size())), 1 + random.nextInt(120),
          random.nextInt(31), 2);
      Stores.redis(Command.FLUSHALL);
      // The newcomer's number is 1 (equal to t1's: ties fall to arrival) or 101 (after every other).
      Stores.redis(Command.HSET, KEYS.ctr(), "epoch", "1", "layout", LAYOUT, "n:N", random.nextBoolean() ? "0" : "100");
      Stores.redis(Command.HSET, KEYS.cap(), "w:s1", "1000");
      List<List<QueueEntry>> queues = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (QueueEntry e : entries(random, rule)) {
        int k = e.number() % 3;
        queues.get(k).add(e);
        Stores.await(scripts.run(Script.ENQUEUE, List.of(KEYS.ctr(), QUEUE_KEYS.get(k)),
            List.of(e.ticketId(), e.encode(), "")));
      }
      int kind = random.nextInt(3);
      long slot = kind < 2 ? 0 : switch (random.nextInt(3)) {
        case 0 -> NOW;
        case 1 -> NOW - MINUTE * random.nextInt(120);
        default -> NOW + MINUTE * (1 + random.nextInt(120));
      };
      Response r = kind < 2 ? issue(rule, kind == 1) : checkIn(rule, slot);
      int at = kind < 2 ? 4 : 3; // where the position is in each script's answer
      QueueEntry newcomer = new QueueEntry("new", r.get(2).toInteger(), kind == 1, kind == 2, NOW, slot);
      var before = new CallingOrder(rule).at(NOW);
      String what = "queue " + q + " (seed " + (SEED + 7 * q) + ") under " + rule + ": " + newcomer
          + " joins " + queues;
      assertThat(r.get(at).toLong()).as("position in " + what)
          .isEqualTo(1 + queues.get(0).stream().filter(e -> before.compare(e, newcomer) < 0).count());
      Response inputs = r.get(at + 1);
      for (int i = 0; i < 3; i++) {
        List<QueueEntry> queue = queues.get(List.of("s1", "s2", "s3").indexOf(inputs.get(3 * i).toString()));
        assertThat(inputs.get(3 * i + 1).toLong()).as("ahead in " + inputs.get(3 * i) + " of " + what)
            .isEqualTo(queue.stream().filter(e -> before.compare(e, newcomer) < 0).count());
      }
    }
  }

  /** issue_walkin.lua for a walk-in (green or not) of service s1 arriving NOW. */
  private Response issue(CallingRule rule, boolean green) {
    List<String> keys = List.of(KEYS.ctr(), KEYS.cap(), KEYS.idem(), QUEUE_KEYS.get(0), KEYS.hall(),
        QUEUE_KEYS.get(1), QUEUE_KEYS.get(2));
    List<String> args = List.of("s1", "N", "key", "new", String.valueOf(NOW), green ? "1" : "0", rule.orderArg(),
        String.valueOf(rule.maxWaitMs()), String.valueOf(rule.graceMs()), "s2", "s3");
    return Stores.await(scripts.run(Script.ISSUE_WALKIN, keys, args));
  }

  /** check_in.lua for an appointment of service s1 with this slot start, checking in NOW. */
  private Response checkIn(CallingRule rule, long slot) {
    List<String> keys = List.of(KEYS.ctr(), KEYS.chk(), QUEUE_KEYS.get(0), KEYS.hall(), QUEUE_KEYS.get(1),
        QUEUE_KEYS.get(2));
    List<String> args = List.of("appointment", "N", "new", String.valueOf(NOW), String.valueOf(slot),
        rule.orderArg(), String.valueOf(rule.maxWaitMs()), String.valueOf(rule.graceMs()), "s1", "s2", "s3");
    return Stores.await(scripts.run(Script.CHECK_IN, keys, args));
  }

  /** call_next.lua until EMPTY: the ticket ids in the order it took them. */
  private List<String> takeAll(CallingRule rule) {
    List<String> keys = new ArrayList<>();
    keys.add(KEYS.ctr());
    keys.addAll(QUEUE_KEYS);
    List<String> args = List.of(String.valueOf(NOW), rule.orderArg(), String.valueOf(rule.maxWaitMs()),
        String.valueOf(rule.graceMs()));
    List<String> taken = new ArrayList<>();
    for (Response r = take(keys, args); "OK".equals(r.get(0).toString()); r = take(keys, args)) {
      taken.add(r.get(2).toString());
    }
    return taken;
  }

  private Response take(List<String> keys, List<String> args) {
    return Stores.await(scripts.run(Script.CALL_NEXT, keys, args));
  }

  /**
   * One to twelve entries with distinct arrivals: on a minute grid (so that arrivals fall exactly
   * on the max wait and early check-ins exactly on a walk-in's grace) or anywhere to the
   * millisecond; slots begun, beginning now, or still ahead.
   */
  private static List<QueueEntry> entries(Random random, CallingRule rule) {
    Set<Long> arrivals = new HashSet<>();
    List<QueueEntry> out = new ArrayList<>();
    int n = 1 + random.nextInt(12);
    for (int i = 1; i <= n; i++) {
      long arrival = switch (random.nextInt(4)) {
        case 0 -> NOW - rule.maxWaitMs() + MINUTE * (random.nextInt(3) - 1);
        case 1 -> NOW - random.nextInt(3 * 60 * 60_000);
        default -> NOW - MINUTE * random.nextInt(180);
      };
      if (!arrivals.add(arrival)) continue;
      boolean appointment = random.nextInt(3) == 0;
      boolean green = !appointment && random.nextInt(4) == 0;
      long slot = !appointment ? 0 : switch (random.nextInt(3)) {
        case 0 -> NOW;
        case 1 -> NOW - MINUTE * random.nextInt(120);
        default -> NOW + MINUTE * (1 + random.nextInt(120));
      };
      out.add(new QueueEntry("t" + i, i, green, appointment, arrival, slot));
    }
    // An early check-in and a walk-in exactly its grace later, now and then.
    QueueEntry early = out.stream().filter(e -> e.appointment() && e.slotStartMs() > NOW).findFirst().orElse(null);
    if (early != null && random.nextBoolean() && !arrivals.contains(early.arrivalMs() + rule.graceMs())
        && early.arrivalMs() + rule.graceMs() <= NOW) {
      out.add(new QueueEntry("t" + (n + 1), n + 1, false, false, early.arrivalMs() + rule.graceMs(), 0));
    }
    return out;
  }
}
