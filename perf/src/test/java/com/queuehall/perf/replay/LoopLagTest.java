package com.queuehall.perf.replay;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The replayer's own lateness is measured, so a load tester can tell it from the server's. */
class LoopLagTest {

  @Test
  @DisplayName("a loop held busy for 250 ms shows as a lag of about that, from when it was held, and the verdict "
      + "warns of it")
  void busyLoopShows() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LoopLag lag = new LoopLag();
      Context loop = vertx.getOrCreateContext();
      loop.runOnContext(v -> lag.start(vertx));
      Thread.sleep(300);
      assertThat(lag.samples()).isGreaterThan(5);
      assertThat(lag.percentileMs(50)).as("a quiet loop's timer").isLessThan(10);

      long[] held = new long[1];
      loop.runOnContext(v -> {
        held[0] = System.nanoTime();
        busy(250); // what a burst of sends or answers does to the replayer's loop
      });
      Thread.sleep(600);
      loop.runOnContext(v -> lag.stop());
      Thread.sleep(50);

      assertThat(lag.maxMs()).isBetween(200.0, 2_000.0);
      // The worst timer was due within one period before the loop was held: it names that moment.
      long[] due = new long[1];
      assertThat(lag.line(nanos -> {
        due[0] = nanos;
        return "09:30:00";
      })).startsWith("replayer event-loop lag (a 10 ms timer, ").contains("max ").endsWith(" from 09:30:00 (trace time)");
      assertThat(held[0] - due[0]).isBetween(-LoopLag.PERIOD_MS * 1_000_000, LoopLag.PERIOD_MS * 1_000_000);
      assertThat(lag.warning()).startsWith("WARNING: the replayer's own event loop ran late");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  @DisplayName("a replayer that kept up gives no warning")
  void noWarningWhenOnTime() {
    LoopLag lag = new LoopLag();
    for (int i = 0; i < 1000; i++) lag.record(i % 10 == 0 ? 3_000_000 : 200_000, i * 10_000_000L);
    assertThat(lag.warning()).isNull();
    assertThat(lag.line(String::valueOf)).as("the first of the worst lags").endsWith("max 3.0 ms from 0 (trace time)");
    assertThat(lag.percentileMs(99)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(0.01));
  }

  private static void busy(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) Thread.onSpinWait();
  }
}
