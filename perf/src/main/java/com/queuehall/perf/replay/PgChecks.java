package com.queuehall.perf.replay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The same invariants in Postgres, the record of truth (--pg-url): every acknowledged ticket and
 * booking is there, and the rows of the replayed days keep numbers unique and within capacities.
 */
final class PgChecks {

  static final String PRESENT_TICKETS = "SELECT id::text FROM ticket WHERE id = ANY($1)";
  static final String PRESENT_APPOINTMENTS = "SELECT id::text FROM appointment WHERE id = ANY($1)";
  static final String NUMBER_TWICE = """
      SELECT point_id, day::text, prefix || lpad(number::text, 3, '0'), count(*) FROM ticket
       WHERE day = ANY($1) GROUP BY point_id, day, prefix, number HAVING count(*) > 1""";
  static final String SLOT_OVER = """
      SELECT point_id, service_id, day::text, to_char(slot, 'HH24:MI'), count(*), max(place),
             slot_capacity(point_id, service_id, day, slot) FROM appointment
       WHERE status <> 'CANCELLED' AND day = ANY($1) GROUP BY point_id, service_id, day, slot
      HAVING count(*) > slot_capacity(point_id, service_id, day, slot)
          OR max(place) > slot_capacity(point_id, service_id, day, slot)""";
  static final String WALK_INS_OVER = """
      SELECT point_id, service_id, day::text, count(*), max(walkin_place), walkin_capacity(point_id, service_id, day)
        FROM ticket WHERE kind = 'WALK_IN' AND day = ANY($1) GROUP BY point_id, service_id, day
      HAVING count(*) > walkin_capacity(point_id, service_id, day)
          OR max(walkin_place) > walkin_capacity(point_id, service_id, day)""";

  private final Pool pool;
  private final Ledger ledger;

  /** The checks of the database at `url`; an IllegalArgumentException when it is not a Postgres URL. */
  PgChecks(Vertx vertx, String url, Ledger ledger) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--pg-url " + url + " is not a Postgres URL like "
          + "postgresql://user@127.0.0.1:5432/queuehall (" + e.getMessage() + ")");
    }
    this.pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
    this.ledger = ledger;
  }

  /**
   * Fails, saying why, unless the database answers and holds Queuehall's schema: asked before the
   * replay, so a wrong --pg-url is found at once, not after a whole day has been played.
   */
  Future<Void> probe() {
    return pool.query("SELECT to_regclass('ticket') IS NOT NULL AND to_regclass('appointment') IS NOT NULL "
            + "AND to_regproc('slot_capacity') IS NOT NULL AND to_regproc('walkin_capacity') IS NOT NULL").execute()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot reach it: " + e.getMessage())))
        .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException(
                "it holds no Queuehall schema (no ticket table); give the database the server writes to")))
        .onFailure(e -> pool.close());
  }

  Future<Void> run(Set<java.time.LocalDate> days) {
    java.time.LocalDate[] d = days.toArray(java.time.LocalDate[]::new);
    return present("ticket", PRESENT_TICKETS, ledger.ticketIds())
        .compose(v -> present("booking", PRESENT_APPOINTMENTS, ledger.appointmentIds()))
        .compose(v -> rows(NUMBER_TWICE, d, r -> "ticket number twice in Postgres: " + r.getString(0) + " "
            + r.getString(1) + " " + r.getString(2) + " (" + r.getLong(3) + " rows)"))
        .compose(v -> rows(SLOT_OVER, d, r -> "slot over capacity in Postgres: " + r.getString(0) + " "
            + r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " holds " + r.getLong(4)
            + " appointments (highest place " + r.getInteger(5) + ") for a capacity of " + r.getInteger(6)))
        .compose(v -> rows(WALK_INS_OVER, d, r -> "walk-in quota exceeded in Postgres: " + r.getString(0) + " "
            + r.getString(1) + " " + r.getString(2) + " holds " + r.getLong(3) + " walk-ins (highest place "
            + r.getInteger(4) + ") for a capacity of " + r.getInteger(5)))
        .eventually(pool::close);
  }

  private Future<Void> present(String what, String sql, Set<String> ids) {
    List<UUID> all = new ArrayList<>();
    ids.forEach(id -> all.add(UUID.fromString(id)));
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < all.size(); from += 5_000) {
      List<UUID> chunk = all.subList(from, Math.min(all.size(), from + 5_000));
      chain = chain.compose(v -> pool.preparedQuery(sql).execute(Tuple.of(chunk.toArray(UUID[]::new))).map(rows -> {
        Set<String> found = new HashSet<>();
        for (Row r : rows) found.add(r.getString(0));
        for (UUID id : chunk) {
          if (!found.contains(id.toString())) ledger.violation("acknowledged " + what + " missing in Postgres: " + id);
        }
        return null;
      }));
    }
    return chain;
  }

  private Future<Void> rows(String sql, java.time.LocalDate[] days,
      java.util.function.Function<Row, String> describe) {
    return pool.preparedQuery(sql).execute(Tuple.of(days)).map(rows -> {
      for (Row r : rows) ledger.violation(describe.apply(r));
      return null;
    });
  }
}
