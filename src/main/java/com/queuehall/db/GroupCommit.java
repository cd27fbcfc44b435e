package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit of single-statement writes (a ticket, a booking, a ticket's call or other
 * transition, each with its event row). Writes that arrive while a commit is in flight wait for it
 * to end and then go together: the writes of one statement as one batch, sent in one message (each
 * write's parameters bound and executed in turn, then a single Sync), which Postgres runs as one
 * implicit transaction with one commit; the batches of several statements are pipelined on one
 * connection inside one transaction. So a flush costs one commit and one WAL flush, not one per
 * write or per statement, and every caller still hears only after its row is committed: durability
 * is unchanged. At low load a write goes alone at once.
 *
 * A fenced write carries its fence (Writer.fencedSql): a write whose Redis state was rebuilt
 * writes no row, and fails alone with StaleEpoch. If a batch fails on a constraint, a capacity or
 * lifecycle check, or a deadlock with another batch, nothing of it was committed and its writes
 * are retried one by one, so each caller gets its own outcome. A connection failure fails the whole
 * batch. Confined to one event loop, like the verticle that owns it.
 */
final class GroupCommit {

  /** The epoch of a write that needs no fence. */
  static final long UNFENCED = -1;
  private static final int MAX_BATCH = 128;
  /**
   * Commits in flight per event loop. One: the writes that arrive meanwhile make the next batch
   * larger, and Postgres commits fewer, larger transactions. Measured (perf/README.md) at 2,110 to
   * 2,380 issues/s with one against 1,430 to 1,690 with two, on the same server and database.
   */
  private static final int MAX_IN_FLIGHT = 1;

  /** epoch: the reservation's, for a fenced write; UNFENCED otherwise. */
  private record Write(long epoch, String sql, Tuple args, Promise<RowSet<Row>> done) {
    boolean fenced() {
      return epoch != UNFENCED;
    }

    /** Its statement's rows: none from a fenced write means the fence refused it. */
    void settle(RowSet<Row> rows) {
      if (fenced() && rows.size() == 0) done.tryFail(new StaleEpoch(-1, epoch));
      else done.tryComplete(rows);
    }
  }

  private final Pool pool;
  private final Writer.Flushes observer;
  private List<Write> waiting = new ArrayList<>();
  private int inFlight;

  GroupCommit(Pool pool, Writer.Flushes observer) {
    this.pool = pool;
    this.observer = observer;
  }

  Future<RowSet<Row>> submit(long epoch, String sql, Tuple args) {
    Promise<RowSet<Row>> done = Promise.promise();
    waiting.add(new Write(epoch, sql, args, done));
    if (inFlight < MAX_IN_FLIGHT) flush();
    return done.future();
  }

  private void flush() {
    if (waiting.isEmpty()) return;
    List<Write> taken = waiting.size() <= MAX_BATCH ? waiting : new ArrayList<>(waiting.subList(0, MAX_BATCH));
    waiting = waiting.size() <= MAX_BATCH ? new ArrayList<>()
        : new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
    Map<String, List<Write>> bySql = new LinkedHashMap<>();
    for (Write w : taken) bySql.computeIfAbsent(w.sql, k -> new ArrayList<>()).add(w);
    inFlight++;
    long began = System.nanoTime();
    List<List<Write>> batches = new ArrayList<>(bySql.values());
    (batches.size() == 1 ? commit(batches.get(0)) : together(batches)).onComplete(ar -> {
      inFlight--;
      observer.flushed(taken.size(), System.nanoTime() - began);
      flush();
    });
  }

  /** Writes of one statement: one batch, one implicit transaction. */
  private Future<Void> commit(List<Write> batch) {
    if (batch.size() == 1) return alone(batch.get(0));
    return pool.preparedQuery(batch.get(0).sql).executeBatch(args(batch))
        .<Void>map(rows -> {
          settle(batch, rows);
          return null;
        })
        .recover(err -> refused(batch, List.of(err)));
  }

  /**
   * Writes of several statements: each statement's batch, sent one after the other on one
   * connection without waiting (pipelined), inside one transaction, so they all share one commit
   * and one WAL flush. Separate implicit transactions, one per statement, each flushed the WAL.
   */
  private Future<Void> together(List<List<Write>> batches) {
    List<Write> all = new ArrayList<>();
    batches.forEach(all::addAll);
    List<Future<RowSet<Row>>> sent = new ArrayList<>(batches.size());
    return pool.withTransaction(conn -> {
          for (List<Write> batch : batches) sent.add(conn.preparedQuery(batch.get(0).sql).executeBatch(args(batch)));
          return Future.join(sent);
        })
        .<Void>map(v -> {
          for (int i = 0; i < batches.size(); i++) settle(batches.get(i), sent.get(i).result());
          return null;
        })
        .recover(err -> {
          List<Throwable> causes = new ArrayList<>();
          for (Future<RowSet<Row>> f : sent) if (f.failed()) causes.add(f.cause());
          causes.add(err);
          return refused(all, causes);
        });
  }

  private static List<Tuple> args(List<Write> batch) {
    List<Tuple> args = new ArrayList<>(batch.size());
    for (Write w : batch) args.add(w.args);
    return args;
  }

  /** A batch's results: one row set per write, in order. */
  private static void settle(List<Write> batch, RowSet<Row> first) {
    RowSet<Row> rows = first;
    for (Write w : batch) {
      w.settle(rows);
      rows = rows.next();
    }
  }

  /**
   * Nothing of a failed batch was committed. If a row was refused, each write is tried alone to
   * get its own outcome; otherwise (a lost connection) they all fail with the first cause.
   */
  private Future<Void> refused(List<Write> writes, List<Throwable> causes) {
    if (causes.stream().anyMatch(GroupCommit::isRowRefusal)) {
      return Future.all(writes.stream().map(this::alone).toList()).mapEmpty();
    }
    writes.forEach(w -> w.done.tryFail(causes.get(0)));
    return Future.succeededFuture();
  }

  /** One write in its own transaction: its own success, refusal or failure. */
  private Future<Void> alone(Write w) {
    return pool.preparedQuery(w.sql).execute(w.args)
        .onComplete(ar -> {
          if (ar.succeeded()) w.settle(ar.result());
          else w.done.tryFail(ar.cause());
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
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
