package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.Catalog.Service;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The day's citizens at the halls: appointments booked during the night and checked in around their
 * slot, and walk-ins taking a number at a kiosk. Never plans more than a slot's capacity or a
 * point-service's walk-in quota; what a scale beyond them asks for is sent as attempts expected to
 * be refused.
 */
final class DayPlanner {

  /** Share of each walk-in quota and, per business line, of each day's slot capacity used at scale 1. */
  static final double WALK_IN_FILL = 0.94;
  static final Map<String, Double> SLOT_FILL = Map.of("exit-entry", 0.90, "household", 0.70, "traffic", 0.68);
  static final double NEVER_COME = 0.08;
  static final double LATE = 0.12;
  static final double GREEN = 0.03;
  static final double PHONE = 0.30;
  static final double WALK_IN_RETRY = 0.01;
  static final int BOOKING_NIGHT = 3600;

  /** A ticket a counter will call: its service, when it joined the queue, and its calling category. */
  record Visit(String service, int arrival, boolean green, int slotStart) {}

  record Totals(int appointments, int walkIns, int noShows, int refusedExtras) {}

  private final Trace trace;
  private final DayProfile profile;
  private final Citizens citizens;
  private final RandomGenerator rnd;
  private final LocalDate date;
  private int appointments;
  private int walkIns;
  private int noShows;
  private int extras;

  DayPlanner(Trace trace, DayProfile profile, Citizens citizens, RandomGenerator rnd, LocalDate date) {
    this.trace = trace;
    this.profile = profile;
    this.citizens = citizens;
    this.rnd = rnd;
    this.date = date;
  }

  /** Expected tickets at scale 1, to turn --tickets into a scale. */
  static double expectedTickets(List<Point> points, DayProfile profile) {
    double sum = 0;
    for (Point p : points) {
      for (PointService ps : p.services().values()) {
        sum += WALK_IN_FILL * ps.walkInQuota() * openShare(ps, profile)
            + SLOT_FILL.get(ps.service().line()) * openCapacity(ps, profile);
      }
    }
    return sum;
  }

  /** The share of the day's slots that are open: a Sunday morning sees that share of the day's walk-ins. */
  private static double openShare(PointService ps, DayProfile profile) {
    return (double) openCapacity(ps, profile) / Math.max(1, ps.service().grid().slots().size() * ps.slotCapacity());
  }

  private static int openCapacity(PointService ps, DayProfile profile) {
    Service s = ps.service();
    return (int) s.grid().slots().stream().filter(slot -> profile.slotOpen(s, slot)).count() * ps.slotCapacity();
  }

  /** Plans one point and returns the tickets its counters will call. */
  List<Visit> plan(Point point, double scale) {
    List<Visit> visits = new ArrayList<>();
    for (PointService ps : point.services().values()) {
      appointments(point, ps, scale, visits);
      walkIns(point, ps, scale, visits);
    }
    return visits;
  }

  Totals totals() {
    return new Totals(appointments, walkIns, noShows, extras);
  }

