package com.queuehall.support;

import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;

/**
 * A transaction that holds a point-day's epoch row FOR UPDATE, as an operator's open transaction
 * or a rebuild would: every ticket insert of that point-day, which share-locks the row, waits
 * behind it until it is released. A real lock, to hold a write in flight.
 */
public final class EpochLock implements AutoCloseable {

  private final SqlConnection conn;

  private EpochLock(SqlConnection conn) {
    this.conn = conn;
  }

  public static EpochLock hold(String point, LocalDate day) {
    SqlConnection conn = Stores.await(Stores.pg().getConnection());
    Stores.await(conn.query("BEGIN").execute());
    Stores.await(conn.preparedQuery("SELECT 1 FROM redis_epoch WHERE point_id = $1 AND day = $2 FOR UPDATE")
        .execute(Tuple.of(point, day)));
    return new EpochLock(conn);
  }

  /** Ends the transaction: the writes waiting behind it go on. */
  @Override
  public void close() {
    Stores.await(conn.query("ROLLBACK").execute());
    Stores.await(conn.close());
  }
}
