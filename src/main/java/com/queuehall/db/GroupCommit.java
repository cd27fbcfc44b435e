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
 * Group commit of single-statement writes (a ticket, a booking, a ticket's transition, each with its
 * event row). Writes that arrive while a commit is in flight wait for it and then go together in one
 * transaction: one fence read for the point-days of the fenced ones, the statements pipelined, one
 * commit. Every caller
 * still hears only after its row is committed, so durability is unchanged; at low load a write
 * goes alone at once, under load one fsync serves many.
 *
 * If a batch fails on a constraint, a capacity or lifecycle check, or a deadlock with another
 * batch, its writes are retried one by one, so each caller gets its own outcome. A connection failure fails the whole batch: nothing of it was
 * committed. Confined to one event loop, like the verticle that owns it.
 */
final class GroupCommit {

  private static final int MAX_BATCH = 128;
  /** Writer.FENCE for several point-days at once. */
  static final String FENCE_MANY = "SELECT e.point_id, e.day, e.epoch FROM redis_epoch e "
      + "JOIN unnest($1::text[], $2::date[]) AS k (point_id, day) ON e.point_id = k.point_id AND e.day = k.day "
      + "FOR SHARE OF e";
  private static final int MAX_IN_FLIGHT = 2;

  /** point and day null: a write that needs no fence (it records no Redis reservation). */
  private record Write(String point, LocalDate day, long epoch, String sql, Tuple args, Promise<RowSet<Row>> done) {
    boolean fenced() {
      return point != null;
    }
  }

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
            long current = w.fenced() ? epochs.getOrDefault(w.point + "|" + w.day, -1L) : w.epoch;
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
    Future<RowSet<Row>> done = w.fenced()
        ? writer.fenced(w.point, w.day, w.epoch, conn -> conn.preparedQuery(w.sql).execute(w.args))
        : pool.preparedQuery(w.sql).execute(w.args);
    return done.onComplete(ar -> {
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
    for (Write w : batch) if (w.fenced()) days.putIfAbsent(w.point + "|" + w.day, w);
    if (days.isEmpty()) return Future.succeededFuture(Map.of());
    String[] points = days.values().stream().map(Write::point).toArray(String[]::new);
    LocalDate[] dates = days.values().stream().map(Write::day).toArray(LocalDate[]::new);
    return conn.preparedQuery(FENCE_MANY).execute(Tuple.tuple().addArrayOfString(points).addArrayOfLocalDate(dates))
        .map(rows -> {
          Map<String, Long> epochs = new HashMap<>();
          for (Row r : rows) epochs.put(r.getString(0) + "|" + r.getLocalDate(1), r.getLong(2));
          return epochs;
        });
  }

  /**
   * A constraint, capacity or lifecycle check refused a row, or the batch lost a deadlock to another
   * one (two batches updating the same rows in a different order): the others may still be fine.
   */
  private static boolean isRowRefusal(Throwable t) {
    if (!(t instanceof PgException pg) || pg.getSqlState() == null) return false;
    String state = pg.getSqlState();
    return state.startsWith("23") || state.startsWith("QH") || "40P01".equals(state);
  }
}
