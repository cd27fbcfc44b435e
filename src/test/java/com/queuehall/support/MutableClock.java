package com.queuehall.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock a test moves by hand, to let minutes pass (max wait, slots beginning) without waiting. */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public MutableClock(Instant start, ZoneId zone) {
    this.now = new AtomicReference<>(start);
    this.zone = zone;
  }

  /** Starts at 10:00 today, Asia/Shanghai, like TestHall's fixed clock. */
  public static MutableClock atTenToday() {
    return new MutableClock(TestHall.CLOCK.instant(), TestHall.ZONE);
  }

  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    MutableClock parent = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId z) {
        return parent.withZone(z);
      }

      @Override
      public Instant instant() {
        return parent.instant();
      }
    };
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
