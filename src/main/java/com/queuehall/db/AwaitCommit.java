package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Waits, briefly, for a row that Redis says exists to appear in Postgres: the request that made
 * it may still be committing. Gives null if it never does, which means Redis remembers a request
 * whose record failed and whose release was lost.
 */
public final class AwaitCommit {

  private static final int POLLS = 20;
  private static final long POLL_MS = 50;

  private AwaitCommit() {}

  public static <T> Future<T> row(Vertx vertx, Supplier<Future<T>> read) {
    return poll(vertx, read, 0);
  }

  private static <T> Future<T> poll(Vertx vertx, Supplier<Future<T>> read, int attempt) {
    return read.get().compose(row -> {
      if (row != null || attempt >= POLLS) return Future.succeededFuture(row);
      return vertx.timer(POLL_MS).compose(x -> poll(vertx, read, attempt + 1));
    });
  }
}
