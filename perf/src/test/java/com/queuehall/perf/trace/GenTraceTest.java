package com.queuehall.perf.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("gen-trace: a summer peak day at scale 1")
class GenTraceTest {

  @TempDir
  static Path dir;
  static TraceFile day;

  @BeforeAll
  static void generate() throws IOException {
    day = TraceFile.read(TraceFile.generate(dir, "day.jsonl"));
  }

  @Test
  @DisplayName("plans at least 16,000 exit-entry tickets that are issued and 22,000 tickets in all")
  void totals() {
    long exitEntry = day.op("checkin").filter(c -> exitEntry(day.bookings().get(c.getString("booking")))).count()
        + day.plannedWalkIns().filter(this::exitEntry).count();
    long appointments = day.plannedAppointments().count();
    long walkIns = day.plannedWalkIns().count();
    assertThat(exitEntry).isGreaterThanOrEqualTo(16_000);
    assertThat(appointments + walkIns).isGreaterThanOrEqualTo(22_000);
    assertThat(day.header().getInteger("tickets")).isEqualTo((int) (appointments + walkIns));
    assertThat(day.header().getInteger("appointments")).isEqualTo((int) appointments);
    assertThat(day.header().getInteger("walkIns")).isEqualTo((int) walkIns);
    assertThat(day.header().getInteger("points")).isEqualTo(90);
    assertThat(day.header().getInteger("kiosks")).isEqualTo(154);
  }

  private boolean exitEntry(JsonObject e) {
    return TraceFile.line(e.getString("service")).equals("exit-entry");
  }

  @Test
  @DisplayName("about 70% of tickets are appointments, about 8% of them never come and some come late")
  void appointmentsAndNoShows() {
    double appointments = day.plannedAppointments().count();
    double tickets = appointments + day.plannedWalkIns().count();
    long checkIns = day.op("checkin").count();
    long late = day.op("checkin").filter(c -> c.getString("at").substring(11, 16)
        .compareTo(day.bookings().get(c.getString("booking")).getString("slot")) > 0).count();
    assertThat(appointments / tickets).isBetween(0.67, 0.73);
    assertThat(1 - checkIns / appointments).isBetween(0.06, 0.10);
    assertThat((double) late / checkIns).isBetween(0.05, 0.20);
    double green = day.plannedWalkIns().filter(w -> w.getBoolean("green")).count();
    assertThat(green / day.plannedWalkIns().count()).isBetween(0.02, 0.04);
  }

  @Test
  @DisplayName("arrivals peak in the morning, peak again in the afternoon and go on into the evening")
  void peaks() {
    Map<Integer, Long> byHour = java.util.stream.Stream.concat(day.op("checkin"), day.plannedWalkIns())
        .collect(Collectors.groupingBy(TraceFile::hour, Collectors.counting()));
    int busiest = byHour.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    long afternoon = java.util.stream.IntStream.rangeClosed(14, 16).mapToLong(h -> byHour.getOrDefault(h, 0L)).max()
        .orElse(0);
    assertThat(busiest).isBetween(8, 11);
    assertThat(afternoon).isGreaterThan(byHour.get(12)).isGreaterThan(byHour.get(18));
    assertThat(byHour.get(19)).isPositive();
    assertThat(day.op("call").filter(c -> TraceFile.hour(c) >= 20)).isNotEmpty();
  }

  @Test
  @DisplayName("next week's release brings 100,000 attempts, 90% in its first minute, with retries and duplicates")
  void bookingRelease() {
    List<JsonObject> release = day.op("book").filter(b -> !b.getString("day").equals(day.day())).toList();
    long firstMinute = release.stream().filter(b -> b.getString("at").compareTo("2026-07-15T08:01") < 0
        && b.getString("at").compareTo("2026-07-15T08:00") >= 0).count();
    assertThat(release).hasSizeGreaterThanOrEqualTo(100_000);
    assertThat((double) firstMinute / release.size()).isGreaterThanOrEqualTo(0.90);
    List<JsonObject> retries = release.stream().filter(b -> b.getString("retryOf") != null).toList();
    assertThat(retries).hasSizeGreaterThan(1000).allSatisfy(r -> {
      JsonObject first = day.bookings().get(r.getString("retryOf"));
      assertThat(request(r)).isEqualTo(request(first));
      assertThat(r.getString("at")).isGreaterThan(first.getString("at"));
    });
    assertThat(release.stream().filter(b -> "duplicate".equals(b.getString("expect")))).hasSizeGreaterThan(1000);
  }

  private static List<String> request(JsonObject b) {
    return List.of(b.getString("point"), b.getString("service"), b.getString("day"), b.getString("slot"),
        b.getString("citizen"), b.getString("phone"));
  }

