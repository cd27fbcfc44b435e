package com.queuehall.perf.trace;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.CatalogFile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A generated trace, read back: its header, its events in file order, and the bookings by ref. */
record TraceFile(JsonObject header, List<JsonObject> events, Map<String, JsonObject> bookings) {

  static final Catalog CATALOG = CatalogFile.load(null);

  static Path generate(Path dir, String name, String... options) throws IOException {
    Path out = dir.resolve(name);
    String[] args = Stream.concat(Stream.of("--out", out.toString()), Stream.of(options)).toArray(String[]::new);
    if (GenTrace.run(args) != 0) throw new IllegalStateException("gen-trace failed for " + List.of(options));
    return out;
  }

  static TraceFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<JsonObject> events = lines.stream().skip(1).map(JsonObject::new).toList();
    Map<String, JsonObject> bookings = new HashMap<>();
    for (JsonObject e : events) if (e.getString("op").equals("book")) bookings.put(e.getString("ref"), e);
    return new TraceFile(new JsonObject(lines.get(0)), events, bookings);
  }

  Stream<JsonObject> op(String op) {
    return events.stream().filter(e -> e.getString("op").equals(op));
  }

  String day() {
    return header.getString("date");
  }

  /** The appointments of the trace's own day that the trace plans (not those expected to find their slot full). */
  Stream<JsonObject> plannedAppointments() {
    return op("book").filter(b -> b.getString("day").equals(day()) && !b.containsKey("expect"));
  }

  Stream<JsonObject> plannedWalkIns() {
    return op("issue").filter(w -> w.getString("retryOf") == null && !w.containsKey("expect"));
  }

  static String line(String service) {
    return CATALOG.services().get(service).line();
  }

  static int hour(JsonObject e) {
    return Integer.parseInt(e.getString("at").substring(11, 13));
  }
}
