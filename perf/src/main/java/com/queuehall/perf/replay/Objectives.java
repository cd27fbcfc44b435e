package com.queuehall.perf.replay;

import com.queuehall.perf.replay.Latencies.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency objectives a load tester sets for a replay (`--objectives issue:p99:25,check-in:p99.9:100`):
 * each names an operation of the summary table, a percentile (or max) and a limit in milliseconds.
 * The replay judges them on the whole run's latencies, measured from the scheduled send times like
 * every figure it prints. An objective whose operation got no answer cannot be judged met.
 */
record Objectives(List<Objective> list) {

  /** The operations the replayer measures, as the summary table names them. */
  static final List<String> OPERATIONS = List.of("book", "call-next", "call→display", "check-in", "complete", "issue",
      "no-show", "recall", "session", "start", "transfer", "ws-connect");

  private static final Pattern ONE = Pattern.compile("([^:]+):(max|p(\\d{1,2}(?:\\.\\d+)?)):(\\d+(?:\\.\\d+)?)");

  /** One objective: op's latency at percentile (100: the max) is at most limitMs. */
  record Objective(String op, String label, double percentile, double limitMs) {
    @Override
    public String toString() {
      return op + " " + label + " ≤ " + trim(limitMs) + " ms";
    }
  }

  /** How an objective fared: the measured value in ms, or null when nothing was measured. */
  record Judged(Objective objective, Double measuredMs) {
    boolean met() {
      return measuredMs != null && measuredMs <= objective.limitMs();
    }

    String line() {
      if (measuredMs == null) return "objective " + objective + ": MISSED, not measured (no " + objective.op()
          + " answered)";
      return "objective " + objective + ": " + (met() ? "met" : "MISSED") + " ("
          + String.format(Locale.ROOT, "%.2f", measuredMs) + " ms)";
    }
  }

  static final Objectives NONE = new Objectives(List.of());

  /**
   * Reads "op:pNN:ms[,op:pNN:ms…]". The operation is matched ignoring case and punctuation, so
   * "call-display" names call→display. Throws IllegalArgumentException saying what to write instead.
   */
  static Objectives parse(String spec) {
    if (spec == null || spec.isBlank()) return NONE;
    List<Objective> list = new ArrayList<>();
    for (String part : spec.split(",")) {
      Matcher m = ONE.matcher(part.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("--objectives: '" + part.trim() + "' is not OP:PERCENTILE:MS, e.g. "
            + "issue:p99:25 (percentile p50, p99, p99.9 … or max; the limit in milliseconds)");
      }
      String op = operation(m.group(1).trim());
      double percentile = m.group(3) == null ? 100 : Double.parseDouble(m.group(3));
      if (m.group(3) != null && (percentile <= 0 || percentile >= 100)) {
        throw new IllegalArgumentException("--objectives: percentile " + m.group(2) + " of " + op
            + " must be above p0 and below p100 (use max for the largest latency)");
      }
      double limit = Double.parseDouble(m.group(4));
      if (limit <= 0) throw new IllegalArgumentException("--objectives: the limit of " + op + " must be above 0 ms");
      list.add(new Objective(op, m.group(2), percentile, limit));
    }
    return new Objectives(List.copyOf(list));
  }

  private static String operation(String name) {
    for (String op : OPERATIONS) if (key(op).equals(key(name))) return op;
    throw new IllegalArgumentException("--objectives: no operation '" + name + "'; the replay measures "
        + String.join(", ", OPERATIONS));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** Each objective against the run's latencies, in the order given. */
  List<Judged> judge(Map<String, Op> ops) {
    List<Judged> out = new ArrayList<>(list.size());
    for (Objective o : list) {
      Op op = ops.get(o.op());
      if (op == null || op.histogram.getTotalCount() == 0) {
        out.add(new Judged(o, null));
      } else {
        long micros = o.percentile() >= 100 ? op.histogram.getMaxValue()
            : op.histogram.getValueAtPercentile(o.percentile());
        out.add(new Judged(o, micros / 1000.0));
      }
    }
    return out;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
