package com.queuehall.perf.replay;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
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

  static Trace read(Path file) throws IOException {
    JsonObject header = null;
    List<Event> events = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String text;
      int n = 0;
      while ((text = in.readLine()) != null) {
        n++;
        if (text.isBlank()) continue;
        JsonObject line = new JsonObject(text);
        if ("header".equals(line.getString("kind"))) {
          header = line;
        } else if (line.getString("at") == null || line.getString("op") == null) {
          throw new IOException("line " + n + " has no \"at\" or \"op\": " + text);
        } else {
          events.add(new Event(OffsetDateTime.parse(line.getString("at")).toInstant(), line));
        }
      }
    }
    if (header == null) throw new IOException(file + " has no header line");
    // Sorted by the generator; a stable sort keeps a hand-edited file honest too.
    events.sort(java.util.Comparator.comparing(Event::at));
    return new Trace(header, events);
  }
}
