package com.queuehall.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Applies src/main/resources/db/migration in order, once, under an advisory lock so that several
 * instances starting together do not race.
 */
public final class Migrations {

  /** Listed here because a jar's resources cannot be listed portably. */
  static final List<String> ALL = List.of("V1__core", "V2__counters", "V3__hot_path", "V4__transitions",
      "V5__call_ticket");
  private static final long LOCK = 0x5155_4555_4841_4c4cL; // "QUEUHALL"
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static Future<Void> apply(Pool pool) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
        .compose(v -> conn.query("SET LOCAL client_min_messages = warning").execute())
        .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute())
        .compose(v -> applyFrom(conn, 0)));
  }

  private static Future<Void> applyFrom(SqlConnection conn, int index) {
    if (index == ALL.size()) return Future.succeededFuture();
    String version = ALL.get(index);
    return conn.preparedQuery("SELECT 1 FROM schema_version WHERE version = $1").execute(Tuple.of(version))
        .compose(rows -> {
          if (rows.size() > 0) return Future.succeededFuture();
          log.info("applying migration {}", version);
          return conn.query(read(version)).execute()
              .compose(v -> conn.preparedQuery("INSERT INTO schema_version (version) VALUES ($1)")
                  .execute(Tuple.of(version)))
              .mapEmpty();
        })
        .compose(v -> applyFrom(conn, index + 1));
  }

  private static String read(String version) {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + version + ".sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing migration " + version, e);
    }
  }
}
