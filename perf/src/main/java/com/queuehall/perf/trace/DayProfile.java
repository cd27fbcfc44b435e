package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog.Service;
import java.time.LocalTime;
import java.util.random.RandomGenerator;

/**
 * When citizens come: the intraday arrival curve (a morning peak, a lower afternoon peak, extended
 * evenings) and the hours of each service, or the Sunday-morning off-peak session. Times are
 * seconds of the local day.
 */
final class DayProfile {

  static final int TRACE_START = 5 * 3600;
  static final int SUNDAY_CLOSE = 12 * 3600;
  /** Relative arrival rate at each half hour from 07:30 to 22:00; linear in between. */
  private static final double[] CURVE = {0.3, 0.6, 1.0, 1.5, 1.8, 1.8, 1.5, 1.2, 0.9, 0.6, 0.5, 0.6, 0.9, 1.2, 1.45,
      1.5, 1.4, 1.2, 1.0, 0.85, 0.75, 0.65, 0.6, 0.55, 0.45, 0.35, 0.3, 0.3, 0.2, 0.0};
  private static final int CURVE_START = 7 * 3600 + 1800;
  private static final double CURVE_MAX = 1.8;
  /** Walk-ins may take a number this long before a service opens and until this long before it closes. */
  static final int WALK_IN_MARGIN = 15 * 60;

  private final boolean sunday;

  DayProfile(boolean sunday) {
    this.sunday = sunday;
  }

  boolean sunday() {
    return sunday;
  }

  double rate(int second) {
    double x = (second - CURVE_START) / 1800.0;
    if (x < 0 || x >= CURVE.length - 1) return 0;
    int i = (int) x;
    return CURVE[i] + (CURVE[i + 1] - CURVE[i]) * (x - i);
  }

  int opens(Service s) {
    return s.grid().start().toSecondOfDay();
  }

  /** Exit-entry to 20:00, driving tests to 22:00 (the catalog's grids); Sundays close at noon. */
  int closes(Service s) {
    int end = s.grid().end().toSecondOfDay();
    return sunday ? Math.min(end, SUNDAY_CLOSE) : end;
  }

  boolean slotOpen(Service s, String slot) {
    int start = LocalTime.parse(slot).toSecondOfDay();
    return start + s.grid().minutes() * 60 <= closes(s);
  }

  /** A walk-in's arrival, drawn from the curve within the service's hours. */
  int walkInArrival(Service s, RandomGenerator rnd) {
    return draw(opens(s) - WALK_IN_MARGIN, closes(s) - WALK_IN_MARGIN, rnd);
  }

  int draw(int from, int to, RandomGenerator rnd) {
    for (int i = 0; i < 1000; i++) {
      int t = from + rnd.nextInt(Math.max(1, to - from));
      if (rnd.nextDouble() * CURVE_MAX < Math.max(rate(t), 0.05)) return t;
    }
    return from;
  }
}
