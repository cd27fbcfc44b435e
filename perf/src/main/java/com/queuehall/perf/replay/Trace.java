package com.queuehall.perf.replay;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** A peak-day trace: the header line, then events sorted by their virtual time "at". */
record Trace(JsonObject header, List<Event> events) {

  /** One line of the trace and its virtual time. */
  record Event(Instant at, JsonObject line) {
    String op() {
      return line.getString("op");
    }

    String point() {
      return line.getString("point");
    }
  }

  /** The zone of the trace's hall: its "date" and hours are local to it. */
  ZoneId zone() {
    return zoneOf(header);
  }

  private static ZoneId zoneOf(JsonObject header) {
    return ZoneId.of(header.getString("zone", "UTC"));
  }

  static Trace read(Path file) throws IOException {
    JsonObject header = null;
    List<Event> events = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String text;
      int n = 0;
      while ((text = in.readLine()) != null) {
        n++;
        if (text.isBlank()) continue;
        JsonObject line = line(file, n, text);
        if ("header".equals(line.getString("kind"))) {
          header = line;
        } else if (!(line.getValue("at") instanceof String at) || line.getString("op") == null) {
          throw new IOException(file + " line " + n + " has no \"at\" or \"op\": " + text);
        } else {
          try {
            events.add(new Event(OffsetDateTime.parse(at).toInstant(), line));
          } catch (DateTimeParseException e) {
            throw new IOException(file + " line " + n + ": \"at\" is not a time like 2026-07-15T09:00:00+08:00: " + at);
          }
        }
      }
    }
    if (header == null) throw new IOException(file + " has no header line");
    try {
      LocalDate.parse(String.valueOf(header.getValue("date")));
      zoneOf(header);
    } catch (DateTimeException | ClassCastException e) {
      throw new IOException(file + ": its header line needs the trace's \"date\" (YYYY-MM-DD) and a \"zone\" "
          + "(an IANA zone such as Asia/Shanghai), as gen-trace writes them");
    }
    // Sorted by the generator; a stable sort keeps a hand-edited file honest too.
    events.sort(java.util.Comparator.comparing(Event::at));
    return new Trace(header, events);
  }

  /** One line of the file as a JSON object, or an IOException that names the file and the line. */
  private static JsonObject line(Path file, int n, String text) throws IOException {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(file + " line " + n + " is not a JSON object (a trace is JSON lines, as gen-trace "
          + "writes them): " + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
    }
  }
}
