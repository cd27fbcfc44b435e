package com.queuehall.perf.replay;

import com.queuehall.support.Citizens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A forty-minute morning at P001 in the trace format: displays, three counters, bookings (a full
 * slot, a duplicate citizen, a retry), check-ins, walk-ins (a retry, a green one, a quota run dry)
 * and calls with recalls, a no-show and a transfer.
 */
final class SmallTrace {

  static final String DAY = "2026-07-15";
  static final OffsetDateTime START = OffsetDateTime.parse(DAY + "T09:00:00+08:00");

  private final List<JsonObject> events = new ArrayList<>();

  static Path write(Path file) throws IOException {
    SmallTrace t = new SmallTrace();
    t.build();
    t.events.sort(Comparator.comparing(e -> OffsetDateTime.parse(e.getString("at")).toInstant()));
    List<String> lines = new ArrayList<>();
    lines.add(header(DAY, START.plusMinutes(40)).encode());
    t.events.forEach(e -> lines.add(e.encode()));
    return Files.write(file, lines);
  }

  private void build() {
    add(0, "subscribe").put("displays", 2);
    session(0, "C01", "passport", "hkmo-permit");
    session(0, "C02", "passport", "hkmo-permit");
    session(0, "C03", "hkmo-permit", "hkmo-endorsement");
    for (int i = 1; i <= 5; i++) book(60 + i, "b" + i, DAY, "10:00", i, i == 5 ? "full" : null, null);
    for (int i = 6; i <= 9; i++) book(60 + i, "b" + i, DAY, "10:30", i, null, null);
    book(75, "b10", DAY, "10:30", 6, null, "b6");
    book(76, "b11", DAY, "11:00", 1, "duplicate", null);
    for (int i = 12; i <= 14; i++) book(80 + i, "b" + i, "2026-07-16", "09:00", i, null, null);
    for (int i = 1; i <= 5; i++) {
      add(1500 + i, "checkin").put("ref", "c" + i).put("booking", "b" + i).put("phone", i <= 2);
    }
    for (int i = 1; i <= 12; i++) issue(120 + 20 * i, "w" + i, i % 2 == 0 ? "hkmo-permit" : "passport", i == 3, i == 2,
        null, null);
    issue(400, "w13", "passport", false, false, "w1", null);
    for (int i = 14; i <= 38; i++) issue(600 + 2 * i, "w" + i, "hkmo-endorsement", false, false, null,
        i == 38 ? "refused" : null);
    int n = 0;
    for (int s = 360; s < 2400; s += 120) {
      for (String counter : List.of("C01", "C02", "C03")) {
        n++;
        add(s, "call").put("counter", counter).put("serviceSeconds", 20)
            .put("recalls", n % 7 == 0 ? 1 : n == 10 ? 2 : 0).put("noShow", n == 10)
            .put("transferTo", n == 4 ? "hkmo-permit" : null);
      }
    }
  }

  /** The header of a one-point trace of `date` that starts at START and ends at `end`. */
  static JsonObject header(String date, OffsetDateTime end) {
    return new JsonObject().put("kind", "header").put("version", 1).put("seed", 1).put("date", date)
        .put("zone", "Asia/Shanghai").put("start", START.toString()).put("end", end.toString())
        .put("scale", 0.001).put("points", 1).put("kiosks", 1);
  }

  /** An event of P001 at `at`. */
  static JsonObject event(OffsetDateTime at, String op) {
    return new JsonObject().put("at", at.toString()).put("op", op).put("point", "P001");
  }

  /** A counter of P001 opening for these services. */
  static JsonObject session(OffsetDateTime at, String counter, String... services) {
    return event(at, "session").put("counter", counter).put("services", new JsonArray(List.of(services)))
        .put("status", "open");
  }

  /** A call at a counter of P001, served for `serviceSeconds`, without recalls. */
  static JsonObject call(OffsetDateTime at, String counter, int serviceSeconds) {
    return event(at, "call").put("counter", counter).put("serviceSeconds", serviceSeconds).put("recalls", 0)
        .put("noShow", false);
  }

  private JsonObject add(int second, String op) {
    JsonObject e = event(START.plusSeconds(second), op);
    events.add(e);
    return e;
  }

  private void session(int second, String counter, String... services) {
    events.add(session(START.plusSeconds(second), counter, services));
  }

  private void book(int second, String ref, String day, String slot, int citizen, String expect, String retryOf) {
    JsonObject e = add(second, "book").put("ref", ref).put("service", "passport").put("day", day)
        .put("slot", slot).put("citizen", Citizens.id(citizen)).put("phone", Citizens.phone(citizen))
        .put("retryOf", retryOf);
    if (expect != null) e.put("expect", expect);
  }

  private void issue(int second, String ref, String service, boolean green, boolean phone, String retryOf,
      String expect) {
    JsonObject e = add(second, "issue").put("ref", ref).put("service", service)
        .put("key", "P001-" + (retryOf == null ? ref : retryOf)).put("green", green).put("phone", phone)
        .put("retryOf", retryOf);
    if (expect != null) e.put("expect", expect);
  }
}
