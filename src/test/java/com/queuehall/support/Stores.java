package com.queuehall.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Postgres and Redis the tests run against, from QH_TEST_PG_URL and QH_TEST_REDIS_URL
 * (defaults: the local servers). The test database is created on first use.
 */
public final class Stores {

  public static final String PG_URL = env("QH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/queuehall_test");
  public static final String REDIS_URL = env("QH_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private static final Vertx VERTX = Vertx.vertx();
  private static Pool pool;
  private static Redis redis;

  private Stores() {}

  public static synchronized Pool pg() {
    if (pool == null) {
      ensureDatabase();
      pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PG_URL)).using(VERTX).build();
    }
    return pool;
  }

  public static synchronized Redis redis() {
    if (redis == null) redis = Redis.createClient(VERTX, REDIS_URL);
    return redis;
  }

  /** Empties the records, the counters' sessions and Redis, keeping schema and catalog. */
  public static void reset() {
    List<String> tables = new ArrayList<>();
    for (Row r : sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        + "AND tablename IN ('event', 'ticket', 'appointment', 'quota', 'redis_epoch', 'counter_session')")) {
      tables.add(r.getString(0));
    }
    if (!tables.isEmpty()) sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
    redis(Command.FLUSHALL);
  }

  public static RowSet<Row> sql(String sql, Object... args) {
    return await(pg().preparedQuery(sql).execute(Tuple.from(args)));
  }

  public static long count(String sql, Object... args) {
    return sql(sql, args).iterator().next().getLong(0);
  }

  public static Response redis(Command cmd, String... args) {
    Request req = Request.cmd(cmd);
    for (String a : args) req.arg(a);
    return await(redis().send(req));
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  private static void ensureDatabase() {
    ensureDatabase(PgConnectOptions.fromUri(PG_URL).getDatabase());
  }

  /**
   * The URL of a database of that name on the tests' Postgres server, created (empty, without
   * Queuehall's schema) if it is not there.
   */
  public static String otherDatabase(String name) {
    ensureDatabase(name);
    PgConnectOptions o = PgConnectOptions.fromUri(PG_URL);
    String password = o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword();
    return "postgresql://" + o.getUser() + password + "@" + o.getHost() + ":" + o.getPort() + "/" + name;
  }

  private static void ensureDatabase(String name) {
    PgConnectOptions admin = new PgConnectOptions(PgConnectOptions.fromUri(PG_URL)).setDatabase("postgres");
    Pool p = PgBuilder.pool().connectingTo(admin).using(VERTX).build();
    try {
      RowSet<Row> rows = await(p.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(name)));
      if (rows.size() == 0) await(p.query("CREATE DATABASE " + name).execute());
    } finally {
      await(p.close());
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
