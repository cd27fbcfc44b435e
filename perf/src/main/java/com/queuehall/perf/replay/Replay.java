package com.queuehall.perf.replay;

import com.queuehall.config.CommandLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * `replay --target URL --trace FILE --speed N`: plays a peak-day trace against a running server on
 * an open model, prints latencies, writes an HTML report, and checks the server's invariants.
 * Exit code 0: no violation, errors within --max-error-rate and every --objectives met; 1: a violation
 * or too many errors; 2: bad usage, or a replay that cannot start (a server unreachable, not ready, on
 * the wrong clock, refusing the tokens or not knowing the trace's point; an unusable --pg-url), with
 * no event of the trace sent; 3: no violation, but a latency objective missed.
 */
public final class Replay {

  /** How the facts give a time of the trace's day. */
  private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** The exit code of a replay whose invariants held but whose latency objectives were missed. */
  static final int OBJECTIVES_MISSED = 3;
  /** How long displays may still receive events after the last answer. */
  private static final long LIVE_GRACE_MS = 1_000;

  private Replay() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    Options options;
    Trace trace;
    try {
      CommandLine command = Options.commandLine(args);
      if (command.help()) {
        System.out.println(Options.USAGE);
        return 0;
      }
      options = Options.from(command);
      trace = Trace.read(options.trace());
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println("replay: no trace file at " + e.getFile() + " (write one with gen-trace)\n" + Options.USAGE);
      return 2;
    } catch (Exception e) {
      System.err.println("replay: " + e.getMessage() + "\n" + Options.USAGE);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      return replay(vertx, options, trace);
    } catch (Exception e) {
      System.err.println("\nreplay failed: " + e);
      return 1;
    } finally {
      await(vertx.close(), 30);
    }
  }

  private static int replay(Vertx vertx, Options options, Trace trace) throws Exception {
    Target target = new Target(vertx, options.target(), options.jwtKey(), options.connections(),
        options.citizenConnections());
    Latencies latencies = new Latencies();
    Ledger ledger = new Ledger();
    Displays displays = new Displays(target, latencies);
    ZoneId zone = trace.zone();
    Instant dayEnd = LocalDate.parse(trace.header().getString("date")).plusDays(1).atStartOfDay(zone).toInstant();
    Player player = new Player(vertx, target, trace.events(), options.speed(), dayEnd, latencies, ledger, displays);
    Progress progress = new Progress(vertx, player, latencies, System.err);

    HttpResponse<Buffer> ready;
    try {
      ready = await(target.send(HttpMethod.GET, "/health/ready", null, Map.of(), null), 30);
    } catch (IllegalStateException e) {
      System.err.println("replay: cannot reach the server at " + options.target() + " (" + e.getMessage()
          + "); start it first, or check --target");
      return 2;
    }
    long realNow = System.nanoTime();
    if (ready.statusCode() != 200) {
      System.err.println("replay: the server at " + options.target() + " is not ready (GET /health/ready answered "
          + ready.statusCode() + ": " + ready.bodyAsString() + "); wait until it answers 200");
      return 2;
    }
    JsonObject health = ready.bodyAsJsonObject();
    Instant serverNow = health.getString("now") == null ? Instant.now() : Instant.parse(health.getString("now"));
    System.err.println("replaying " + trace.events().size() + " events of " + trace.header().getString("date")
        + " at " + options.speed() + "x; server clock " + serverNow + "; trace starts "
        + (trace.events().isEmpty() ? "-" : trace.events().get(0).at()));

    String problem = clockProblem(trace, serverNow, options.speed());
    if (problem != null) {
      System.err.println("replay: " + problem);
      return 2;
    }
    String access = await(accessProblem(target, trace), 30);
    if (access != null) {
      System.err.println("replay: " + access);
      return 2;
    }
    PgChecks pg = null;
    if (options.pgUrl() != null) {
      try {
        pg = new PgChecks(vertx, options.pgUrl(), ledger);
        await(pg.probe(), 30);
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println("replay: cannot use --pg-url " + options.pgUrl() + ": " + e.getMessage());
        return 2;
      }
    }
    // Once per answer: the hour's label is looked up, not formatted (String.format was 3 % of the replayer's CPU).
    String[] hours = new String[24];
    for (int h = 0; h < 24; h++) hours[h] = (h < 10 ? "0" : "") + h + ":00";
    latencies.byHour(nanos -> hours[player.traceTime(nanos).atZone(zone).getHour()]);
    long began = System.nanoTime();
    if (!options.quiet()) progress.start();
    await(player.play(serverNow, realNow), Long.MAX_VALUE / 2_000_000_000L);
    if (!options.quiet()) progress.stop();
    long elapsed = System.nanoTime() - began;
    Thread.sleep(LIVE_GRACE_MS);
    await(displays.close(), 30);

    await(new Checks(target, ledger).run(), 600);
    if (pg != null) {
      Set<LocalDate> days = new java.util.HashSet<>(ledger.days());
      days.add(LocalDate.parse(trace.header().getString("date")));
      await(pg.run(days), 600);
    }
    target.close();
    return verdict(options, trace, player, latencies, ledger.violations(), elapsed);
  }

  /**
   * How far (virtual) before the trace's first event the server's clock should start: an hour, or
   * 15 s of real time at high speeds (the server's start and the replayer's reading of the trace
   * take several seconds), in whole minutes.
   */
  static java.time.Duration lead(double speed) {
    return java.time.Duration.ofMinutes(Math.max(60, (long) Math.ceil(15 * speed / 60)));
  }

  /**
   * Null when the server takes the replayer's tokens and knows the trace's first point and service
   * (one read of their quota, as the checks after the replay make); otherwise what is wrong. A wrong
   * --jwt-key or a trace of another catalog would otherwise fail every request of the day.
   */
  static Future<String> accessProblem(Target target, Trace trace) {
    Trace.Event first = trace.events().stream()
        .filter(e -> e.point() != null && e.line().getString("service") != null).findFirst().orElse(null);
    if (first == null) return Future.succeededFuture(null);
    String what = first.point() + " " + first.line().getString("service");
    String path = Checks.quotaPath(first.point(), first.line().getString("service"), trace.header().getString("date"));
    return target.send(HttpMethod.GET, path, target.admin(), Map.of(), null).map(r -> switch (r.statusCode()) {
      case 200 -> null;
      case 401, 403 -> "the server refuses the replayer's tokens (GET " + path + " answered " + r.statusCode()
          + "); --jwt-key must be the server's QH_JWT_KEY";
      case 404 -> "the server does not know " + what + ", the trace's first point and service (GET " + path
          + " answered 404); write the trace for this server's catalog";
      default -> "the server answered GET " + path + " with " + r.statusCode() + ": " + r.bodyAsString();
    });
  }

  /**
   * A server on the wrong clock would turn the replay into one burst (its clock past the trace) or a
   * long wait: say how to start it instead. Null when the clock is usable.
   */
  static String clockProblem(Trace trace, Instant serverNow, double speed) {
    if (trace.events().isEmpty()) return null;
    Instant first = trace.events().get(0).at();
    Instant last = trace.events().get(trace.events().size() - 1).at();
    String hint = "; start the server with QH_CLOCK=\"" + first.minus(lead(speed))
        .atZone(trace.zone()).toOffsetDateTime()
        + "@" + (speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed))
        + "\" (an hour or 15 s of real time before the trace, whichever is longer, at the replay's speed)";
    if (serverNow.isAfter(last)) {
      return "the server's clock (" + serverNow + ") is past the trace's last event (" + last + ")" + hint;
    }
    if (java.time.Duration.between(serverNow, first).toSeconds() / speed > 600) {
      return "the trace starts " + java.time.Duration.between(serverNow, first)
          + " (virtual) after the server's clock (" + serverNow + "), more than 10 minutes of real waiting at "
          + speed + "x" + hint;
    }
    if (serverNow.isAfter(first)) {
      System.err.println("replay: warning: the server's clock is already past the trace's start; the events before "
          + serverNow + " go at once and count as late");
    }
    return null;
  }

  private static int verdict(Options options, Trace trace, Player player, Latencies latencies, List<String> violations,
      long elapsedNanos) throws Exception {
    var ops = latencies.snapshot();
    long answered = latencies.answered();
    double errorRate = answered == 0 ? 0 : (double) latencies.errors() / answered;
    List<String> facts = new ArrayList<>(List.of(
        "trace " + options.trace() + " (" + trace.header().getString("date") + ", " + trace.events().size()
            + " events)",
        "target " + options.target() + " at " + options.speed() + "x, in "
            + String.format("%.1f s", elapsedNanos / 1e9),
        "late events (sent more than 10 ms after their time): " + player.late(),
        player.lag().line(nanos -> CLOCK_TIME.format(player.traceTime(nanos).atZone(trace.zone()))),
        "skipped events (unknown op, or check-in of a booking that was not booked): " + player.skipped(),
        String.format("errors (5xx, timeouts, no answer): %d of %d answers (%.3f%%; limit %.3f%%)", latencies.errors(),
            answered, errorRate * 100, options.maxErrorRate() * 100),
        "Postgres checks: " + (options.pgUrl() == null ? "not run (no --pg-url)" : "run")));
    List<String> problems = new ArrayList<>(violations);
    if (errorRate > options.maxErrorRate()) {
      problems.add(String.format("error rate %.3f%% over the limit of %.3f%%", errorRate * 100,
          options.maxErrorRate() * 100));
    }
    latencies.reasons().forEach((why, n) -> facts.add("refused or failed: " + why + " × " + n));
    latencies.notes().forEach((what, n) -> facts.add("answered: " + what + " × " + n
        + (what.startsWith("call-next 204") ? " (the trace has a citizen waiting at every call)" : "")));
    String lagWarning = player.lag().warning();
    if (lagWarning != null) facts.add(lagWarning);
    if (player.afterDay() > 0) {
      facts.add("WARNING: " + player.afterDay() + " hall requests were answered after the server's clock passed "
          + "midnight, on the next day's queues: the replay fell that far behind, so its counters and check-ins "
          + "did not play the trace's day");
    }
    List<Objectives.Judged> judged = options.objectives().judge(ops);
    List<String> missed = judged.stream().filter(j -> !j.met()).map(Objectives.Judged::line).toList();
    System.out.print(Report.table(ops));
    System.out.print(Report.hourly(latencies.hourly()));
    facts.forEach(f -> System.out.println(f));
    judged.forEach(j -> System.out.println(j.line()));
    if (options.report() != null) {
      Report.html(options.report(), "Queuehall replay of " + trace.header().getString("date"), ops,
          latencies.hourly(), facts, problems, judged);
      System.out.println("report: " + options.report().resolve("index.html"));
    }
    if (!problems.isEmpty()) {
      System.out.println("verdict: FAIL, " + problems.size() + " violation(s)"
          + (missed.isEmpty() ? "" : " and " + missed.size() + " latency objective(s) missed") + ":");
      problems.stream().limit(50).forEach(p -> System.out.println("  VIOLATION " + p));
      if (problems.size() > 50) System.out.println("  … and " + (problems.size() - 50) + " more");
      missed.forEach(m -> System.out.println("  " + m));
      System.err.println("replay: FAIL: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1)
          + " more)" : ""));
      return 1;
    }
    if (!missed.isEmpty()) {
      System.out.println("verdict: FAIL, no violation, but " + missed.size() + " latency objective(s) missed:");
      missed.forEach(m -> System.out.println("  " + m));
      System.err.println("replay: FAIL: " + missed.get(0));
      return OBJECTIVES_MISSED;
    }
    System.out.println("verdict: PASS, no violation" + (judged.isEmpty() ? "" : ", every latency objective met"));
    return 0;
  }

  private static <T> T await(Future<T> f, long seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
