package com.queuehall.perf.replay;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * Latency per operation, in microseconds, measured from the scheduled send time (open model; see
 * perf/REPLAY.md on coordinated omission), with the count of errors and of unexpected refusals.
 */
final class Latencies {

  /** One operation's figures. */
  static final class Op {
    final Histogram histogram = new Histogram(3_600_000_000L, 3);
    long count;
    long errors;
    long refused;
  }

  private final Map<String, Op> ops = new TreeMap<>();
  private final Map<String, Long> reasons = new TreeMap<>();
  private long errors;
  private long answered;

  /** An answer arrived (or the request failed) for a request scheduled at intendedNanos. */
  synchronized void record(String op, long intendedNanos, long endNanos, Outcome outcome) {
    Op o = ops.computeIfAbsent(op, k -> new Op());
    o.count++;
    answered++;
    if (outcome == Outcome.ERROR) {
      o.errors++;
      errors++;
    } else {
      if (outcome == Outcome.REFUSED) o.refused++;
      o.histogram.recordValue(Math.max(0, Math.min(3_600_000_000L, (endNanos - intendedNanos) / 1000)));
    }
  }

  /** A delay that is not a request, e.g. from a call's answer to its event at a display. */
  synchronized void delay(String op, long micros) {
    Op o = ops.computeIfAbsent(op, k -> new Op());
    o.count++;
    o.histogram.recordValue(Math.max(0, Math.min(3_600_000_000L, micros)));
  }

  /** Why a request was refused or failed: "issue 409 walk-in quota exhausted". */
  synchronized void reason(String op, String why) {
    reasons.merge(op + " " + why, 1L, Long::sum);
  }

  synchronized Map<String, Long> reasons() {
    return new TreeMap<>(reasons);
  }

  synchronized long errors() {
    return errors;
  }

  synchronized long answered() {
    return answered;
  }

  synchronized Map<String, Op> snapshot() {
    return new TreeMap<>(ops);
  }

  enum Outcome { OK, REFUSED, ERROR }
}
