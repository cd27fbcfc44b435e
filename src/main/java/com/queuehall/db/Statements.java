package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a list of statements on a connection. With the client's prepared-statement cache on,
 * each later execution of the same SQL on that connection reuses its server-side statement: the
 * hot path is parsed and planned once per connection, when the connection opens, not on a kiosk's
 * first request. At start it also proves every statement valid against the schema, so a bad one
 * stops the server instead of failing the first caller that needs it.
 */
public final class Statements {

  private Statements() {}

  /** Prepares them all (pipelined on the connection); fails naming the first that does not prepare. */
  public static Future<Void> prepare(SqlConnection conn, List<String> sqls) {
    List<Future<?>> prepared = new ArrayList<>(sqls.size());
    for (String sql : sqls) {
      String shown = sql.length() > 80 ? sql.substring(0, 80) + "…" : sql;
      prepared.add(conn.prepare(sql).recover(e -> Future.failedFuture(
          new IllegalStateException("statement does not prepare: " + e.getMessage() + "; " + shown, e))));
    }
    return Future.all(prepared).mapEmpty();
  }
}
