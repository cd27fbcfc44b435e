package com.queuehall.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one Redis script runner: loads every script once (SCRIPT LOAD), calls it by EVALSHA, and
 * loads it again when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
public final class ScriptRunner {

  private static final Map<Script, String> SOURCES = readSources();
  private static final long TIMEOUT_MS = 3_000;

  private final Redis redis;
  private final Map<Script, String> shas = new EnumMap<>(Script.class);

  public ScriptRunner(Redis redis) {
    this.redis = redis;
  }

  /** Loads all scripts; call once in start(), before serving. */
  public Future<Void> loadAll() {
    List<Future<String>> loads = new ArrayList<>();
    for (Script s : Script.values()) loads.add(load(s));
    return Future.all(loads).mapEmpty();
  }

  public Future<Response> run(Script script, List<String> keys, List<String> args) {
    String sha = shas.get(script);
    if (sha == null) return load(script).compose(loaded -> evalsha(loaded, keys, args));
    return evalsha(sha, keys, args).recover(err -> {
      if (String.valueOf(err.getMessage()).startsWith("NOSCRIPT")) {
        return load(script).compose(loaded -> evalsha(loaded, keys, args));
      }
      return Future.failedFuture(err);
    });
  }

  public Redis redis() {
    return redis;
  }

  private Future<Response> evalsha(String sha, List<String> keys, List<String> args) {
    Request req = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    for (String k : keys) req.arg(k);
    for (String a : args) req.arg(a);
    // A Redis that accepts but never answers must not hold a kiosk forever: the caller answers 503.
    return redis.send(req).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<String> load(Script script) {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SOURCES.get(script)))
        .map(r -> {
          String sha = r.toString();
          shas.put(script, sha);
          return sha;
        });
  }

  /** The library of shared functions is prepended to every script: Redis 6.2 has no FUNCTION. */
  private static Map<Script, String> readSources() {
    String lib = resource("lib");
    Map<Script, String> out = new EnumMap<>(Script.class);
    for (Script s : Script.values()) out.put(s, lib + "\n" + resource(s.file));
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = ScriptRunner.class.getResourceAsStream("/lua/" + name + ".lua")) {
      if (in == null) throw new IllegalStateException("missing Lua script " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua script " + name, e);
    }
  }
}
