package com.queuehall.queue;

import com.queuehall.catalog.Catalog.CallingRule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The calling rule as an order on waiting tickets at a given moment. call_next.lua takes the first
 * ticket of this order atomically; this Java mirror gives positions and waits for the live feeds,
 * and a test checks that both agree.
 */
public final class CallingOrder {

  private final CallingRule rule;
  private final int green;
  private final int appointment;
  private final int walkIn;

  public CallingOrder(CallingRule rule) {
    this.rule = rule;
    this.green = rule.order().indexOf("green") + 1;
    this.appointment = rule.order().indexOf("appointment") + 1;
    this.walkIn = rule.order().indexOf("walk-in") + 1;
  }

  public CallingRule rule() {
    return rule;
  }

  /** {category, key, arrival, number}: lower goes first. Category 0 is "waited too long". */
  public long[] rank(QueueEntry e, long now) {
    if (now - e.arrivalMs() >= rule.maxWaitMs()) return new long[] {0, e.arrivalMs(), e.arrivalMs(), e.number()};
    if (e.green()) return new long[] {green, e.arrivalMs(), e.arrivalMs(), e.number()};
    if (e.appointment() && e.slotStartMs() > 0 && e.slotStartMs() <= now) {
      return new long[] {appointment, e.slotStartMs(), e.arrivalMs(), e.number()};
    }
    long key = e.appointment() ? e.arrivalMs() + rule.graceMs() : e.arrivalMs();
    return new long[] {walkIn, key, e.arrivalMs(), e.number()};
  }

  public Comparator<QueueEntry> at(long now) {
    return (a, b) -> compare(rank(a, now), rank(b, now));
  }

  /** The tickets in the order they will be called if nothing else arrives. */
  public List<QueueEntry> sorted(Collection<QueueEntry> waiting, long now) {
    List<QueueEntry> out = new ArrayList<>(waiting);
    out.sort(at(now));
    return out;
  }

  /** The ticket a counter serving all these tickets' services calls next, or null. */
  public QueueEntry next(Collection<QueueEntry> waiting, long now) {
    QueueEntry best = null;
    long[] bestRank = null;
    for (QueueEntry e : waiting) {
      long[] r = rank(e, now);
      if (bestRank == null || compare(r, bestRank) < 0) {
        best = e;
        bestRank = r;
      }
    }
    return best;
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) return Long.compare(a[i], b[i]);
    }
    return 0;
  }
}
