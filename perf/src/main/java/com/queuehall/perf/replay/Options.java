package com.queuehall.perf.replay;

import com.queuehall.config.Config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The replay command line, read once with defaults. */
record Options(String target, Path trace, double speed, String jwtKey, String pgUrl, double maxErrorRate,
    Path report, int connections, int citizenConnections, boolean quiet, Objectives objectives) {

  static final String USAGE = """
      usage: replay --target URL --trace FILE --speed N [--jwt-key K] [--pg-url URL]
                    [--max-error-rate 0.01] [--report DIR] [--connections 64]
                    [--citizen-connections 64] [--quiet true] [--objectives issue:p99:25,...]
        start the server with QH_CLOCK an hour (virtual) before the trace starts, at the same speed,
        e.g. QH_CLOCK=2026-07-15T04:00:00+08:00@1000 for a trace starting at 05:00 and --speed 1000""";

  static Options parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (i == 0 && "replay".equals(args[0])) continue;
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    if (!o.containsKey("target") || !o.containsKey("trace") || !o.containsKey("speed")) {
      throw new IllegalArgumentException("--target, --trace and --speed are required");
    }
    double speed = Double.parseDouble(o.get("speed"));
    if (speed <= 0) throw new IllegalArgumentException("--speed must be positive");
    String target = o.get("target");
    if (target.endsWith("/")) target = target.substring(0, target.length() - 1);
    return new Options(target, Path.of(o.get("trace")), speed, o.getOrDefault("jwt-key", Config.DEV_JWT_KEY),
        o.get("pg-url"), Double.parseDouble(o.getOrDefault("max-error-rate", "0.01")),
        o.containsKey("report") ? Path.of(o.get("report")) : null,
        Integer.parseInt(o.getOrDefault("connections", "64")),
        Integer.parseInt(o.getOrDefault("citizen-connections", "64")),
        Boolean.parseBoolean(o.getOrDefault("quiet", "false")), Objectives.parse(o.get("objectives")));
  }
}
