package com.queuehall.queue;

import com.queuehall.queue.WaitSimulation.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * How well the estimates given at the kiosk matched the waits that followed, for a group of
 * walk-ins. Percentiles are nearest-rank; all figures are seconds.
 *
 * @param tickets walk-ins that were called
 * @param medianActual the median actual wait, for scale
 * @param medianAbsError the median of |estimated − actual|
 * @param p90AbsError the 90th percentile of |estimated − actual|
 * @param medianError the median of estimated − actual: negative when the kiosk promises too little
 */
public record WaitFigures(int tickets, long medianActual, long medianAbsError, long p90AbsError, long medianError) {

  public static WaitFigures of(List<Outcome> outcomes) {
    ToLongFunction<Outcome> absError = o -> Math.abs(o.errorSeconds());
    return new WaitFigures(outcomes.size(), percentile(outcomes, 0.5, Outcome::actualSeconds),
        percentile(outcomes, 0.5, absError), percentile(outcomes, 0.9, absError),
        percentile(outcomes, 0.5, Outcome::errorSeconds));
  }

  /** "all" first, then each service in name order; walk-ins never called are left out. */
  public static Map<String, WaitFigures> byService(List<Outcome> outcomes) {
    List<Outcome> called = outcomes.stream().filter(o -> o.calledAt() != null).toList();
    Map<String, List<Outcome>> groups = new TreeMap<>();
    for (Outcome o : called) groups.computeIfAbsent(o.citizen().service(), k -> new ArrayList<>()).add(o);
    Map<String, WaitFigures> out = new LinkedHashMap<>();
    out.put("all", of(called));
    groups.forEach((service, list) -> out.put(service, of(list)));
    return out;
  }

  /** A table in minutes, one row per group. */
  public static String table(Map<String, WaitFigures> figures) {
    StringBuilder s = new StringBuilder(String.format("%-18s %7s %12s %14s %14s %12s%n", "service", "tickets",
        "median wait", "median |error|", "p90 |error|", "median bias"));
    figures.forEach((group, f) -> s.append(String.format("%-18s %7d %10.1f m %12.1f m %12.1f m %+10.1f m%n", group,
        f.tickets, f.medianActual / 60.0, f.medianAbsError / 60.0, f.p90AbsError / 60.0, f.medianError / 60.0)));
    return s.toString();
  }

  private static long percentile(List<Outcome> outcomes, double p, ToLongFunction<Outcome> value) {
    if (outcomes.isEmpty()) return 0;
    long[] v = outcomes.stream().mapToLong(value).toArray();
    Arrays.sort(v);
    return v[(int) Math.ceil(p * v.length) - 1];
  }
}
