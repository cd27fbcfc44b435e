package com.queuehall.db;

/**
 * A reservation was made in a Redis state that has since been rebuilt: its write is refused and
 * the decision must be taken again. Never reaches a client.
 */
public final class StaleEpoch extends RuntimeException {

  private final long current;

  public StaleEpoch(long current) {
    super("Redis state was rebuilt (epoch " + current + ")", null, false, false);
    this.current = current;
  }

  public long current() {
    return current;
  }
}
