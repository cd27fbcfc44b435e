package com.queuehall.perf.replay;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The replayer's own lateness is measured, so a load tester can tell it from the server's. */
class LoopLagTest {

  @Test
  @DisplayName("a loop held busy for 250 ms shows as a lag of about that, and the verdict warns of it")
  void busyLoopShows() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LoopLag lag = new LoopLag();
      Context loop = vertx.getOrCreateContext();
      loop.runOnContext(v -> lag.start(vertx));
      Thread.sleep(300);
      assertThat(lag.samples()).isGreaterThan(5);
      assertThat(lag.percentileMs(50)).as("a quiet loop's timer").isLessThan(10);

      loop.runOnContext(v -> busy(250)); // what a burst of sends or answers does to the replayer's loop
      Thread.sleep(600);
      loop.runOnContext(v -> lag.stop());
      Thread.sleep(50);

      assertThat(lag.maxMs()).isBetween(200.0, 2_000.0);
      assertThat(lag.line()).startsWith("replayer event-loop lag (a 10 ms timer, ").contains("max ");
      assertThat(lag.warning()).startsWith("WARNING: the replayer's own event loop ran late");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  @DisplayName("a replayer that kept up gives no warning")
  void noWarningWhenOnTime() {
    LoopLag lag = new LoopLag();
    for (int i = 0; i < 1000; i++) lag.record(i % 10 == 0 ? 3_000_000 : 200_000);
    assertThat(lag.warning()).isNull();
    assertThat(lag.percentileMs(99)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(0.01));
  }

  private static void busy(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) Thread.onSpinWait();
  }
}
