package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.CatalogFile;
import com.queuehall.config.CommandLine;
import com.queuehall.perf.trace.DayPlanner.Visit;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * gen-trace: writes a summer peak day as JSON lines (see perf/README.md, "Trace format"). The same
 * options give the same bytes: every random draw comes from the seed, in a fixed order.
 */
public final class GenTrace {

  /** Hall displays per point, besides its kiosks, that follow the point's live feed all day. */
  static final int DISPLAYS = 2;

  private GenTrace() {}

  public static int run(String[] args) {
    TraceOptions options;
    try {
      CommandLine command = TraceOptions.commandLine(args);
      if (command.help()) {
        System.out.println("usage: " + TraceOptions.USAGE);
        return 0;
      }
      options = TraceOptions.from(command);
    } catch (IllegalArgumentException e) {
      System.err.println("gen-trace: " + e.getMessage() + "\nusage: " + TraceOptions.USAGE);
      return 2;
    }
    Catalog catalog;
    try {
      catalog = CatalogFile.load(options.catalog());
    } catch (RuntimeException e) { // a missing or inconsistent file, or one that is not JSON
      System.err.println("gen-trace: " + e.getMessage() + "\nusage: " + TraceOptions.USAGE);
      return 2;
    }
    String problem = problem(options, catalog);
    if (problem != null) {
      System.err.println("gen-trace: " + problem + "\nusage: " + TraceOptions.USAGE);
      return 2;
    }
    try {
      long began = System.nanoTime();
      Summary s = write(options, catalog);
      System.out.printf("wrote %s in %d ms: %s%n", options.out(), (System.nanoTime() - began) / 1_000_000, s.header());
      s.ops().forEach((op, n) -> System.out.printf("  %-10s %,9d%n", op, n));
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("gen-trace failed: " + e);
      return 1;
    }
  }

  /** What makes the options unusable with this catalog and file system, or null. */
  static String problem(TraceOptions o, Catalog catalog) {
    int points = catalog.points().size();
    if (o.points() != TraceOptions.ALL_POINTS && o.points() > points) {
      return "--points must be at most " + points + ", the catalog's points; got " + o.points();
    }
    Path dir = Path.of(o.out()).toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) return "cannot write " + o.out() + ": no directory " + dir;
    if (Files.isDirectory(Path.of(o.out()))) return "--out " + o.out() + " is a directory; give a file name";
    return null;
  }

  record Summary(JsonObject header, Map<String, Integer> ops) {}

  static Summary write(TraceOptions o, Catalog catalog) throws IOException {
    List<Point> points = catalog.points().values().stream().limit(o.points()).toList();
    DayProfile profile = new DayProfile(o.sunday());
    double scale = o.tickets() == null ? o.scale() : o.tickets() / DayPlanner.expectedTickets(points, profile);
    Trace trace = new Trace(o.date(), catalog.zone());
    Citizens citizens = new Citizens();
    SplittableRandom root = new SplittableRandom(o.seed());
    DayPlanner planner = new DayPlanner(trace, profile, citizens, root.split(), o.date());
    // The staff's sign-in times draw from a stream of their own, so that the rest of a seed's day
    // stays what it was before they were modelled.
    CounterDay counters = new CounterDay(trace, profile, root.split(), new SplittableRandom(~o.seed()));
    for (Point p : points) {
      List<Visit> visits = planner.plan(p, scale);
      counters.run(p, visits);
      trace.add(DayProfile.TRACE_START, "subscribe",
          new JsonObject().put("point", p.id()).put("displays", DISPLAYS + p.kiosks().size()));
    }
    new BookingRelease(trace, profile, citizens, root.split(), o.date()).run(points, o.bookingAttempts());
    DayPlanner.Totals t = planner.totals();
    JsonObject header = new JsonObject().put("kind", "header").put("version", 1).put("seed", o.seed())
        .put("date", o.date().toString()).put("zone", catalog.zone().getId())
        .put("start", Trace.HEADER_AT.format(trace.time(DayProfile.TRACE_START * 1000L)))
        .put("end", Trace.HEADER_AT.format(trace.time(trace.endMs())))
        .put("scale", Math.round(scale * 10_000) / 10_000.0).put("points", points.size())
        .put("kiosks", points.stream().mapToInt(p -> p.kiosks().size()).sum())
        .put("tickets", t.appointments() + t.walkIns()).put("appointments", t.appointments())
        .put("walkIns", t.walkIns()).put("bookingAttempts", o.bookingAttempts());
    trace.write(Path.of(o.out()), header);
    return new Summary(header, trace.countsByOp());
  }
}
