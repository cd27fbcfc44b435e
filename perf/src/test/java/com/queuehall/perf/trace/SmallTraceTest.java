package com.queuehall.perf.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.queuehall.catalog.CatalogFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("gen-trace: small, scaled and Sunday traces")
class SmallTraceTest {

  @TempDir
  Path dir;

  private static final String[] SMALL = {"--scale", "0.2", "--points", "12", "--booking-attempts", "3000"};

  @Test
  @DisplayName("the same options give the same bytes, another seed another trace")
  void deterministic() throws IOException {
    byte[] first = Files.readAllBytes(TraceFile.generate(dir, "a.jsonl", SMALL));
    byte[] again = Files.readAllBytes(TraceFile.generate(dir, "b.jsonl", SMALL));
    String[] otherSeed = {"--seed", "7", "--scale", "0.2", "--points", "12", "--booking-attempts", "3000"};
    byte[] other = Files.readAllBytes(TraceFile.generate(dir, "c.jsonl", otherSeed));
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  @DisplayName("--points and --booking-attempts restrict the trace; the header says so")
  void restricted() throws IOException {
    TraceFile t = TraceFile.read(TraceFile.generate(dir, "small.jsonl", SMALL));
    assertThat(t.header().getInteger("points")).isEqualTo(12);
    assertThat(t.op("subscribe").map(s -> s.getString("point")).distinct()).hasSize(12)
        .allMatch(p -> p.compareTo("P012") <= 0);
    assertThat(t.op("book").filter(b -> !b.getString("day").equals(t.day()))).hasSize(3000);
    assertThat(t.header().getDouble("scale")).isEqualTo(0.2);
  }

  @Test
  @DisplayName("--catalog writes the day of the operator's own catalog (QH_CATALOG): its points, services and quotas")
  void ownCatalog() throws IOException {
    JsonObject catalog;
    try (var in = SmallTraceTest.class.getResourceAsStream(CatalogFile.DEFAULT_RESOURCE)) {
      catalog = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    // Two halls of the shipped catalog, renamed.
    JsonArray two = new JsonArray();
    for (int i = 0; i < 2; i++) {
      JsonObject p = catalog.getJsonArray("points").getJsonObject(i).copy().put("id", "P90" + (i + 1));
      two.add(p);
    }
    catalog.put("points", two);
    Path file = Files.writeString(dir.resolve("own-catalog.json"), catalog.encode());
    TraceFile t = TraceFile.read(TraceFile.generate(dir, "own.jsonl", "--catalog", file.toString(),
        "--booking-attempts", "0"));
    assertThat(t.header().getInteger("points")).isEqualTo(2);
    assertThat(t.op("subscribe").map(e -> e.getString("point")).distinct()).containsExactlyInAnyOrder("P901", "P902");
    assertThat(t.plannedWalkIns()).isNotEmpty().allSatisfy(w -> assertThat(w.getString("point")).startsWith("P90"));

    Files.writeString(dir.resolve("broken.json"), "{\"points\": [");
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--catalog",
        dir.resolve("broken.json").toString()})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--catalog",
        dir.resolve("none.json").toString()})).isEqualTo(2);
    assertThat(dir.resolve("z")).doesNotExist();
  }

  @Test
  @DisplayName("--tickets sizes the day")
  void tickets() throws IOException {
    TraceFile t = TraceFile.read(TraceFile.generate(dir, "n.jsonl", "--tickets", "1000", "--points", "30",
        "--booking-attempts", "0"));
    assertThat(t.header().getInteger("tickets")).isBetween(950, 1050);
    assertThat(t.op("book").filter(b -> !b.getString("day").equals(t.day()))).isEmpty();
  }

  @Test
  @DisplayName("a day beyond the catalog's capacity plans up to it and marks the rest as refused or full")
  void beyondCapacity() throws IOException {
    TraceFile t = TraceFile.read(TraceFile.generate(dir, "x.jsonl", "--scale", "3", "--points", "3",
        "--booking-attempts", "0"));
    Map<String, Long> walkIns = t.plannedWalkIns().collect(Collectors.groupingBy(SmallTraceTest::pointService,
        Collectors.counting()));
    walkIns.forEach((key, n) -> assertThat(n).as(key).isEqualTo((long) quota(key)));
    Map<String, String> lastPlanned = t.plannedWalkIns().collect(Collectors.toMap(SmallTraceTest::pointService,
        w -> w.getString("at"), (a, b) -> a.compareTo(b) > 0 ? a : b));
    assertThat(t.op("issue").filter(w -> "refused".equals(w.getString("expect")))).isNotEmpty()
        .allSatisfy(w -> assertThat(w.getString("at")).isGreaterThan(lastPlanned.get(pointService(w))));
    assertThat(t.op("book").filter(b -> "full".equals(b.getString("expect")))).isNotEmpty()
        .allSatisfy(b -> assertThat(b.getString("at")).isGreaterThan("2026-07-15T06:00"));
    assertThat(t.plannedAppointments()).allSatisfy(b -> assertThat(b.getString("at")).isLessThan("2026-07-15T06:00"));
  }

  private static int quota(String key) {
    String[] parts = key.split("/");
    return TraceFile.CATALOG.points().get(parts[0]).services().get(parts[1]).walkInQuota();
  }

  private static String pointService(JsonObject e) {
    return e.getString("point") + "/" + e.getString("service");
  }

  @Test
  @DisplayName("a Sunday is a morning: no one arrives, and no slot begins, after noon; 70% still come booked")
  void sunday() throws IOException {
    TraceFile t = TraceFile.read(TraceFile.generate(dir, "sun.jsonl", "--sunday", "--date", "2026-07-19",
        "--points", "30", "--booking-attempts", "1000"));
    assertThat(t.plannedWalkIns()).isNotEmpty().allSatisfy(w -> assertThat(TraceFile.hour(w)).isLessThan(12));
    assertThat(t.op("checkin")).isNotEmpty().allSatisfy(c -> assertThat(TraceFile.hour(c)).isLessThan(12));
    assertThat(t.plannedAppointments()).allSatisfy(b -> assertThat(b.getString("slot")).isLessThan("12:00"));
    double appointments = t.plannedAppointments().count();
    assertThat(appointments / (appointments + t.plannedWalkIns().count())).isBetween(0.67, 0.73);
  }

  @Test
  @DisplayName("a wrong option is refused with the usage, and nothing is written")
  void badOptions() {
    assertThat(GenTrace.run(new String[] {"--scale", "2"})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--wat", "1"})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--scale", "big"})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--date", "2026-07-32"})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--points", "91"})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("none/z").toString()})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.toString()})).isEqualTo(2);
    assertThat(GenTrace.run(new String[] {"--out", dir.resolve("z").toString(), "--help"})).isZero();
    assertThat(dir.resolve("z")).doesNotExist();
    assertThat(dir.resolve("none")).doesNotExist();
  }
}
