package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DayPlotTest {

  @Test
  @DisplayName("the day plot draws each op's p99 and p50 through the hours it has answers, "
      + "and breaks at an hour without")
  void dayPlot() {
    Map<String, Map<String, Latencies.Op>> byHour = new TreeMap<>();
    put(byHour, "08:00", "issue", 100);
    put(byHour, "09:00", "issue", 10);
    put(byHour, "10:00", "issue", 5);
    put(byHour, "08:00", "book", 2_000);
    put(byHour, "10:00", "book", 3_000);
    put(byHour, "05:00", "book", 1_500);
    String svg = DayPlot.svg(byHour, new String[] {"#111"});
    assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("data-plot=\"day\"")
        .contains(">issue</text>").contains(">book</text>");
    // every hour from the first to the last has its place, also those without any answer
    for (String hour : new String[] {"05", "06", "07", "08", "09", "10"}) assertThat(svg)
        .contains(">" + hour + "</text>");
    // issue: three hours in a row, so one line for p99 and one dashed for p50
    assertThat(Pattern.compile("<polyline[^>]*points=\"[^\"]+ [^\"]+ [^\"]+\"").matcher(svg).results().count())
        .isEqualTo(2);
    assertThat(svg).containsOnlyOnce("stroke-dasharray");
    // book: 05:00, 08:00 and 10:00 with nothing between, so dots, not lines across the gaps (p99 and p50 each)
    assertThat(Pattern.compile("<circle").matcher(svg).results().count()).isEqualTo(6);
    // the log scale spans the decades of the values: 1 ms (p50 of 5 ms rounded down) to 10 s (3 s rounded up)
    assertThat(svg).contains(">1</text>").contains(">10000</text>");
  }

  @Test
  @DisplayName("a replay with no hourly answers has no day plot")
  void noHours() {
    assertThat(DayPlot.svg(new TreeMap<>(), new String[] {"#111"})).isEmpty();
  }

  /** Ten answers of op in hour, all at ms milliseconds. */
  private static void put(Map<String, Map<String, Latencies.Op>> byHour, String hour, String op, long ms) {
    Latencies.Op o = byHour.computeIfAbsent(hour, k -> new TreeMap<>()).computeIfAbsent(op, k -> new Latencies.Op());
    for (int i = 0; i < 10; i++) {
      o.count++;
      o.histogram.recordValue(ms * 1000);
    }
  }
}
