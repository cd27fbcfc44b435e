package com.queuehall.perf.replay;

import com.queuehall.config.CommandLine;
import com.queuehall.config.Config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/** The replay command line, read once with defaults. */
record Options(String target, Path trace, double speed, String jwtKey, String pgUrl, double maxErrorRate,
    Path report, int connections, int citizenConnections, boolean quiet, Objectives objectives) {

  static final String USAGE = """
      usage: replay --target URL --trace FILE --speed N [--jwt-key K] [--pg-url URL]
                    [--max-error-rate 0.01] [--report DIR] [--connections 64]
                    [--citizen-connections 64] [--quiet] [--objectives issue:p99:25,...]
        start the server with QH_CLOCK an hour (virtual) or 15 s (real) before the trace starts,
        whichever is longer, at the same speed: e.g. QH_CLOCK=2026-07-15T00:50:00+08:00@1000 for a
        trace starting at 05:00 and --speed 1000, QH_CLOCK=2026-07-15T04:00:00+08:00@150 at 150x""";

  /** The options that take a value; --quiet is the one switch. */
  static final Set<String> VALUED = Set.of("target", "trace", "speed", "jwt-key", "pg-url", "max-error-rate", "report",
      "connections", "citizen-connections", "objectives");

  static CommandLine commandLine(String[] args) {
    return CommandLine.parse(args, VALUED, Set.of("quiet"), 0);
  }

  static Options from(CommandLine c) {
    if (!c.has("target") || !c.has("trace") || !c.has("speed")) {
      throw new IllegalArgumentException("--target, --trace and --speed are required");
    }
    return new Options(target(c.required("target")), Path.of(c.required("trace")), c.positive("speed", 1),
        c.string("jwt-key", Config.DEV_JWT_KEY), c.string("pg-url", null), c.fraction("max-error-rate", 0.01),
        c.has("report") ? Path.of(c.required("report")) : null, c.integer("connections", 64, 1),
        c.integer("citizen-connections", 64, 1), c.on("quiet"), Objectives.parse(c.string("objectives", null)));
  }

  /**
   * The server's base URL, without a trailing slash: http or https, a host, an optional port, and
   * no path, since the replayer sends the API's own paths (/api/v1/…) to it.
   */
  static String target(String raw) {
    String example = "; give the server's base URL, like http://127.0.0.1:8080";
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--target " + raw + " is not a URL" + example);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("--target " + raw + " is not an http or https URL" + example);
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("--target " + raw + " names no host" + example);
    boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
    if (!bare || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("--target " + raw + " has a path or query: the replayer sends the API's "
          + "own paths (/api/v1/...)" + example);
    }
    return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
  }
}
