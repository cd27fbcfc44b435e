package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog.Counter;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.Service;
import com.queuehall.perf.trace.DayPlanner.Visit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One point's counters through the day: each opens its session, calls whenever it is free and a
 * ticket waits, and stays open until the queue it serves is empty ("staff do not go home until
 * every applicant has been accepted"). Service times are lognormal around the catalog's minutes.
 */
final class CounterDay {

  static final double RECALL = 0.06;
  static final double NO_SHOW = 0.02;
  static final double TRANSFER = 0.02;
  static final double SERVICE_SIGMA = 0.45;
  static final int RECALL_SECONDS = 30;
  /** A call comes a few seconds after the ticket's issue or check-in, which must be answered first. */
  static final int ANSWERED = 3;
  static final Map<String, String> TRANSFER_PAIR = Map.of("passport", "hkmo-permit", "hkmo-permit", "passport");
  /**
   * Staff sign in over the minutes before their first service opens, and sign out over the minutes
   * after their last ticket, one by one: not every counter of the city in the same second.
   */
  static final int SIGN_IN_SECONDS = 300;
  static final int SIGN_OUT_SECONDS = 240;
  /** The minute a counter stays open after its services close and its queue is empty. */
  static final int CLOSE_AFTER_SECONDS = 60;

  record Totals(int calls, int recalls, int noShows, int transfers) {}

  private final Trace trace;
  private final DayProfile profile;
  private final RandomGenerator rnd;
  /** Sign-in and sign-out times only, apart from rnd: the day's calls do not depend on them. */
  private final RandomGenerator staff;
  private int calls;
  private int recalls;
  private int noShows;
  private int transfers;

  CounterDay(Trace trace, DayProfile profile, RandomGenerator rnd, RandomGenerator staff) {
    this.trace = trace;
    this.profile = profile;
    this.rnd = rnd;
    this.staff = staff;
  }

  Totals totals() {
    return new Totals(calls, recalls, noShows, transfers);
  }

  private static final class Desk {
    final Counter counter;
    int freeAt;
    int closesAt;
    boolean done;

    Desk(Counter counter, int opensAt, int closesAt) {
      this.counter = counter;
      this.freeAt = opensAt;
      this.closesAt = closesAt;
    }
  }

  void run(Point point, List<Visit> visits) {
    List<Visit> waiting = new ArrayList<>(visits);
    List<Desk> desks = new ArrayList<>();
    for (Counter c : point.counters()) {
      int opens = c.services().stream().mapToInt(s -> profile.opens(service(point, s))).min().orElse(0);
      int closes = c.services().stream().mapToInt(s -> profile.closes(service(point, s))).max().orElse(0);
      desks.add(new Desk(c, opens, closes));
      trace.add(opens - staff.nextInt(SIGN_IN_SECONDS + 1), "session", session(point, c, "open"));
    }
    for (Desk d = next(desks); d != null; d = next(desks)) {
      Visit v = callable(d, waiting);
      if (v == null) {
        d.done = true;
        continue;
      }
      waiting.remove(v);
      int before = waiting.size();
      d.freeAt = call(point, d, v, Math.max(d.freeAt, v.arrival() + ANSWERED), waiting);
      // A transfer puts the ticket back in a queue: counters that had finished may serve it.
      if (waiting.size() > before) desks.forEach(x -> x.done = false);
    }
    for (Desk d : desks) {
      trace.add(Math.max(d.closesAt, d.freeAt) + CLOSE_AFTER_SECONDS + staff.nextInt(SIGN_OUT_SECONDS + 1), "session",
          session(point, d.counter, "closed"));
    }
  }

  private static Service service(Point point, String id) {
    return point.services().get(id).service();
  }

  private static Desk next(List<Desk> desks) {
    Desk best = null;
    for (Desk d : desks) if (!d.done && (best == null || d.freeAt < best.freeAt)) best = d;
    return best;
  }

  /** The ticket the counter calls next: the first to arrive if none waits yet, else by the calling order. */
  private static Visit callable(Desk d, List<Visit> waiting) {
    Visit first = null;
    Visit best = null;
    for (Visit v : waiting) {
      if (!d.counter.services().contains(v.service())) continue;
      if (first == null || v.arrival() < first.arrival()) first = v;
      if (v.arrival() <= d.freeAt && (best == null || rank(v, d.freeAt) < rank(best, d.freeAt))) best = v;
    }
    return best != null ? best : first;
  }

  /** Green first, then appointments whose slot has begun, then by arrival (early appointments a bit later). */
  private static long rank(Visit v, int now) {
    if (v.green()) return v.arrival();
    if (v.slotStart() >= 0 && v.slotStart() <= now) return 100_000L + v.arrival();
    return 200_000L + v.arrival() + (v.slotStart() >= 0 ? 15 * 60 : 0);
  }

  private int call(Point point, Desk d, Visit v, int at, List<Visit> waiting) {
    calls++;
    String transferTo = TRANSFER_PAIR.get(v.service());
    boolean canTransfer = transferTo != null && d.counter.services().contains(v.service())
        && point.services().containsKey(transferTo);
    double roll = rnd.nextDouble();
    int recalled = roll < NO_SHOW ? 2 : roll < NO_SHOW + RECALL ? 1 : 0;
    boolean noShow = recalled == 2;
    boolean transfer = !noShow && canTransfer && rnd.nextDouble() < TRANSFER;
    int minutes = point.services().get(v.service()).service().serviceMinutes();
    int seconds = (int) Math.max(30, Math.round(minutes * 60 * Math.exp(SERVICE_SIGMA * rnd.nextGaussian())));
    if (noShow) seconds = 0;
    if (transfer) seconds = Math.max(30, seconds / 4);
    recalls += recalled;
    if (noShow) noShows++;
    if (transfer) {
      transfers++;
      waiting.add(new Visit(transferTo, at + recalled * RECALL_SECONDS + seconds, v.green(), v.slotStart()));
    }
    trace.add(at, "call", new JsonObject().put("point", point.id()).put("counter", d.counter.id())
        .put("serviceSeconds", seconds).put("recalls", recalled).put("noShow", noShow)
        .put("transferTo", transfer ? transferTo : null));
    return at + recalled * RECALL_SECONDS + seconds + 15;
  }

  private static JsonObject session(Point point, Counter c, String status) {
    return new JsonObject().put("point", point.id()).put("counter", c.id())
        .put("services", new JsonArray(new ArrayList<>(c.services()))).put("status", status);
  }
}