  @Test
  @DisplayName("plans no walk-in beyond its quota and no appointment beyond its slot's capacity")
  void withinQuotas() {
    Map<String, Long> walkIns = day.plannedWalkIns()
        .collect(Collectors.groupingBy(w -> w.getString("point") + "/" + w.getString("service"),
            Collectors.counting()));
    walkIns.forEach((key, n) -> assertThat(n).as(key).isLessThanOrEqualTo(pointService(key).walkInQuota()));
    Map<String, Long> slots = day.plannedAppointments().collect(Collectors.groupingBy(
        b -> b.getString("point") + "/" + b.getString("service") + "/" + b.getString("slot"), Collectors.counting()));
    slots.forEach((key, n) -> assertThat(n).as(key).isLessThanOrEqualTo(pointService(key).slotCapacity()));
    assertThat(day.op("checkin").map(c -> c.getString("booking")).distinct())
        .allSatisfy(b -> assertThat(day.bookings().get(b).getString("day")).isEqualTo(day.day()));
    assertThat(day.op("book").filter(b -> b.getString("day").equals(day.day()))
        .allMatch(b -> b.getString("at").compareTo("2026-07-15T07") < 0)).isTrue();
  }

  private static com.queuehall.catalog.Catalog.PointService pointService(String key) {
    String[] parts = key.split("/");
    return TraceFile.CATALOG.points().get(parts[0]).services().get(parts[1]);
  }

  @Test
  @DisplayName("events are sorted by time, refs are unique, every point is watched and its counters open and close")
  void shape() {
    assertThat(day.events()).isSortedAccordingTo(Comparator.comparing(e -> e.getString("at")));
    Set<String> refs = new HashSet<>();
    day.events().stream().map(e -> e.getString("ref")).filter(r -> r != null)
        .forEach(r -> assertThat(refs.add(r)).as(r).isTrue());
    assertThat(day.op("subscribe")).hasSize(90);
    Map<String, Long> sessions = day.op("session").collect(Collectors.groupingBy(s -> s.getString("status"),
        Collectors.counting()));
    long counters = TraceFile.CATALOG.points().values().stream().mapToLong(p -> p.counters().size()).sum();
    assertThat(sessions).containsEntry("open", counters).containsEntry("closed", counters);
    List<JsonObject> calls = day.op("call").toList();
    assertThat(calls.stream().filter(c -> c.getInteger("recalls") > 0)).isNotEmpty();
    assertThat(calls.stream().filter(c -> c.getBoolean("noShow"))).allMatch(c -> c.getInteger("recalls") == 2);
    assertThat(calls.stream().map(c -> c.getString("transferTo")).filter(t -> t != null).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("passport", "hkmo-permit");
    Map<String, Long> phones = day.op("checkin")
        .collect(Collectors.groupingBy(c -> String.valueOf(c.getBoolean("phone")), Collectors.counting()));
    assertThat((double) phones.get("true") / (phones.get("true") + phones.get("false"))).isBetween(0.25, 0.35);
    assertThat(day.header().fieldNames()).containsExactly("kind", "version", "seed", "date", "zone", "start", "end",
        "scale", "points", "kiosks", "tickets", "appointments", "walkIns", "bookingAttempts");
  }

  @Test
  @DisplayName("staff sign in one by one over the five minutes before their first service opens, and sign out "
      + "after their last call")
  void staffSignInOneByOne() {
    DayProfile profile = new DayProfile(false);
    Map<String, String> firstCall = new HashMap<>();
    Map<String, String> lastCall = new HashMap<>();
    day.op("call").forEach(c -> {
      String desk = c.getString("point") + "/" + c.getString("counter");
      firstCall.merge(desk, c.getString("at"), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      lastCall.merge(desk, c.getString("at"), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    });
    Map<String, Long> opensPerSecond = new HashMap<>();
    for (JsonObject s : day.op("session").toList()) {
      String desk = s.getString("point") + "/" + s.getString("counter");
      if (s.getString("status").equals("open")) {
        var point = TraceFile.CATALOG.points().get(s.getString("point"));
        int opening = point.counters().stream().filter(c -> c.id().equals(s.getString("counter"))).findFirst()
            .orElseThrow().services().stream().mapToInt(id -> profile.opens(point.services().get(id).service()))
            .min().orElseThrow();
        int at = OffsetDateTime.parse(s.getString("at")).toLocalTime().toSecondOfDay();
        assertThat(at).as(desk + " signs in").isBetween(opening - CounterDay.SIGN_IN_SECONDS, opening);
        if (firstCall.containsKey(desk)) {
          assertThat(s.getString("at")).as(desk + " signs in by its first call").isLessThanOrEqualTo(firstCall.get(desk));
        }
        opensPerSecond.merge(s.getString("at"), 1L, Long::sum);
      } else if (lastCall.containsKey(desk)) {
        assertThat(s.getString("at")).as(desk + " signs out after its last call").isGreaterThan(lastCall.get(desk));
      }
    }
    // Before sign-ins were modelled, 500 of the 540 counters opened at 08:30:00.000.
    assertThat(opensPerSecond.values().stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("the most counters opening in one second").isLessThanOrEqualTo(10);
  }
}
