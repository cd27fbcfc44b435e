package com.queuehall.perf.replay;

import com.queuehall.perf.replay.Latencies.Op;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end of a replay: a summary table on stdout and a self-contained HTML page with inline SVG plots. */
final class Report {

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};

  private Report() {}

  static String table(Map<String, Op> ops) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-14s %9s %7s %8s %10s %10s %10s %10s%n",
        "operation", "count", "errors", "refused", "p50 ms", "p99 ms", "p99.9 ms", "max ms"));
    ops.forEach((name, o) -> t.append(String.format(Locale.ROOT, "%-14s %9d %7d %8d %10.2f %10.2f %10.2f %10.2f%n",
        name, o.count, o.errors, o.refused, ms(o.histogram, 50), ms(o.histogram, 99), ms(o.histogram, 99.9),
        o.histogram.getMaxValue() / 1000.0)));
    return t.toString();
  }

  /**
   * The HOURLY operations by the virtual hour they were scheduled in: where in the day a tail comes
   * from (the booking release, a peak, a cold start). Each cell: count / p50 ms / p99 ms.
   */
  static String hourly(Map<String, Map<String, Op>> byHour) {
    StringBuilder t = new StringBuilder("by scheduled hour (trace time): count / p50 ms / p99 ms\n");
    t.append(String.format(Locale.ROOT, "%-6s", "hour"));
    Latencies.HOURLY.forEach(op -> t.append(String.format(Locale.ROOT, " %26s", op)));
    t.append('\n');
    byHour.forEach((hour, ops) -> {
      t.append(String.format(Locale.ROOT, "%-6s", hour));
      for (String op : Latencies.HOURLY) {
        Op o = ops.get(op);
        String cell = o == null ? "-" : o.histogram.getTotalCount() == 0 ? o.count + " / - / -"
            : String.format(Locale.ROOT, "%d / %.1f / %.1f", o.count, ms(o.histogram, 50), ms(o.histogram, 99));
        t.append(String.format(Locale.ROOT, " %26s", cell));
      }
      t.append('\n');
    });
    return t.toString();
  }

  static void html(Path dir, String title, Map<String, Op> ops, Map<String, Map<String, Op>> byHour, List<String> facts,
      List<String> violations, List<Objectives.Judged> objectives) throws IOException {
    Files.createDirectories(dir);
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title><style>body{font:14px sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}.bad{color:#b00}.ok{color:#070}"
            + "figure{display:inline-block;margin:0 1em 1em 0}</style></head><body><h1>")
        .append(esc(title)).append("</h1><ul>");
    facts.forEach(f -> h.append("<li>").append(esc(f)).append("</li>"));
    h.append("</ul><h2>Invariants</h2>");
    if (violations.isEmpty()) h.append("<p class=\"ok\">No violation.</p>");
    else {
      h.append("<ul class=\"bad\">");
      violations.forEach(v -> h.append("<li>").append(esc(v)).append("</li>"));
      h.append("</ul>");
    }
    if (!objectives.isEmpty()) {
      h.append("<h2>Latency objectives</h2><ul>");
      objectives.forEach(j -> h.append("<li class=\"").append(j.met() ? "ok" : "bad").append("\">")
          .append(esc(j.line())).append("</li>"));
      h.append("</ul>");
    }
    h.append("<h2>Latency (ms, from the scheduled send time)</h2><pre>").append(esc(table(ops))).append("</pre>");
    h.append("<h2>Latency through the day</h2>");
    String day = DayPlot.svg(byHour, COLOURS);
    if (!day.isEmpty()) h.append("<figure>").append(day).append("</figure>");
    h.append("<pre>").append(esc(hourly(byHour))).append("</pre>");
    h.append("<h2>Latency by percentile</h2><p>Horizontal axis: percentile, log-scaled as in HdrHistogram plots "
        + "(each step is ten times rarer).</p>");
    int i = 0;
    for (Map.Entry<String, Op> e : ops.entrySet()) {
      if (e.getValue().histogram.getTotalCount() > 0) {
        h.append("<figure>").append(svg(e.getKey(), e.getValue().histogram, COLOURS[i++ % COLOURS.length]))
            .append("</figure>");
      }
    }
    h.append("</body></html>\n");
    Files.writeString(dir.resolve("index.html"), h.toString());
  }

  /** One operation's latency by percentile; x = log10(1 / (1 − percentile)), 0 … 5 (99.999%). */
  static String svg(String name, Histogram hist, String colour) {
    int w = 520;
    int hgt = 300;
    int left = 60;
    int bottom = 40;
    int top = 30;
    double xMax = 5;
    double yMax = Math.max(1.0, niceCeil(hist.getMaxValue() / 1000.0));
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", w, hgt));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>",
        left, esc(name)));
    double plotW = w - left - 20;
    double plotH = hgt - top - bottom;
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int k = 0; k <= 5; k++) {
      double x = left + plotW * k / xMax;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, top, x, top + plotH, x,
          top + plotH + 15, labels[k]));
    }
    for (int k = 0; k <= 4; k++) {
      double y = top + plotH - plotH * k / 4;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, y, left + plotW, y, left - 5, y + 4,
          trim(yMax * k / 4)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>"
        + "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">ms</text>",
        left + plotW / 2, hgt - 5, top + plotH / 2, top + plotH / 2));
    StringBuilder points = new StringBuilder();
    for (HistogramIterationValue v : hist.percentiles(5)) {
      double p = v.getPercentileLevelIteratedTo() / 100.0;
      double x = p >= 1 ? xMax : Math.min(xMax, Math.log10(1 / (1 - p)));
      double y = v.getValueIteratedTo() / 1000.0;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotW * x / xMax,
          top + plotH - plotH * Math.min(1, y / yMax)));
    }
    s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
        .append(points.toString().trim()).append("\"/></svg>");
    return s.toString();
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static double niceCeil(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) return step * magnitude;
    }
    return 10 * magnitude;
  }

  static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
