package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit of fenced single-statement writes (a ticket, a booking, each with its event row).
 * Writes that arrive while a commit is in flight wait for it and then go together in one
 * transaction: one fence read per point-day, the statements pipelined, one commit. Every caller
 * still hears only after its row is committed, so durability is unchanged; at low load a write
 * goes alone at once, under load one fsync serves many.
 *
 * If a batch fails on a constraint or a capacity check, its writes are retried one by one, so
 * each caller gets its own outcome. A connection failure fails the whole batch: nothing of it was
 * committed. Confined to one event loop, like the verticle that owns it.
 */
final class GroupCommit {

  private static final int MAX_BATCH = 128;
  /** Writer.FENCE for several point-days at once. */
  static final String FENCE_MANY = "SELECT e.point_id, e.day, e.epoch FROM redis_epoch e "
      + "JOIN unnest($1::text[], $2::date[]) AS k (point_id, day) ON e.point_id = k.point_id AND e.day = k.day "
      + "FOR SHARE OF e";
  private static final int MAX_IN_FLIGHT = 2;

  private record Write(String point, LocalDate day, long epoch, String sql, Tuple args, Promise<RowSet<Row>> done) {}

  private final Pool pool;
  private final Writer writer;
  private List<Write> waiting = new ArrayList<>();
  private int inFlight;

  GroupCommit(Pool pool, Writer writer) {
    this.pool = pool;
    this.writer = writer;
  }

  Future<RowSet<Row>> submit(String point, LocalDate day, long epoch, String sql, Tuple args) {
    Promise<RowSet<Row>> done = Promise.promise();
    waiting.add(new Write(point, day, epoch, sql, args, done));
    if (inFlight < MAX_IN_FLIGHT) flush();
    return done.future();
  }

  private void flush() {
    if (waiting.isEmpty()) return;
    List<Write> batch = waiting.size() <= MAX_BATCH ? waiting : new ArrayList<>(waiting.subList(0, MAX_BATCH));
    waiting = waiting.size() <= MAX_BATCH ? new ArrayList<>() : new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
    inFlight++;
    commit(batch).onComplete(ar -> {
      inFlight--;
      flush();
    });
  }

  private Future<Void> commit(List<Write> batch) {
    if (batch.size() == 1) {
      Write w = batch.get(0);
      return alone(w);
    }
    Map<Write, RowSet<Row>> results = new HashMap<>();
    Map<Write, Throwable> stale = new HashMap<>();
    return pool.withTransaction(conn -> fence(conn, batch).compose(epochs -> {
          List<Future<?>> statements = new ArrayList<>();
          for (Write w : batch) {
            long current = epochs.getOrDefault(w.point + "|" + w.day, -1L);
            if (current != w.epoch) {
              stale.put(w, new StaleEpoch(current, w.epoch));
              continue;
            }
            // Sent together, the pg client pipelines them on this connection.
            statements.add(conn.preparedQuery(w.sql).execute(w.args).onSuccess(rows -> results.put(w, rows)));
          }
          return Future.all(statements).mapEmpty();
        }))
        .<Void>map(v -> {
          for (Write w : batch) {
            if (stale.containsKey(w)) w.done.fail(stale.get(w));
            else w.done.complete(results.get(w));
          }
          return null;
        })
        .recover(err -> {
          if (isRowRefusal(err)) return Future.all(batch.stream().map(this::alone).toList()).mapEmpty();
          batch.forEach(w -> w.done.tryFail(err));
          return Future.succeededFuture();
        });
  }

  /** One write in its own transaction: its own success, refusal or failure. */
  private Future<Void> alone(Write w) {
    return writer.fenced(w.point, w.day, w.epoch, conn -> conn.preparedQuery(w.sql).execute(w.args))
        .onComplete(ar -> {
          if (ar.succeeded()) w.done.tryComplete(ar.result());
          else w.done.tryFail(ar.cause());
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /**
   * The epochs of the batch's point-days, each share-locked until the commit: one statement for
   * all of them (a batch under load spans many points). A point-day never loaded has no row and so
   * no epoch: its writes are stale.
   */
  private static Future<Map<String, Long>> fence(SqlConnection conn, List<Write> batch) {
    Map<String, Write> days = new LinkedHashMap<>();
    for (Write w : batch) days.putIfAbsent(w.point + "|" + w.day, w);
    String[] points = days.values().stream().map(Write::point).toArray(String[]::new);
    LocalDate[] dates = days.values().stream().map(Write::day).toArray(LocalDate[]::new);
    return conn.preparedQuery(FENCE_MANY).execute(Tuple.tuple().addArrayOfString(points).addArrayOfLocalDate(dates))
        .map(rows -> {
          Map<String, Long> epochs = new HashMap<>();
          for (Row r : rows) epochs.put(r.getString(0) + "|" + r.getLocalDate(1), r.getLong(2));
          return epochs;
        });
  }

  /** A constraint or capacity check refused a row: the others may still be fine. */
  private static boolean isRowRefusal(Throwable t) {
    if (!(t instanceof PgException pg) || pg.getSqlState() == null) return false;
    return pg.getSqlState().startsWith("23") || pg.getSqlState().startsWith("QH");
  }
}
