package com.queuehall.perf.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks compile and run: each, once, in a forked JVM, gives a score. It says nothing of speed. */
class BenchmarksSmokeTest {

  @Test
  @DisplayName("every benchmark, with each of its parameters, runs in a forked JVM and produces a score")
  void everyBenchmarkRunsAndScores() throws Exception {
    Map<String, Integer> declared = BenchmarkList.defaultList()
        .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(Bench.PACKAGE),
            List.of())
        .stream().collect(Collectors.toMap(BenchmarkListEntry::getUsername, BenchmarksSmokeTest::cases,
            Integer::sum, TreeMap::new));
    assertFalse(declared.isEmpty(), "no benchmarks listed: did the JMH annotation processor run?");

    // The fork's -cp is this JVM's java.class.path, which surefire sets to the whole test classpath.
    Collection<RunResult> results = new Runner(Bench.options(".*", true, null)).run();

    Map<String, Integer> scored = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      assertTrue(Double.isFinite(score) && score > 0, name + " " + r.getParams() + " scored " + score);
      scored.merge(name, 1, Integer::sum);
    }
    assertEquals(declared, scored);
  }

  @Test
  @DisplayName("a wrong option is a usage error (exit code 2) before any benchmark runs; --help is not")
  void badOptions() {
    assertEquals(2, Bench.run(new String[] {"--smok"}));
    assertEquals(2, Bench.run(new String[] {"--json"}));
    assertEquals(2, Bench.run(new String[] {"Calling", "IssueScript"}));
    assertEquals(0, Bench.run(new String[] {"--help"}));
  }

  /** How many runs an entry makes: one per combination of its @Param values. */
  private static int cases(BenchmarkListEntry e) {
    return e.getParams().orElse(Map.of()).values().stream().mapToInt(v -> v.length).reduce(1, (a, b) -> a * b);
  }
}
