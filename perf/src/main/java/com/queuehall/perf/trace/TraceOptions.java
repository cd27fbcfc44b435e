package com.queuehall.perf.trace;

import java.time.LocalDate;

/** The options of gen-trace, with the defaults of a summer peak day. */
public record TraceOptions(String out, long seed, LocalDate date, double scale, int points, Integer tickets,
    int bookingAttempts, boolean sunday) {

  public static final String USAGE = "gen-trace --out FILE [--seed 42] [--date 2026-07-15] [--scale 1.0]"
      + " [--points 90] [--tickets N] [--booking-attempts 100000] [--sunday]";

  public static TraceOptions parse(String[] args) {
    String out = null;
    long seed = 42;
    LocalDate date = LocalDate.of(2026, 7, 15);
    double scale = 1.0;
    int points = Integer.MAX_VALUE;
    Integer tickets = null;
    int attempts = 100_000;
    boolean sunday = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--sunday")) {
        sunday = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
      String v = args[++i];
      switch (a) {
        case "--out" -> out = v;
        case "--seed" -> seed = Long.parseLong(v);
        case "--date" -> date = LocalDate.parse(v);
        case "--scale" -> scale = Double.parseDouble(v);
        case "--points" -> points = Integer.parseInt(v);
        case "--tickets" -> tickets = Integer.parseInt(v);
        case "--booking-attempts" -> attempts = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (out == null) throw new IllegalArgumentException("--out FILE is required");
    if (scale <= 0 || points < 1 || attempts < 0 || (tickets != null && tickets < 1)) {
      throw new IllegalArgumentException(
          "--scale, --points and --tickets must be positive, --booking-attempts not negative");
    }
    return new TraceOptions(out, seed, date, scale, points, tickets, attempts, sunday);
  }
}
