package com.queuehall.perf.trace;

import com.queuehall.config.CommandLine;

import java.time.LocalDate;
import java.util.Set;

/** The options of gen-trace, with the defaults of a summer peak day. */
public record TraceOptions(String out, long seed, LocalDate date, double scale, int points, Integer tickets,
    int bookingAttempts, boolean sunday, String catalog) {

  public static final String USAGE = "gen-trace --out FILE [--seed 42] [--date 2026-07-15] [--scale 1.0]"
      + " [--points 90] [--tickets N] [--booking-attempts 100000] [--sunday] [--catalog FILE]";

  /** --points when it is not given: every point of the catalog. */
  static final int ALL_POINTS = Integer.MAX_VALUE;

  static CommandLine commandLine(String[] args) {
    Set<String> valued = Set.of("out", "seed", "date", "scale", "points", "tickets", "booking-attempts", "catalog");
    return CommandLine.parse(args, valued, Set.of("sunday"), 0);
  }

  public static TraceOptions from(CommandLine c) {
    return new TraceOptions(c.required("out"), c.whole("seed", 42, Long.MIN_VALUE),
        c.date("date", LocalDate.of(2026, 7, 15)), c.positive("scale", 1.0), c.integer("points", ALL_POINTS, 1),
        c.has("tickets") ? c.integer("tickets", 0, 1) : null, c.integer("booking-attempts", 100_000, 0),
        c.on("sunday"), c.string("catalog", null));
  }
}
