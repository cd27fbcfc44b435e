package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.function.Function;

/**
 * The one Postgres writer. Every write that records a Redis decision runs fenced: inside its
 * transaction it share-locks the point-day's epoch row and checks that the reservation was made
 * in the current Redis state. A rebuild bumps that row under an exclusive lock, so it waits for
 * fenced writes in flight and every later write of an older epoch is refused.
 *
 * A fenced insert carries its fence itself ({@link #fencedSql(int, String)}): its rows are selected
 * FROM the fence, so one statement both checks the epoch and writes, and a stale one writes nothing.
 */
public final class Writer {

  static final String FENCE = "SELECT epoch FROM redis_epoch WHERE point_id = $1 AND day = $2 FOR SHARE";

  private final Pool pool;
  private final GroupCommit group;

  /** Told of each group-commit flush: how many writes went together, and its time from start to answer. */
  public interface Flushes {
    Flushes NONE = (writes, nanos) -> { };

    void flushed(int writes, long nanos);
  }

  public Writer(Pool pool) {
    this(pool, Flushes.NONE);
  }

  /** A writer whose group commit tells `flushes` of each flush (the metrics of its event loop). */
  public Writer(Pool pool, Flushes observer) {
    this.pool = pool;
    this.group = new GroupCommit(pool, observer);
  }

  /**
   * A fenced statement: the fence on its last three parameters (point, day, epoch: $params+1 to
   * $params+3), then `body`, the rest of its WITH list and its final SELECT. The body's writes
   * select their rows FROM fence, which holds one row only while the point-day is at that epoch.
   * The epoch row is share-locked first and compared after: a write waits for a rebuild that holds
   * the row and then compares with the epoch it committed (a reservation made on the rebuilt state
   * is recorded, one of the old state is not). Comparing in the locking query would skip a row
   * whose last committed epoch differs, without waiting.
   */
  public static String fencedSql(int params, String body) {
    return "WITH epoch_row AS MATERIALIZED (SELECT epoch FROM redis_epoch WHERE point_id = $" + (params + 1)
        + " AND day = $" + (params + 2) + " FOR SHARE), fence AS (SELECT 1 FROM epoch_row WHERE epoch = $"
        + (params + 3) + "), " + body;
  }

  /**
   * One fenced statement (a row and its event; its SQL made by {@link #fencedSql(int, String)}, args
   * without the fence's three), committed together with the other such writes of this event loop
   * that are waiting at the same moment (group commit). Answers once committed, or with
   * StaleEpoch when the reservation's Redis state was rebuilt meanwhile: nothing was written then.
   */
  public Future<RowSet<Row>> fencedInsert(String point, LocalDate day, long epoch, String sql, Tuple args) {
    return group.submit(epoch, sql, args.addString(point).addLocalDate(day).addLong(epoch));
  }

  /**
   * One statement that needs no fence (a ticket's transition, with its event row), committed with
   * the other writes waiting at the same moment. Answers once committed.
   */
  public Future<RowSet<Row>> groupedUpdate(String sql, Tuple args) {
    return group.submit(GroupCommit.UNFENCED, sql, args);
  }

  public Pool pool() {
    return pool;
  }

  public <T> Future<T> fenced(String point, LocalDate day, long epoch, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> lockedEpoch(conn, point, day).compose(current -> {
      if (current != epoch) return Future.failedFuture(new StaleEpoch(current, epoch));
      return work.apply(conn);
    }));
  }

  /**
   * The current epoch of a point-day, share-locked until the transaction ends, or -1 when the
   * day's state was never loaded. A change that gives a place back releases it in Redis only
   * for this epoch.
   */
  public static Future<Long> lockedEpoch(SqlConnection conn, String point, LocalDate day) {
    return conn.preparedQuery(FENCE).execute(Tuple.of(point, day))
        .map(rows -> rows.size() == 0 ? -1L : rows.iterator().next().getLong(0));
  }

  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work);
  }

  /**
   * A failure of a statement fenced in Postgres itself (call_ticket raises QH010 with the current
   * epoch as its detail) as StaleEpoch of the reservation's epoch; any other failure as it is.
   */
  public static Throwable staleEpoch(Throwable t, long reserved) {
    if (!(t instanceof PgException pg) || !"QH010".equals(pg.getSqlState())) return t;
    long current;
    try {
      current = Long.parseLong(pg.getDetail());
    } catch (NumberFormatException | NullPointerException e) {
      current = -1;
    }
    return new StaleEpoch(current, reserved);
  }

  /** The constraint a unique violation (23505) hit, or null for any other failure. */
  public static String violated(Throwable t) {
    if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) return pg.getConstraint();
    return null;
  }

  /** Whether Postgres refused the row because it exceeds the capacity in force (trigger). */
  public static boolean overCapacity(Throwable t) {
    return t instanceof PgException pg && ("QH001".equals(pg.getSqlState()) || "QH002".equals(pg.getSqlState()));
  }
}
