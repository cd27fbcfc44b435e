package com.queuehall.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock for replaying a whole day faster than real time: it starts at a given instant when the
 * server starts and runs `speed` times faster. Only for load tests (QH_CLOCK); every domain time
 * (issued, called, slots beginning, the day itself) follows it.
 */
public final class ScaledClock extends Clock {

  private final Instant start;
  private final long startNanos;
  private final double speed;
  private final ZoneId zone;

  public ScaledClock(Instant start, double speed, ZoneId zone) {
    this(start, System.nanoTime(), speed, zone);
  }

  private ScaledClock(Instant start, long startNanos, double speed, ZoneId zone) {
    if (speed <= 0) throw new IllegalArgumentException("clock speed must be positive");
    this.start = start;
    this.startNanos = startNanos;
    this.speed = speed;
    this.zone = zone;
  }

  /** "2026-07-15T07:00:00+08:00@1000": start at that instant, run 1000 times faster. */
  public static ScaledClock parse(String spec) {
    int at = spec.lastIndexOf('@');
    Instant start = java.time.OffsetDateTime.parse(at < 0 ? spec : spec.substring(0, at)).toInstant();
    double speed = at < 0 ? 1 : Double.parseDouble(spec.substring(at + 1));
    return new ScaledClock(start, speed, ZoneId.of("UTC"));
  }

  public double speed() {
    return speed;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ScaledClock(start, startNanos, speed, zone);
  }

  @Override
  public Instant instant() {
    long elapsed = System.nanoTime() - startNanos;
    return start.plus(Duration.ofNanos((long) (elapsed * speed)));
  }
}
