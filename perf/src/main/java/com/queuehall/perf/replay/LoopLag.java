package com.queuehall.perf.replay;

import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.function.LongFunction;

/**
 * How late the replayer's own event loop runs: a timer due every {@link #PERIOD_MS} ms records how
 * long after its time it fired. The pump sends, and reads every answer, on that loop, so while it is
 * late by L, requests go out and answers are read up to L late, and every latency measured then
 * carries up to L of the replayer's own delay, not the server's. A load tester reads this before
 * blaming the server for a tail, and the time of the worst lag tells which part of the day it hit.
 */
final class LoopLag {

  static final long PERIOD_MS = 10;
  /** Above this p99, the verdict warns that the replayer's own delay is in the latencies. */
  static final double WARN_P99_MS = 10;

  private final Histogram lagMicros = new Histogram(3_600_000_000L, 3);
  /** The worst lag, and when (nanoTime) its timer was due: the loop ran late from then on. */
  private long worstNanos = -1;
  private long worstDue;
  private volatile boolean running;

  /** Starts the probe on the calling context's event loop: call it where the pump runs. */
  void start(Vertx vertx) {
    running = true;
    schedule(vertx);
  }

  void stop() {
    running = false;
  }

  private void schedule(Vertx vertx) {
    long due = System.nanoTime() + PERIOD_MS * 1_000_000;
    vertx.setTimer(PERIOD_MS, id -> {
      record(System.nanoTime() - due, due);
      if (running) schedule(vertx);
    });
  }

  /** A timer due at `due` (nanoTime) that fired `lateNanos` after it. */
  synchronized void record(long lateNanos, long due) {
    lagMicros.recordValue(Math.max(0, Math.min(3_600_000_000L, lateNanos / 1000)));
    if (lateNanos > worstNanos) {
      worstNanos = lateNanos;
      worstDue = due;
    }
  }

  synchronized double percentileMs(double p) {
    return lagMicros.getValueAtPercentile(p) / 1000.0;
  }

  synchronized double maxMs() {
    return lagMicros.getMaxValue() / 1000.0;
  }

  synchronized long samples() {
    return lagMicros.getTotalCount();
  }

  /**
   * The summary's line: the lag's percentiles, and when the worst lag began, as `traceTime` tells
   * the trace time of a nanoTime (compare it with the by-hour table and the trace's bursts).
   */
  synchronized String line(LongFunction<String> traceTime) {
    String line = String.format(Locale.ROOT, "replayer event-loop lag (a %d ms timer, %d samples): p50 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms", PERIOD_MS, samples(), percentileMs(50), percentileMs(99), maxMs());
    return worstNanos < 0 ? line : line + " from " + traceTime.apply(worstDue) + " (trace time)";
  }

  /** A warning when the replayer itself was late often enough to show in the latencies' tails, else null. */
  String warning() {
    double p99 = percentileMs(99);
    if (p99 <= WARN_P99_MS) return null;
    return String.format(Locale.ROOT, "WARNING: the replayer's own event loop ran late (p99 %.1f ms, max %.1f ms):"
        + " the latencies include up to that much of the replayer's own delay. Run the replayer on another"
        + " machine, or at a lower speed, to measure the server alone", p99, maxMs());
  }
}
