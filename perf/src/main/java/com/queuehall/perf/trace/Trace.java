package com.queuehall.perf.trace;

import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The trace being built: events at millisecond times of the day, written sorted as JSON lines. */
final class Trace {

  static final DateTimeFormatter HEADER_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** Creation order breaks ties, so the sort, and the file, are deterministic. */
  record Event(long ms, int seq, JsonObject body) {}

  private final LocalDate date;
  private final ZoneId zone;
  private final List<Event> events = new ArrayList<>();
  private int bookRefs;
  private int checkInRefs;
  private int walkInRefs;

  Trace(LocalDate date, ZoneId zone) {
    this.date = date;
    this.zone = zone;
  }

  String nextBookRef() {
    return "b" + ++bookRefs;
  }

  String nextCheckInRef() {
    return "c" + ++checkInRefs;
  }

  String nextWalkInRef() {
    return "w" + ++walkInRefs;
  }

  /** Adds an event; "at" and "op" are put first when written. */
  void add(long ms, String op, JsonObject fields) {
    JsonObject body = new JsonObject().put("at", null).put("op", op);
    fields.forEach(e -> body.put(e.getKey(), e.getValue()));
    events.add(new Event(ms, events.size(), body));
  }

  void add(int second, String op, JsonObject fields) {
    add(second * 1000L, op, fields);
  }

  List<Event> sorted() {
    events.sort(Comparator.comparingLong(Event::ms).thenComparingInt(Event::seq));
    return events;
  }

  Map<String, Integer> countsByOp() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Event e : events) counts.merge(e.body().getString("op"), 1, Integer::sum);
    return counts;
  }

  /** yyyy-MM-ddTHH:mm:ss.SSS+08:00, built by hand: it is written for every event. */
  String at(long ms) {
    ZonedDateTime t = time(ms);
    StringBuilder b = new StringBuilder(29).append(t.toLocalDate()).append('T');
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    two(b, t.getSecond()).append('.');
    int milli = t.getNano() / 1_000_000;
    b.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
    return b.append(t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId()).toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  ZonedDateTime time(long ms) {
    return date.atStartOfDay(zone).plusNanos(ms * 1_000_000L);
  }

  /** The end of the trace: 22:30, or the half hour after its last event if that is later. */
  long endMs() {
    long last = events.stream().mapToLong(Event::ms).max().orElse(0);
    long halfHour = 1_800_000L;
    return Math.max(22 * 3_600_000L + halfHour, (last / halfHour + 1) * halfHour);
  }

  void write(Path out, JsonObject header) throws IOException {
    List<Event> all = sorted();
    try (BufferedWriter w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      w.write(header.encode());
      w.write('\n');
      for (Event e : all) {
        e.body().put("at", at(e.ms()));
        w.write(e.body().encode());
        w.write('\n');
      }
    }
  }
}
