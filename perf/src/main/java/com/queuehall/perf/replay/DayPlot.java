package com.queuehall.perf.replay;

import static com.queuehall.perf.replay.Report.esc;
import static com.queuehall.perf.replay.Report.ms;
import static com.queuehall.perf.replay.Report.trim;

import com.queuehall.perf.replay.Latencies.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's plot of the day: the HOURLY operations' p99 (solid) and p50 (dashed) by the virtual
 * hour they were scheduled in, on a log scale of milliseconds, so a reader sees where in the day a
 * tail comes from. Every hour from the first to the last takes its place; an hour without answers
 * of an operation breaks its line.
 */
final class DayPlot {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final double PLOT_W = WIDTH - LEFT - 20;
  private static final double PLOT_H = HEIGHT - TOP - 45;

  private final Map<String, Map<String, Op>> byHour;
  private final List<String> hours = new ArrayList<>();
  private final int decadeLo;
  private final int decadeHi;

  private DayPlot(TreeMap<String, Map<String, Op>> byHour, double loMs, double hiMs) {
    this.byHour = byHour;
    for (int hour = hourOf(byHour.firstKey()); hour <= hourOf(byHour.lastKey()); hour++) {
      hours.add((hour < 10 ? "0" : "") + hour + ":00");
    }
    decadeLo = (int) Math.floor(Math.log10(loMs));
    decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hiMs)));
  }

  /** The plot as inline SVG; empty when no hour has an answer. */
  static String svg(Map<String, Map<String, Op>> byHour, String[] colours) {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Map<String, Op> ops : byHour.values()) {
      for (Op o : ops.values()) {
        if (o.histogram.getTotalCount() == 0) continue;
        lo = Math.min(lo, Math.max(0.01, ms(o.histogram, 50)));
        hi = Math.max(hi, ms(o.histogram, 99));
      }
    }
    return hi == 0 ? "" : new DayPlot(new TreeMap<>(byHour), lo, hi).draw(colours);
  }

  private String draw(String[] colours) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" font-size=\"11\" data-plot=\"day\"><text x=\"%d\" y=\"16\" font-size=\"14\" "
        + "font-weight=\"bold\">p99 (solid) and p50 (dashed) by scheduled hour</text>", WIDTH, HEIGHT, LEFT));
    axes(s);
    for (int k = 0; k < Latencies.HOURLY.size(); k++) {
      String op = Latencies.HOURLY.get(k);
      String colour = colours[k % colours.length];
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"32\" fill=\"%s\">%s</text>", LEFT + 110 * k, colour,
          esc(op)));
      lines(s, op, 99, colour);
      lines(s, op, 50, colour);
    }
    return s.append("</svg>").toString();
  }

  private void axes(StringBuilder s) {
    for (int i = 0; i < hours.size(); i++) {
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x(i), TOP, x(i), TOP + PLOT_H, x(i),
          TOP + PLOT_H + 15, hours.get(i).substring(0, 2)));
    }
    for (int d = decadeLo; d <= decadeHi; d++) {
      double y = y(Math.pow(10, d));
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, y, LEFT + PLOT_W, y, LEFT - 5, y + 4,
          trim(Math.pow(10, d))));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">hour (trace time)</text>"
        + "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">ms (log)</text>",
        LEFT + PLOT_W / 2, HEIGHT - 5, TOP + PLOT_H / 2, TOP + PLOT_H / 2));
  }

  /** The op's percentile through the day: one line per run of hours with answers. */
  private void lines(StringBuilder s, String op, double percentile, String colour) {
    StringBuilder run = new StringBuilder();
    for (int i = 0; i < hours.size(); i++) {
      Op o = byHour.getOrDefault(hours.get(i), Map.of()).get(op);
      if (o == null || o.histogram.getTotalCount() == 0) {
        s.append(line(run, colour, percentile));
        run.setLength(0);
      } else {
        run.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i), y(ms(o.histogram, percentile))));
      }
    }
    s.append(line(run, colour, percentile));
  }

  /** One unbroken run of points: a line, or a dot when it is one hour long. */
  private static String line(StringBuilder points, String colour, double percentile) {
    String p = points.toString().trim();
    if (p.isEmpty()) return "";
    if (!p.contains(" ")) {
      String[] xy = p.split(",");
      return "<circle cx=\"" + xy[0] + "\" cy=\"" + xy[1] + "\" r=\"2.5\" fill=\"" + colour + "\"/>";
    }
    String dash = percentile < 99 ? " stroke-dasharray=\"4 3\"" : "";
    return "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + colour + "\"" + dash + " points=\"" + p + "\"/>";
  }

  private double x(int hourIndex) {
    return hours.size() > 1 ? LEFT + PLOT_W * hourIndex / (hours.size() - 1) : LEFT + PLOT_W / 2;
  }

  /** Values below the lowest decade sit on the axis. */
  private double y(double ms) {
    double decades = Math.log10(Math.max(Math.pow(10, decadeLo), ms)) - decadeLo;
    return TOP + PLOT_H - PLOT_H * decades / (decadeHi - decadeLo);
  }

  private static int hourOf(String label) {
    return Integer.parseInt(label.substring(0, 2));
  }
}
