package com.queuehall.tickets;

import com.queuehall.db.AwaitCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;
import java.util.function.Supplier;

/** Reads tickets back from Postgres, including the one an earlier request of a retry created. */
public final class TicketRecords {

  private final Vertx vertx;
  private final Pool pool;

  public TicketRecords(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public Future<Ticket> byId(UUID id) {
    return one(TicketSql.BY_ID, Tuple.of(id));
  }

  /** The ticket of an earlier request with this key; waits while that request is still recording. */
  public Future<Ticket> byIdempotencyKey(String point, String key) {
    return awaitCommit(() -> one(TicketSql.BY_IDEMPOTENCY_KEY, Tuple.of(point, key)));
  }

  public Future<Ticket> byAppointment(UUID appointmentId) {
    return awaitCommit(() -> one(TicketSql.BY_APPOINTMENT, Tuple.of(appointmentId)));
  }

  /** A ticket of a point and day by its number, or null. */
  public Future<Ticket> byNumber(String point, java.time.LocalDate day, String prefix, int number) {
    return one(TicketSql.BY_NUMBER, Tuple.of(point, day, prefix, number));
  }

  private Future<Ticket> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(TicketRecords::firstOrNull);
  }

  private static Ticket firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Ticket.from(rows.iterator().next());
  }

  /**
   * Redis remembers a request Postgres never recorded: its first attempt failed and could not be
   * given back. The caller rebuilds the day from Postgres and decides again.
   */
  public static final class NotRecorded extends RuntimeException {
    NotRecorded() {
      super("Redis remembers a request that Postgres never recorded", null, false, false);
    }
  }

  private Future<Ticket> awaitCommit(Supplier<Future<Ticket>> read) {
    return AwaitCommit.row(vertx, read)
        .compose(t -> t != null ? Future.succeededFuture(t) : Future.failedFuture(new NotRecorded()));
  }
}
