package com.queuehall.support;

import com.queuehall.redis.DayKeys;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

import java.time.Duration;

/** Waits until a point's live events up to a seq are published (issue events follow their answer). */
public final class Published {

  private Published() {}

  public static void await(String point, long seq) {
    String ctr = new DayKeys(point, TestHall.TODAY).ctr();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      Response r = Stores.redis(Command.HGET, ctr, "seq");
      if (r != null && r.toLong() >= seq) return;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("events of " + point + " up to seq " + seq + " were not published within 5 s");
  }
}
