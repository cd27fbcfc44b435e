package com.queuehall.perf.replay;

import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.util.Locale;

/** One line on stderr, redrawn every second: events sent, answers per second, errors, time left. */
final class Progress {

  private final Vertx vertx;
  private final Player player;
  private final Latencies latencies;
  private final PrintStream out;
  private long timer = -1;
  private long lastAnswered;
  private long lastNanos = System.nanoTime();

  Progress(Vertx vertx, Player player, Latencies latencies, PrintStream out) {
    this.vertx = vertx;
    this.player = player;
    this.latencies = latencies;
    this.out = out;
  }

  void start() {
    timer = vertx.setPeriodic(1000, t -> draw(false));
  }

  void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    draw(true);
  }

  private void draw(boolean last) {
    long now = System.nanoTime();
    long answered = latencies.answered();
    double rate = (answered - lastAnswered) * 1e9 / Math.max(1, now - lastNanos);
    lastAnswered = answered;
    lastNanos = now;
    int done = player.dispatched();
    int total = player.total();
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    long left = player.remainingNanos() / 1_000_000_000L;
    out.print(String.format(Locale.ROOT,
        "\r[%s%s] %d/%d events  %.0f answers/s  %d errors  %d late  %d:%02d:%02d left ",
        "#".repeat(filled), " ".repeat(width - filled), done, total, rate, latencies.errors(), player.late(),
        left / 3600, left / 60 % 60, left % 60));
    if (last) out.println();
    out.flush();
  }
}