  private void appointments(Point point, PointService ps, double scale, List<Visit> visits) {
    Service s = ps.service();
    List<String> slots = s.grid().slots().stream().filter(slot -> profile.slotOpen(s, slot)).toList();
    int wanted = round(SLOT_FILL.get(s.line()) * scale * slots.size() * ps.slotCapacity());
    int[] left = new int[slots.size()];
    java.util.Arrays.fill(left, ps.slotCapacity());
    double[] busy = new double[slots.size()];
    for (int i = 0; i < busy.length; i++) {
      busy[i] = Math.max(0.05, profile.rate(LocalTime.parse(slots.get(i)).toSecondOfDay() + 900));
    }
    int planned = 0;
    for (; planned < wanted; planned++) {
      int i = pickSlot(busy, left);
      if (i < 0) break;
      left[i]--;
      int slotStart = LocalTime.parse(slots.get(i)).toSecondOfDay();
      String booking = book(point, s, slots.get(i), rnd.nextInt(BOOKING_NIGHT * 1000), null);
      appointments++;
      if (rnd.nextDouble() < NEVER_COME) {
        noShows++;
        continue;
      }
      int arrival = rnd.nextDouble() < LATE ? slotStart + 60 + rnd.nextInt(19 * 60)
          : slotStart - 60 - (int) (rnd.nextDouble() * rnd.nextDouble() * 40 * 60);
      trace.add(arrival, "checkin", new JsonObject().put("ref", trace.nextCheckInRef()).put("point", point.id())
          .put("booking", booking).put("phone", rnd.nextDouble() < PHONE));
      visits.add(new Visit(s.id(), arrival, false, slotStart));
    }
    // Beyond every slot's capacity: sent after the night's bookings, so each is certain to find its slot full.
    for (; planned < wanted; planned++, extras++) {
      String slot = slots.get(rnd.nextInt(slots.size()));
      book(point, s, slot, BOOKING_NIGHT * 1000 + rnd.nextInt(BOOKING_NIGHT * 500), "full");
    }
  }

  private String book(Point point, Service s, String slot, int ms, String expect) {
    String ref = trace.nextBookRef();
    int citizen = citizens.next();
    JsonObject b = new JsonObject().put("ref", ref).put("point", point.id()).put("service", s.id())
        .put("day", date.toString()).put("slot", slot).put("citizen", Citizens.id(citizen))
        .put("phone", Citizens.phone(citizen)).put("retryOf", null);
    if (expect != null) b.put("expect", expect);
    trace.add(DayProfile.TRACE_START * 1000L + ms, "book", b);
    return ref;
  }

  /** A non-full slot, more likely where the arrival curve is high. */
  private int pickSlot(double[] busy, int[] left) {
    double total = 0;
    for (int i = 0; i < busy.length; i++) if (left[i] > 0) total += busy[i];
    if (total == 0) return -1;
    double x = rnd.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < busy.length; i++) {
      if (left[i] == 0) continue;
      last = i;
      x -= busy[i];
      if (x < 0) return i;
    }
    return last;
  }

  private void walkIns(Point point, PointService ps, double scale, List<Visit> visits) {
    Service s = ps.service();
    int wanted = round(WALK_IN_FILL * scale * ps.walkInQuota() * openShare(ps, profile));
    int planned = Math.min(wanted, ps.walkInQuota());
    int last = profile.opens(s) - DayProfile.WALK_IN_MARGIN;
    for (int i = 0; i < planned; i++) {
      int arrival = profile.walkInArrival(s, rnd);
      boolean green = rnd.nextDouble() < GREEN;
      issue(point, s, arrival, green, null);
      visits.add(new Visit(s.id(), arrival, green, -1));
      last = Math.max(last, arrival);
      walkIns++;
    }
    // Beyond the quota: after the last planned walk-in of this service, so each is certain to be refused.
    int end = profile.closes(s);
    for (int i = planned; i < wanted; i++, extras++) {
      issue(point, s, Math.min(end, last + 60 + rnd.nextInt(Math.max(1, end - last - 60))), false, "refused");
    }
  }

  private void issue(Point point, Service s, int arrival, boolean green, String expect) {
    String ref = trace.nextWalkInRef();
    boolean phone = expect == null && rnd.nextDouble() < PHONE;
    JsonObject w = new JsonObject().put("ref", ref).put("point", point.id()).put("service", s.id())
        .put("key", point.id() + "-" + ref).put("green", green).put("phone", phone).put("retryOf", null);
    if (expect != null) w.put("expect", expect);
    trace.add(arrival, "issue", w);
    if (rnd.nextDouble() < WALK_IN_RETRY) {
      JsonObject retry = w.copy().put("ref", trace.nextWalkInRef()).put("retryOf", ref);
      trace.add(arrival * 1000L + 2000 + rnd.nextInt(6000), "issue", retry);
    }
  }

  private int round(double x) {
    int whole = (int) Math.floor(x);
    return whole + (rnd.nextDouble() < x - whole ? 1 : 0);
  }
}
