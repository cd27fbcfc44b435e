package com.queuehall.queue;

import com.queuehall.queue.WaitSimulation.Outcome;
import com.queuehall.support.MutableClock;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WaitEstimateAccuracyTest {

  /** Another day: -Dqueuehall.sim.seed=N. */
  static final long SEED = Long.getLong("queuehall.sim.seed", 20240715L);

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("on a simulated busy day at P001 the wait a kiosk promises is off by less than half the typical wait, "
      + "for every service")
  void busyDay() {
    MutableClock clock = MutableClock.atTenToday();
    SimulatedDay day = SimulatedDay.busyP001(SEED);
    List<Outcome> outcomes;
    try (TestHall hall = TestHall.start(TestHall.config(TestHall.freePort()), clock)) {
      outcomes = WaitSimulation.run(hall, clock, day);
    }
    Map<String, WaitFigures> figures = WaitFigures.byService(outcomes);
    System.out.println("Estimated wait at issue vs actual wait, " + day.point() + ", seed " + SEED + "\n"
        + WaitFigures.table(figures));

    assertThat(outcomes).hasSizeBetween(250, 500).allSatisfy(o -> assertThat(o.calledAt()).isNotNull());
    assertThat(figures.get("all").medianActual()).as("the day must be busy enough to measure").isGreaterThan(10 * 60);
    figures.forEach((group, f) -> {
      assertThat(f.tickets()).as(group).isGreaterThanOrEqualTo(50);
      assertThat(f.medianAbsError()).as(group + ": median |error| against half the median wait")
          .isLessThan(f.medianActual() / 2);
    });
    WaitFigures all = figures.get("all");
    assertThat(all.p90AbsError()).as("p90 |error| against the median wait").isLessThan(all.medianActual());
  }
}
