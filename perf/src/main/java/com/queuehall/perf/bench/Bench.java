package com.queuehall.perf.bench;

import com.queuehall.config.CommandLine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Set;

/**
 * {@code java -jar queuehall.jar bench [REGEX] [--smoke] [--json FILE]}: runs the JMH benchmarks of
 * this package (those matching REGEX) with BenchmarkBase's settings, or in a smoke mode that only
 * shows they run: one fork, one 200 ms warm-up and one 200 ms measurement iteration.
 */
public final class Bench {

  static final String PACKAGE = Bench.class.getPackageName() + ".";
  private static final String USAGE = """
      usage: java -jar queuehall.jar bench [REGEX] [--smoke] [--json FILE]
          REGEX   benchmarks of com.queuehall.perf.bench to run, e.g. Calling or 'IssueScript.read.*' (default all)
          --smoke one fork, one 200 ms warm-up and one 200 ms measurement iteration: shows they run, not how fast
          --json  also write JSON results to FILE""";

  private Bench() {}

  /** The same without Main: java -cp target/queuehall.jar com.queuehall.perf.bench.Bench [REGEX] [--smoke]. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    CommandLine command;
    try {
      command = CommandLine.parse(args, Set.of("json"), Set.of("smoke"), 1);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    if (command.help()) {
      System.out.println(USAGE);
      return 0;
    }
    String regex = command.positional().isEmpty() ? ".*" : command.positional().get(0);
    boolean smoke = command.on("smoke");
    String json = command.string("json", null);
    try {
      Collection<RunResult> results = new Runner(options(regex, smoke, json)).run();
      if (results.isEmpty()) return usage("no benchmark matches '" + regex + "'");
      return 0;
    } catch (RunnerException e) {
      System.err.println("benchmarks failed: " + e.getMessage());
      return 1;
    }
  }

  /** The benchmarks of this package matching regex (a name such as "Calling" or "IssueScript.read.*"). */
  public static Options options(String regex, boolean smoke, String jsonFile) {
    ChainedOptionsBuilder b = new OptionsBuilder().include(PACKAGE + "(" + regex + ")").shouldFailOnError(true);
    if (smoke) {
      b.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
    }
    if (jsonFile != null) b.resultFormat(ResultFormatType.JSON).result(jsonFile);
    return b.build();
  }

  /** A usage error: the problem and the usage on stderr, exit code 2. */
  private static int usage(String problem) {
    System.err.println("bench: " + problem + "\n" + USAGE);
    return 2;
  }
}
