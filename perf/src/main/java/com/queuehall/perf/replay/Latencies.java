package com.queuehall.perf.replay;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

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

  /** The operations also broken down by the virtual hour they were scheduled in. */
  static final List<String> HOURLY = List.of("issue", "check-in", "call-next", "book");

  private final Map<String, Op> ops = new TreeMap<>();
  /** "HH:00" (virtual, the trace's zone) → op → its latencies in that hour. */
  private final Map<String, Map<String, Op>> hourly = new TreeMap<>();
  private LongFunction<String> hourOf;
  private final Map<String, Long> reasons = new TreeMap<>();
  private final Map<String, Long> notes = new TreeMap<>();
  private long errors;
  private long answered;

  /** An answer arrived (or the request failed) for a request scheduled at intendedNanos. */
  synchronized void record(String op, long intendedNanos, long endNanos, Outcome outcome) {
    Op o = ops.computeIfAbsent(op, k -> new Op());
    o.count++;
    answered++;
    Op h = hourOf == null || !HOURLY.contains(op) ? null
        : hourly.computeIfAbsent(hourOf.apply(intendedNanos), k -> new TreeMap<>()).computeIfAbsent(op, k -> new Op());
    if (h != null) h.count++;
    if (outcome == Outcome.ERROR) {
      o.errors++;
      errors++;
      if (h != null) h.errors++;
    } else {
      if (outcome == Outcome.REFUSED) o.refused++;
      long micros = Math.max(0, Math.min(3_600_000_000L, (endNanos - intendedNanos) / 1000));
      o.histogram.recordValue(micros);
      if (h != null) h.histogram.recordValue(micros);
    }
  }

  /** From now on, also break HOURLY's latencies down by the hour their scheduled time (nanoTime) falls in. */
  synchronized void byHour(LongFunction<String> hourOfScheduled) {
    this.hourOf = hourOfScheduled;
  }

  synchronized Map<String, Map<String, Op>> hourly() {
    return new TreeMap<>(hourly);
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

  /** A normal answer worth counting apart: "call-next 204 nobody waiting". */
  synchronized void note(String op, String what) {
    notes.merge(op + " " + what, 1L, Long::sum);
  }

  synchronized Map<String, Long> notes() {
    return new TreeMap<>(notes);
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
