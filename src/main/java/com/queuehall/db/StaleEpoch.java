package com.queuehall.db;

/**
 * A reservation was made in a Redis state that has since been rebuilt: its write is refused and
 * the decision must be taken again. Never reaches a client.
 */
public final class StaleEpoch extends RuntimeException {

  private final long current;
  private final long reserved;

  /** Decide again; nothing is known of the epochs (the caller rebuilt the state already). */
  public StaleEpoch(long current) {
    this(current, -1);
  }

  /** The reservation was made at epoch `reserved`, Postgres is at `current`. */
  public StaleEpoch(long current, long reserved) {
    super("Redis state was rebuilt (epoch " + current + ", reservation of " + reserved + ")", null, false, false);
    this.current = current;
    this.reserved = reserved;
  }

  public long reserved() {
    return reserved;
  }

  public long current() {
    return current;
  }
}
