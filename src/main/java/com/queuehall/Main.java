package com.queuehall;

import com.queuehall.config.CommandLine;
import com.queuehall.config.Config;
import com.queuehall.embedded.EmbeddedStores;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * The command line. {@code java -jar queuehall.jar} (or {@code run}) starts the server;
 * {@code java -jar queuehall.jar token --role kiosk --point P017} mints a bearer token.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "run" : args[0];
    switch (command) {
      case "run" -> {
        int code = run();
        if (code != 0) System.exit(code);
      }
      case "token" -> System.exit(token(rest(args)));
      case "gen-trace" -> System.exit(com.queuehall.perf.trace.GenTrace.run(rest(args)));
      case "replay" -> System.exit(com.queuehall.perf.replay.Replay.run(rest(args)));
      case "bench" -> System.exit(com.queuehall.perf.bench.Bench.run(rest(args)));
      case "help", "--help", "-h" -> System.out.println(usage());
      default -> {
        System.err.println("unknown command '" + command + "'\n" + usage());
        System.exit(2);
      }
    }
  }

  static String usage() {
    return """
        usage:
          java -jar queuehall.jar [run]
              start the server (config from QH_* environment variables or the QH_CONFIG file)
          java -jar queuehall.jar token --role kiosk|counter|admin [--point P017] [--subject K001] [--ttl-hours 24]
              print a bearer token signed with QH_JWT_KEY
          java -jar queuehall.jar gen-trace --out FILE [--seed 42] [--scale 1.0] ...
              write a seeded peak-day trace (see perf/README.md)
          java -jar queuehall.jar replay --target URL --trace FILE --speed N [--pg-url URL] [--report DIR] ...
              replay a trace on an open model and check the invariants (see perf/REPLAY.md)
          java -jar queuehall.jar bench [REGEX] [--smoke] [--json FILE]
              run the JMH benchmarks of the hot path""";
  }

  /**
   * Starts the server and waits for the JVM's shutdown. A configuration it cannot use exits 2, a
   * server that does not start (a store that does not answer, a port in use) exits 1, each with
   * one line that says why, not a stack trace.
   */
  private static int run() throws Exception {
    EmbeddedStores embedded = new EmbeddedStores();
    Config config;
    try {
      config = embedded.fillIn(Config.load(System.getenv()));
    } catch (IllegalArgumentException e) {
      log.error("Queuehall cannot start: {}", e.getMessage());
      embedded.close();
      return 2;
    }
    if (Config.DEV_JWT_KEY.equals(config.jwtKey())) {
      log.warn("QH_JWT_KEY is not set: using the development key; set your own before going live");
    }
    Server server;
    try {
      server = Server.start(config).toCompletionStage().toCompletableFuture().join();
    } catch (IllegalArgumentException e) { // the catalog file
      log.error("Queuehall cannot start: {}", e.getMessage());
      embedded.close();
      return 2;
    } catch (CompletionException e) {
      log.error("Queuehall did not start: {}", e.getCause().getMessage());
      log.debug("why the start failed", e.getCause());
      embedded.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: no new connections; requests in flight get up to {} s (QH_SHUTDOWN_GRACE_SECONDS)",
          config.shutdownGraceSeconds());
      server.close().toCompletionStage().toCompletableFuture().join();
      log.info("stopped");
      embedded.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  static final String TOKEN_USAGE =
      "usage: token --role kiosk|counter|admin [--point P017] [--subject K001] [--ttl-hours 24]";

  /** The token command: prints a token, or the usage with exit code 2 when an option is wrong. */
  private static int token(String[] args) {
    try {
      CommandLine command = tokenOptions(args);
      if (command.help()) {
        System.out.println(TOKEN_USAGE);
        return 0;
      }
      System.out.println(token(command, Config.load(System.getenv())));
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("token: " + e.getMessage() + "\n" + TOKEN_USAGE);
      return 2;
    }
  }

  static CommandLine tokenOptions(String... args) {
    return CommandLine.parse(args, Set.of("role", "point", "subject", "ttl-hours"), Set.of(), 0);
  }

  static String token(CommandLine options, Config config) {
    Role role = Role.parse(options.required("role"));
    long ttlHours = options.whole("ttl-hours", 24, 0); // 0: a token that does not expire
    Vertx vertx = Vertx.vertx();
    try {
      return new Auth(vertx, config.jwtKey()).mint(role, options.string("point", null),
          options.string("subject", role.claim()), ttlHours * 3600);
    } finally {
      vertx.close();
    }
  }

  private static String[] rest(String[] args) {
    return java.util.Arrays.copyOfRange(args, 1, args.length);
  }
}
