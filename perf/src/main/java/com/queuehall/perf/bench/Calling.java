package com.queuehall.perf.bench;

import com.queuehall.catalog.Catalog;
import com.queuehall.queue.CallingOrder;
import com.queuehall.queue.QueueEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The calling rule over a waiting queue: next (what a counter calls) and sorted (every position,
 * for the live feeds). The queue mixes walk-ins, green-channel tickets and appointments, some of
 * them past their slot's start and a few past the maximum wait, so every branch of rank is taken.
 */
@State(Scope.Thread)
public class Calling extends BenchmarkBase {

  @Param({"10", "100", "1000"})
  public int waiting;

  private final CallingOrder order = new CallingOrder(Catalog.CallingRule.DEFAULT);
  private List<QueueEntry> queue;
  private long now;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    now = 1_782_900_000_000L;
    queue = new ArrayList<>(waiting);
    for (int i = 0; i < waiting; i++) {
      long arrival = now - random.nextLong(100 * 60_000L);
      boolean appointment = random.nextInt(10) < 7;
      long slotStart = appointment ? now + random.nextLong(-60 * 60_000L, 60 * 60_000L) : 0;
      boolean green = !appointment && random.nextInt(20) == 0;
      queue.add(new QueueEntry("t" + i, i + 1, green, appointment, arrival, slotStart));
    }
  }

  @Benchmark
  public QueueEntry next() {
    return order.next(queue, now);
  }

  @Benchmark
  public List<QueueEntry> sorted() {
    return order.sorted(queue, now);
  }
}
