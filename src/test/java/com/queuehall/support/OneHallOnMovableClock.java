package com.queuehall.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A test class whose tests share one running server on a clock they move by hand (max waits,
 * slots beginning), each on emptied stores at 10:00 today.
 */
public abstract class OneHallOnMovableClock {

  protected static final MutableClock CLOCK = MutableClock.atTenToday();
  protected static TestHall hall;

  @BeforeAll
  static void startHall() {
    hall = TestHall.start(TestHall.config(TestHall.freePort()), CLOCK);
  }

  @AfterAll
  static void stopHall() {
    hall.close();
  }

  @BeforeEach
  void emptyStoresAtTen() {
    Stores.reset();
    at("10:00");
  }

  /** Sets the server's clock to this time of today; the instant it set. */
  protected static Instant at(String time) {
    Instant t = TestHall.TODAY.atTime(LocalTime.parse(time)).atZone(TestHall.ZONE).toInstant();
    CLOCK.set(t);
    return t;
  }
}
