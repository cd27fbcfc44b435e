package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ObjectivesTest {

  @Test
  @DisplayName("objectives read as OP:PERCENTILE:MS; the operation ignores case and punctuation")
  void parses() {
    Objectives o = Objectives.parse("issue:p99:25, Check-In:p99.9:100,call-display:max:50");
    assertThat(o.list()).containsExactly(
        new Objectives.Objective("issue", "p99", 99, 25),
        new Objectives.Objective("check-in", "p99.9", 99.9, 100),
        new Objectives.Objective("call→display", "max", 100, 50));
    assertThat(Objectives.parse(null).list()).isEmpty();
    assertThat(o.list().get(0)).hasToString("issue p99 ≤ 25 ms");
  }

  @Test
  @DisplayName("a malformed objective is refused with what to write instead")
  void refusesBadSpecs() {
    assertThatThrownBy(() -> Objectives.parse("issue:p99")).hasMessageContaining("is not OP:PERCENTILE:MS")
        .hasMessageContaining("issue:p99:25");
    assertThatThrownBy(() -> Objectives.parse("isue:p99:25")).hasMessageContaining("no operation 'isue'")
        .hasMessageContaining("check-in");
    assertThatThrownBy(() -> Objectives.parse("issue:p0:25")).hasMessageContaining("above p0");
    assertThatThrownBy(() -> Objectives.parse("issue:p99:0")).hasMessageContaining("above 0 ms");
    assertThatThrownBy(() -> Objectives.parse("issue:p100:5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("each objective is judged on the op's recorded latencies; an op with no answer is not met")
  void judges() {
    Latencies latencies = new Latencies();
    // 99 answers at 10 ms and one at 200 ms: p50 10 ms, p99 10 ms, max 200 ms
    for (int i = 0; i < 99; i++) latencies.record("issue", 0, 10_000_000L, Latencies.Outcome.OK);
    latencies.record("issue", 0, 200_000_000L, Latencies.Outcome.OK);
    latencies.record("book", 0, 1_000_000L, Latencies.Outcome.ERROR); // an error has no latency
    Map<String, Latencies.Op> ops = latencies.snapshot();
    List<Objectives.Judged> judged = Objectives.parse("issue:p99:25,issue:max:100,book:p50:5").judge(ops);
    assertThat(judged).extracting(Objectives.Judged::met).containsExactly(true, false, false);
    assertThat(judged.get(0).line()).startsWith("objective issue p99 ≤ 25 ms: met (10.");
    assertThat(judged.get(1).line()).startsWith("objective issue max ≤ 100 ms: MISSED (200.");
    assertThat(judged.get(2).line()).isEqualTo("objective book p50 ≤ 5 ms: MISSED, not measured (no book answered)");
  }
}
