package com.queuehall.tickets;

import com.queuehall.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;
import java.util.function.Supplier;

/** Reads tickets back from Postgres, including the one an earlier request of a retry created. */
public final class TicketRecords {

  /** How long a replay waits for the first request's commit before telling the caller to retry. */
  private static final int REPLAY_POLLS = 20;
  private static final long REPLAY_POLL_MS = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final int retryAfterSeconds;

  public TicketRecords(Vertx vertx, Pool pool, int retryAfterSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Future<Ticket> byId(UUID id) {
    return one(TicketSql.BY_ID, Tuple.of(id));
  }

  /** The ticket of an earlier request with this key; waits while that request is still recording. */
  public Future<Ticket> byIdempotencyKey(String point, String key) {
    return poll(() -> one(TicketSql.BY_IDEMPOTENCY_KEY, Tuple.of(point, key)), 0);
  }

  public Future<Ticket> byAppointment(UUID appointmentId) {
    return poll(() -> one(TicketSql.BY_APPOINTMENT, Tuple.of(appointmentId)), 0);
  }

  /** The ticket as the API shows it, with its current position in its queue. */
  public Future<JsonObject> view(Ticket t) {
    if (!"WAITING".equals(t.status())) return Future.succeededFuture(t.toJson(0));
    return pool.preparedQuery(TicketSql.POSITION)
        .execute(Tuple.of(t.point(), t.day(), t.service(), t.issuedAt(), t.id()))
        .map(rows -> t.toJson(rows.iterator().next().getLong(0)));
  }

  private Future<Ticket> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(TicketRecords::firstOrNull);
  }

  private static Ticket firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Ticket.from(rows.iterator().next());
  }

  private Future<Ticket> poll(Supplier<Future<Ticket>> read, int attempt) {
    return read.get().compose(t -> {
      if (t != null) return Future.succeededFuture(t);
      if (attempt >= REPLAY_POLLS) {
        return Future.failedFuture(Problem.of(409, "request still in progress",
                "an earlier request with the same key is still being recorded; retry shortly")
            .with("retryAfter", retryAfterSeconds));
      }
      return vertx.timer(REPLAY_POLL_MS).compose(x -> poll(read, attempt + 1));
    });
  }
}
