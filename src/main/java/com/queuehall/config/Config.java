package com.queuehall.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything Queuehall can be told, read once at start: defaults, then a JSON file
 * ({@code QH_CONFIG}), then environment variables. A null pgUrl or redisUrl means "start an
 * embedded one".
 */
public record Config(
    String httpHost,
    int httpPort,
    String pgUrl,
    int pgPoolSize,
    String redisUrl,
    int redisPoolSize,
    String jwtKey,
    String catalogPath,
    int instances,
    int retryAfterSeconds,
    int bodyLimitBytes,
    String clock,
    int shutdownGraceSeconds,
    int liveHeartbeatSeconds,
    int pgStatementTimeoutMs,
    int httpIdleTimeoutSeconds) {

  public static final String DEV_JWT_KEY = "queuehall-development-key-change-me-in-production";

  public static Config defaults() {
    return new Config("0.0.0.0", 8080, null, 8, null, 8, DEV_JWT_KEY, null,
        Runtime.getRuntime().availableProcessors(), 1, 16 * 1024, null, 10, 30, 5_000, 120);
  }

  /** Reads QH_CONFIG (a JSON file) if set, then QH_* environment variables on top. */
  public static Config load(Map<String, String> env) {
    JsonObject json = defaults().toJson();
    String file = env.get("QH_CONFIG");
    if (file != null && !file.isBlank()) {
      try {
        json.mergeIn(new JsonObject(Files.readString(Path.of(file))));
      } catch (Exception e) {
        throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }
    override(json, env, "QH_HTTP_HOST", "httpHost", s -> s);
    override(json, env, "QH_HTTP_PORT", "httpPort", Integer::parseInt);
    override(json, env, "QH_PG_URL", "pgUrl", s -> s);
    override(json, env, "QH_PG_POOL_SIZE", "pgPoolSize", Integer::parseInt);
    override(json, env, "QH_REDIS_URL", "redisUrl", s -> s);
    override(json, env, "QH_REDIS_POOL_SIZE", "redisPoolSize", Integer::parseInt);
    override(json, env, "QH_JWT_KEY", "jwtKey", s -> s);
    override(json, env, "QH_CATALOG", "catalogPath", s -> s);
    override(json, env, "QH_INSTANCES", "instances", Integer::parseInt);
    override(json, env, "QH_RETRY_AFTER_SECONDS", "retryAfterSeconds", Integer::parseInt);
    override(json, env, "QH_CLOCK", "clock", s -> s);
    override(json, env, "QH_SHUTDOWN_GRACE_SECONDS", "shutdownGraceSeconds", Integer::parseInt);
    override(json, env, "QH_LIVE_HEARTBEAT_SECONDS", "liveHeartbeatSeconds", Integer::parseInt);
    override(json, env, "QH_PG_STATEMENT_TIMEOUT_MS", "pgStatementTimeoutMs", Integer::parseInt);
    override(json, env, "QH_HTTP_IDLE_TIMEOUT_SECONDS", "httpIdleTimeoutSeconds", Integer::parseInt);
    return fromJson(json);
  }

  public static Config fromJson(JsonObject j) {
    Config d = defaults();
    Config c = new Config(
        j.getString("httpHost", d.httpHost),
        j.getInteger("httpPort", d.httpPort),
        blankToNull(j.getString("pgUrl")),
        j.getInteger("pgPoolSize", d.pgPoolSize),
        blankToNull(j.getString("redisUrl")),
        j.getInteger("redisPoolSize", d.redisPoolSize),
        j.getString("jwtKey", d.jwtKey),
        blankToNull(j.getString("catalogPath")),
        j.getInteger("instances", d.instances),
        j.getInteger("retryAfterSeconds", d.retryAfterSeconds),
        j.getInteger("bodyLimitBytes", d.bodyLimitBytes),
        blankToNull(j.getString("clock")),
        j.getInteger("shutdownGraceSeconds", d.shutdownGraceSeconds),
        j.getInteger("liveHeartbeatSeconds", d.liveHeartbeatSeconds),
        j.getInteger("pgStatementTimeoutMs", d.pgStatementTimeoutMs),
        j.getInteger("httpIdleTimeoutSeconds", d.httpIdleTimeoutSeconds));
    c.validate();
    return c;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("httpHost", httpHost).put("httpPort", httpPort)
        .put("pgUrl", pgUrl).put("pgPoolSize", pgPoolSize)
        .put("redisUrl", redisUrl).put("redisPoolSize", redisPoolSize)
        .put("jwtKey", jwtKey).put("catalogPath", catalogPath)
        .put("instances", instances).put("retryAfterSeconds", retryAfterSeconds)
        .put("bodyLimitBytes", bodyLimitBytes).put("clock", clock)
        .put("shutdownGraceSeconds", shutdownGraceSeconds).put("liveHeartbeatSeconds", liveHeartbeatSeconds)
        .put("pgStatementTimeoutMs", pgStatementTimeoutMs).put("httpIdleTimeoutSeconds", httpIdleTimeoutSeconds);
  }

  public Config withPgUrl(String url) {
    return fromJson(toJson().put("pgUrl", url));
  }

  public Config withRedisUrl(String url) {
    return fromJson(toJson().put("redisUrl", url));
  }

  public Config withHttpPort(int port) {
    return fromJson(toJson().put("httpPort", port));
  }

  /** The server's clock: real time, or the scaled clock of a replay (QH_CLOCK). */
  public java.time.Clock clockOrSystem() {
    return clock == null ? java.time.Clock.systemUTC() : ScaledClock.parse(clock);
  }

  private void validate() {
    if (clock != null) {
      try {
        ScaledClock.parse(clock);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "QH_CLOCK must look like 2026-07-15T07:00:00+08:00@1000, got '" + clock + "'");
      }
    }
    if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException("httpPort out of range: " + httpPort);
    if (instances < 1) throw new IllegalArgumentException("instances must be at least 1");
    if (pgPoolSize < 1 || redisPoolSize < 1) throw new IllegalArgumentException("pool sizes must be at least 1");
    if (pgStatementTimeoutMs < 0) {
      throw new IllegalArgumentException("pgStatementTimeoutMs (QH_PG_STATEMENT_TIMEOUT_MS) must not be negative");
    }
    if (liveHeartbeatSeconds < 1) {
      throw new IllegalArgumentException("liveHeartbeatSeconds (QH_LIVE_HEARTBEAT_SECONDS) must be at least 1");
    }
    // A live client's pongs to the heartbeat's pings are what keep a quiet feed from counting as idle.
    if (httpIdleTimeoutSeconds < 0 || httpIdleTimeoutSeconds > 0 && httpIdleTimeoutSeconds <= liveHeartbeatSeconds) {
      throw new IllegalArgumentException("httpIdleTimeoutSeconds (QH_HTTP_IDLE_TIMEOUT_SECONDS) must be 0 (never)"
          + " or more than liveHeartbeatSeconds (" + liveHeartbeatSeconds + "), got " + httpIdleTimeoutSeconds);
    }
    if (shutdownGraceSeconds < 0) {
      throw new IllegalArgumentException("shutdownGraceSeconds (QH_SHUTDOWN_GRACE_SECONDS) must not be negative");
    }
    if (jwtKey == null || jwtKey.length() < 32) {
      throw new IllegalArgumentException("jwtKey (QH_JWT_KEY) must be at least 32 characters");
    }
  }

  private static void override(JsonObject json, Map<String, String> env, String var, String field,
      Function<String, Object> parse) {
    String v = env.get(var);
    if (v == null || v.isBlank()) return;
    try {
      json.put(field, parse.apply(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(var + " must be a number, got '" + v + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
