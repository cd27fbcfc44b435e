package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.queuehall.config.Config;
import com.queuehall.config.ScaledClock;
import com.queuehall.support.Citizens;
import com.queuehall.support.Stores;
import com.queuehall.support.TcpProxy;
import com.queuehall.support.TestHall;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReplayTest {

  private static final double SPEED = 1000;
  /** A cell of the by-hour table: count / p50 ms / p99 ms. */
  private static final String CELL = "\\d+ / [\\d.]+ / [\\d.]+";

  @TempDir
  Path dir;

  private TestHall hall;

  @BeforeEach
  void startHall() {
    Stores.reset();
  }

  @AfterEach
  void stopHall() {
    if (hall != null) hall.close();
  }

  @Test
  @DisplayName("a small morning replayed at 1000x finishes with zero violations, exit code 0 and a report")
  void smallTracePasses() throws Exception {
    // An objective no loopback answer can miss: the verdict judges it and stays PASS.
    Run run = smallMorning(true, "--objectives", "issue:max:60000");
    assertThat(run.code).as(run.out).isZero();
    assertThat(run.out).contains("objective issue max ≤ 60000 ms: met")
        .contains("verdict: PASS, no violation, every latency objective met").contains("issue")
        .contains("call-next").contains("call→display");
    assertThat(run.out).as("a counter calls again only once its previous ticket is done")
        .doesNotContain("counter busy");
    assertThat(run.out).contains("by scheduled hour (trace time)")
        .containsPattern("replayer event-loop lag \\(a 10 ms timer, \\d+ samples\\): p50 [0-9.]+ ms, .*"
            + "max [0-9.]+ ms from \\d\\d:\\d\\d:\\d\\d \\(trace time\\)");
    assertThat(run.out.lines().filter(l -> l.startsWith("09:00 ")).findFirst()).as("the trace's 09:00 hour")
        .hasValueSatisfying(row -> assertThat(row).matches("09:00 +(" + CELL + "|-)( +(" + CELL + "|-)){3}")
            .contains(" / "));
    String html = Files.readString(dir.resolve("report/index.html"));
    assertThat(html).contains("<svg").contains("No violation").contains("Latency through the day")
        .contains("data-plot=\"day\"")
        .doesNotContain("<script").doesNotContain("http://cdn");
  }

  @Test
  @DisplayName("a latency objective missed, with no violation, fails the replay with exit code 3 and says which")
  void missedObjectiveFails() throws Exception {
    // 1 µs: no HTTP answer over loopback comes that fast; 60 s: every answer of a small trace does.
    Run run = smallMorning(false, "--objectives", "check-in:p50:0.001,issue:p99:60000");
    assertThat(run.code).as(run.out).isEqualTo(Replay.OBJECTIVES_MISSED);
    assertThat(run.out).contains("verdict: FAIL, no violation, but 1 latency objective(s) missed:")
        .containsPattern("objective check-in p50 ≤ 0\\.001 ms: MISSED \\(\\d")
        .contains("objective issue p99 ≤ 60000 ms: met");
    assertThat(Files.readString(dir.resolve("report/index.html"))).contains("Latency objectives")
        .contains("class=\"bad\">objective check-in p50");
  }

  @Test
  @DisplayName("a slot overfilled straight in Postgres fails the replay, naming the slot")
  void overfilledSlotIsCaught() throws Exception {
    Path trace = SmallTrace.write(dir.resolve("small.jsonl"));
    startServer();
    injectOverfilledSlot();
    Run run = replay(trace, true);
    assertThat(run.code).as(run.out).isEqualTo(1);
    assertThat(run.out).contains("verdict: FAIL")
        .contains("VIOLATION slot over capacity in Postgres: P001 passport " + SmallTrace.DAY + " 19:30");
  }

  @Test
  @DisplayName("the quota checks of 20,000 point-service-days all finish, each read after the previous answer "
      + "(a server that refuses every read: each is a violation, none is lost)")
  void manySourcesChecked() {
    Ledger ledger = new Ledger();
    int sources = 20_000;
    for (int i = 0; i < sources; i++) {
      ledger.ticket(null, new JsonObject().put("id", UUID.randomUUID().toString())
          .put("number", "W" + i).put("pointId", "P" + i).put("service", "passport").put("day", SmallTrace.DAY), true);
    }
    Vertx vertx = Vertx.vertx();
    try {
      // Nothing listens on port 1: every read fails at once, so the checks run as fast as they can.
      Target target = new Target(vertx, "http://127.0.0.1:1", Config.DEV_JWT_KEY, 4, 4);
      Stores.await(new Checks(target, ledger).run());
      assertThat(ledger.violations()).hasSize(sources).allMatch(v -> v.startsWith("cannot read the quota of"));
    } finally {
      Stores.await(vertx.close());
    }
  }

  @Test
  @DisplayName("a replay that runs past the trace day's midnight says so, and counts the calls that found nobody")
  void fallingBehindIsReported() throws Exception {
    // The header's day ends at midnight before the events: as if the replay had fallen nine virtual hours behind.
    String header = SmallTrace.header("2026-07-14", SmallTrace.START.plusMinutes(5)).encode();
    String session = SmallTrace.session(SmallTrace.START, "C01", "passport").encode();
    String call = SmallTrace.call(SmallTrace.START.plusSeconds(30), "C01", 60).encode();
    Path trace = Files.write(dir.resolve("late.jsonl"), List.of(header, session, call));
    startServer();
    Run run = replay(trace, false);
    assertThat(run.code).as(run.out).isZero();
    assertThat(run.out).contains("answered: call-next 204 nobody waiting × 1")
        .contains("WARNING: 2 hall requests were answered after the server's clock passed midnight");
    assertThat(Files.readString(dir.resolve("report/index.html"))).contains("204 nobody waiting")
        .contains("WARNING: 2 hall requests");
  }

  @Test
  @DisplayName("hall requests answered 503 while Postgres is away are asked again after their Retry-After: the "
      + "counter's session and the walk-in land, and the counter then calls, starts and completes it, never busy")
  void unavailableIsAskedAgain() throws Exception {
    Path trace = Files.write(dir.resolve("outage.jsonl"), List.of(
        SmallTrace.header(SmallTrace.DAY, SmallTrace.START.plusHours(2)).encode(),
        SmallTrace.session(SmallTrace.START, "C01", "passport").encode(),
        SmallTrace.event(SmallTrace.START.plusSeconds(5), "issue").put("ref", "w1").put("service", "passport")
            .put("key", "P001-w1").put("green", false).put("phone", false).encode(),
        // An hour of trace later (3.6 s at 1000x): long after both were asked again.
        SmallTrace.call(SmallTrace.START.plusHours(1), "C01", 20).encode()));
    try (TcpProxy postgres = TcpProxy.inFrontOf(Stores.PG_URL)) {
      // Two virtual hours before the trace (7.2 s): the replay checks the server ready before Postgres goes.
      ScaledClock clock = new ScaledClock(SmallTrace.START.minusHours(2).toInstant(), SPEED, TestHall.ZONE);
      hall = TestHall.start(TestHall.config(TestHall.freePort()).withPgUrl(postgres.url(Stores.PG_URL)), clock);
      // Postgres goes ten virtual minutes before the first event, and comes back once the session and
      // the walk-in have both been answered 503.
      Thread outage = new Thread(() -> {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
          while (clock.instant().isBefore(SmallTrace.START.minusMinutes(10).toInstant())) Thread.sleep(5);
          postgres.stop();
          while (answered503() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          postgres.start();
        }
      });
      outage.start();
      Run run = replay(trace, true, "--max-error-rate", "1");
      outage.join();
      assertThat(run.code).as(run.out).isZero();
      assertThat(run.out).contains("answered: session 503, asked again after its Retry-After × ")
          .contains("answered: issue 503, asked again after its Retry-After × ")
          .contains("verdict: PASS, no violation").doesNotContain("counter busy");
      List<String> statuses = new ArrayList<>();
      Stores.await(Stores.pg().query("SELECT status FROM ticket WHERE point_id = 'P001'").execute())
          .forEach(row -> statuses.add(row.getString("status")));
      assertThat(statuses).containsExactly("COMPLETED");
      hall.close();
      hall = null;
    }
  }

  /** How many requests the server has answered 503, from its /metrics. */
  private int answered503() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hall.port() + "/metrics"))
              .build(), HttpResponse.BodyHandlers.ofString());
      return (int) r.body().lines().filter(l -> l.startsWith("vertx_http_server_response_time_seconds_count{")
              && l.contains("code=\"503\""))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  @DisplayName("bad options are a usage error (exit code 2): an unknown objective, a mistyped option, a missing trace")
  void badUsage() throws Exception {
    Path trace = SmallTrace.write(dir.resolve("usage.jsonl"));
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1"})).isEqualTo(2);
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1", "--trace", trace.toString(), "--speed", "1",
        "--objectives", "issue:p99"})).isEqualTo(2);
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1", "--trace", trace.toString(), "--speed", "1",
        "--conections", "700"})).isEqualTo(2);
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1", "--trace", trace.toString(), "--speed", "x"}))
        .isEqualTo(2);
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1", "--trace", dir.resolve("none").toString(),
        "--speed", "1"})).isEqualTo(2);
    assertThat(Replay.run(new String[] {"--help"})).isZero();
  }

  @Test
  @DisplayName("a --pg-url that is not a URL, cannot be reached or holds no Queuehall schema is exit code 2, before "
      + "the trace is played")
  void badPgUrl() throws Exception {
    Path trace = SmallTrace.write(dir.resolve("small.jsonl"));
    startServer();
    Map<String, String> urls = Map.of(
        "not a Postgres URL", "mysql://127.0.0.1/x",
        "cannot reach it", "postgresql://postgres@127.0.0.1:1/queuehall",
        "holds no Queuehall schema", Stores.otherDatabase("queuehall_replay_empty"));
    for (Map.Entry<String, String> u : urls.entrySet()) {
      Run run = withStderr("--target", "http://127.0.0.1:" + hall.port(), "--trace", trace.toString(),
          "--speed", String.valueOf(SPEED), "--pg-url", u.getValue());
      assertThat(run.code()).as(u.getKey()).isEqualTo(2);
      assertThat(run.out()).contains("cannot use --pg-url " + u.getValue()).contains(u.getKey());
    }
    assertThat(Stores.count("SELECT count(*) FROM ticket")).as("nothing of the trace was sent").isZero();
  }

  @Test
  @DisplayName("a wrong --jwt-key, or a trace of another catalog, is exit code 2 before the trace is played")
  void refusedTokensOrUnknownPoint() throws Exception {
    Path trace = SmallTrace.write(dir.resolve("small.jsonl"));
    startServer();
    String target = "http://127.0.0.1:" + hall.port();
    Run wrongKey = withStderr("--target", target, "--trace", trace.toString(), "--speed", String.valueOf(SPEED),
        "--jwt-key", "not-the-key-of-this-server-0123456789");
    assertThat(wrongKey.code()).isEqualTo(2);
    assertThat(wrongKey.out()).contains("refuses the replayer's tokens").contains("QH_JWT_KEY");
    Path other = Files.write(dir.resolve("other.jsonl"), List.of(
        SmallTrace.header(SmallTrace.DAY, SmallTrace.START.plusMinutes(10)).encode(),
        SmallTrace.event(SmallTrace.START.plusMinutes(1), "issue").put("point", "P999").put("service", "passport")
            .put("ref", "w1").encode()));
    Run unknown = withStderr("--target", target, "--trace", other.toString(), "--speed", String.valueOf(SPEED));
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.out()).contains("does not know P999 passport").contains("this server's catalog");
    assertThat(Stores.count("SELECT count(*) FROM ticket")).as("nothing of the traces was sent").isZero();
  }

  @Test
  @DisplayName("a trace that is not gen-trace's format is exit code 2, with the file and line that are wrong")
  void badTrace() throws Exception {
    String header = Files.readAllLines(SmallTrace.write(dir.resolve("good.jsonl"))).get(0);
    Map<String, List<String>> traces = Map.of(
        "line 2 is not a JSON object", List.of(header, "not json"),
        "line 2 has no \"at\" or \"op\"", List.of(header, "{\"op\":\"issue\"}"),
        "line 2: \"at\" is not a time", List.of(header, "{\"at\":\"09:00\",\"op\":\"issue\"}"),
        "has no header line", List.of("{\"at\":\"2026-07-15T09:00:00+08:00\",\"op\":\"issue\"}"),
        "needs the trace's \"date\"", List.of("{\"kind\":\"header\",\"zone\":\"Asia/Shanghai\"}"));
    for (Map.Entry<String, List<String>> t : traces.entrySet()) {
      Path file = Files.write(dir.resolve("bad.jsonl"), t.getValue());
      Run run = withStderr("--target", "http://127.0.0.1:1", "--trace", file.toString(), "--speed", "1");
      assertThat(run.code()).as(t.getKey()).isEqualTo(2);
      assertThat(run.out()).contains(file.toString()).contains(t.getKey());
    }
  }

  @Test
  @DisplayName("a --target that is not a server's base URL, or a server that cannot be reached, is exit code 2")
  void badTarget() throws Exception {
    Path trace = SmallTrace.write(dir.resolve("target.jsonl"));
    for (String target : List.of("notaurl", "127.0.0.1:8080", "ftp://127.0.0.1", "http://", "http://127.0.0.1:8080/api",
        "http://127.0.0.1:8080?x=1")) {
      assertThat(Replay.run(new String[] {"--target", target, "--trace", trace.toString(), "--speed", "1"}))
          .as(target).isEqualTo(2);
    }
    assertThat(Options.target("http://127.0.0.1:8080/")).isEqualTo("http://127.0.0.1:8080");
    assertThat(Options.target("https://hall.example")).isEqualTo("https://hall.example");
    assertThatThrownBy(() -> Options.target("http://127.0.0.1:8080/queuehall"))
        .hasMessageContaining("has a path").hasMessageContaining("like http://127.0.0.1:8080");
    // Port 1 on loopback refuses at once: nothing listens there.
    assertThat(Replay.run(new String[] {"--target", "http://127.0.0.1:1", "--trace", trace.toString(), "--speed", "1"}))
        .isEqualTo(2);
    // A server that is up but not ready (its stores unreachable) answers /health/ready with 503.
    Vertx vertx = Vertx.vertx();
    try {
      int port = vertx.createHttpServer()
          .requestHandler(req -> req.response().setStatusCode(503).putHeader("Content-Type", "application/json")
              .end("{\"status\":\"DOWN\"}"))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
      Run run = withStderr("--target", "http://127.0.0.1:" + port, "--trace", trace.toString(), "--speed", "1");
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.out()).contains("is not ready").contains("503");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  @DisplayName("a server whose clock is past the trace is refused before anything is sent, with the QH_CLOCK to use")
  void serverClockPastTheTrace() throws Exception {
    Trace trace = Trace.read(SmallTrace.write(dir.resolve("small.jsonl")));
    assertThat(Replay.clockProblem(trace, Instant.parse("2026-11-29T02:00:00Z"), 1000))
        .contains("past the trace's last event").contains("QH_CLOCK=\"2026-07-15T04:50+08:00@1000\"");
    assertThat(Replay.lead(1000)).hasMinutes(250);
    assertThat(Replay.lead(150)).hasMinutes(60);
    assertThat(Replay.clockProblem(trace, SmallTrace.START.minusHours(1).toInstant(), 1000)).isNull();
  }

  /**
   * Slot capacities are kept by a trigger and a unique place, so the only way to overfill one is
   * around them: a place beyond the capacity (5 of 4), inserted with triggers off for this one
   * transaction (session_replication_role = replica, as a restore or a hand fix could).
   */
  private static void injectOverfilledSlot() {
    Stores.await(Stores.pg().withTransaction(c -> c.query("SET LOCAL session_replication_role = replica").execute()
        .compose(v -> c.preparedQuery("INSERT INTO appointment (id, point_id, service_id, day, slot, place, citizen_id,"
            + " phone, code, status) VALUES (gen_random_uuid(), 'P001', 'passport', $1::date, '19:30', 5, $2, $3,"
            + " 'INJECTED', 'BOOKED')").execute(Tuple.of(LocalDate.parse(SmallTrace.DAY),
                Citizens.id(999),
                Citizens.phone(999))))));
  }

  private void startServer() {
    // As documented: the server's clock starts a virtual hour before the trace, at the replay's speed.
    ScaledClock clock = new ScaledClock(SmallTrace.START.minusHours(1).toInstant(), SPEED, TestHall.ZONE);
    hall = TestHall.start(TestHall.config(TestHall.freePort()), clock);
  }

  /** The small morning, replayed against a server started for it. */
  private Run smallMorning(boolean withPg, String... more) throws Exception {
    Path trace = SmallTrace.write(dir.resolve("small.jsonl"));
    startServer();
    return replay(trace, withPg, more);
  }

  private Run replay(Path trace, boolean withPg, String... more) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      List<String> args = new ArrayList<>(List.of("--target",
          "http://127.0.0.1:" + hall.port(), "--trace", trace.toString(), "--speed", String.valueOf(SPEED), "--report",
          dir.resolve("report").toString(), "--connections", "16", "--quiet", "true",
          withPg ? "--pg-url" : "--max-error-rate", withPg ? Stores.PG_URL : "0.01"));
      args.addAll(List.of(more));
      code = Replay.run(args.toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    out.println(text);
    return new Run(code, text);
  }

  /** A replay whose messages to stderr are kept (as Run.out) instead of printed. */
  private static Run withStderr(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return new Run(Replay.run(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  private record Run(int code, String out) {}

}
