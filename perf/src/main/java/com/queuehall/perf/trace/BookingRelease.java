package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.Catalog.Service;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * 08:00, next week's slots open: the attempts of the first minutes. Demand leans to the nearest days
 * and the busy hours, so popular slots fill and later attempts find them full. Duplicates (the same
 * citizen, another slot of the same point, service and day) only follow an attempt certain to succeed
 * and only ask for a slot that is not full, so their answer is certain to be "duplicate".
 */
final class BookingRelease {

  static final int AT = 8 * 3600;
  static final double RETRIES = 0.04;
  static final double DUPLICATES = 0.04;
  static final double FIRST_MINUTE = 0.95;
  static final double[] DAY_WEIGHT = {7, 6, 5, 4, 3, 2.5, 2};

  private record Place(Point point, Service service, int day, String slot, int capacity) {}

  private record Attempt(int index, Place place, int citizen, long ms, String ref) {}

  private final Trace trace;
  private final DayProfile profile;
  private final Citizens citizens;
  private final RandomGenerator rnd;
  private final LocalDate date;
  private final List<Place> places = new ArrayList<>();
  private double[] cumulative;

  BookingRelease(Trace trace, DayProfile profile, Citizens citizens, RandomGenerator rnd, LocalDate date) {
    this.trace = trace;
    this.profile = profile;
    this.citizens = citizens;
    this.rnd = rnd;
    this.date = date;
  }

  /** Adds the burst; returns the week's slot capacity it competes for. */
  int run(List<Point> points, int attempts) {
    if (attempts == 0) return 0;
    index(points);
    if (places.isEmpty()) return 0;
    int retries = (int) Math.round(attempts * RETRIES);
    int duplicates = (int) Math.round(attempts * DUPLICATES);
    int[] demand = new int[places.size()];
    List<Attempt> originals = new ArrayList<>();
    for (int i = 0; i < attempts - retries - duplicates; i++) {
      int p = pick();
      demand[p]++;
      long ms = rnd.nextDouble() < FIRST_MINUTE ? (long) (60_000 * Math.pow(rnd.nextDouble(), 1.3))
          : 60_000 + rnd.nextInt(240_000);
      Attempt a = new Attempt(p, places.get(p), citizens.next(), AT * 1000L + ms, trace.nextBookRef());
      originals.add(a);
      book(a, null, null);
    }
    for (int i = 0; i < retries; i++) {
      Attempt a = originals.get(rnd.nextInt(originals.size()));
      book(new Attempt(a.index, a.place, a.citizen, a.ms + 2000 + rnd.nextInt(6000), trace.nextBookRef()), a.ref, null);
    }
    for (int made = 0, tries = 0; made < duplicates && tries < duplicates * 50; tries++) {
      Attempt a = originals.get(rnd.nextInt(originals.size()));
      int p = a.index;
      int other = sibling(p, demand);
      if (demand[p] > a.place.capacity || other < 0) continue;
      Place to = places.get(other);
      long ms = a.ms + 5000 + rnd.nextInt(15_000);
      book(new Attempt(other, to, a.citizen, ms, trace.nextBookRef()), null, "duplicate");
      made++;
    }
    return places.stream().mapToInt(Place::capacity).sum();
  }

  private void book(Attempt a, String retryOf, String expect) {
    JsonObject b = new JsonObject().put("ref", a.ref).put("point", a.place.point.id())
        .put("service", a.place.service.id()).put("day", date.plusDays(a.place.day).toString())
        .put("slot", a.place.slot).put("citizen", Citizens.id(a.citizen)).put("phone", Citizens.phone(a.citizen))
        .put("retryOf", retryOf);
    if (expect != null) b.put("expect", expect);
    trace.add(a.ms, "book", b);
  }

  /** Another slot of the same point, service and day that is not full. */
  private int sibling(int p, int[] demand) {
    Place at = places.get(p);
    for (int step = 1; step < 40; step++) {
      for (int q : new int[] {p + step, p - step}) {
        if (q < 0 || q >= places.size()) continue;
        Place o = places.get(q);
        if (o.point == at.point && o.service == at.service && o.day == at.day && demand[q] < o.capacity) return q;
      }
    }
    return -1;
  }

  private void index(List<Point> points) {
    List<Double> weights = new ArrayList<>();
    for (Point p : points) {
      for (PointService ps : p.services().values()) {
        Service s = ps.service();
        for (int day = 1; day <= 7; day++) {
          for (String slot : s.grid().slots()) {
            if (ps.slotCapacity() == 0) continue;
            places.add(new Place(p, s, day, slot, ps.slotCapacity()));
            double busy = Math.max(0.1, profile.rate(LocalTime.parse(slot).toSecondOfDay() + 900));
            weights.add(ps.slotCapacity() * DAY_WEIGHT[day - 1] * busy * busy);
          }
        }
      }
    }
    cumulative = new double[weights.size()];
    double sum = 0;
    for (int i = 0; i < cumulative.length; i++) cumulative[i] = sum += weights.get(i);
  }

  private int pick() {
    double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    return Math.min(cumulative.length - 1, i >= 0 ? i + 1 : -i - 1);
  }
}
