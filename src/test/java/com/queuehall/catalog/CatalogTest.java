package com.queuehall.catalog;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.Catalog.Service;
import com.queuehall.config.Config;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The halls Queuehall serves: the shipped default catalog, an operator's own, and what is refused. */
@TestMethodOrder(OrderAnnotation.class)
class CatalogTest {

  private static final Catalog DEFAULT = CatalogFile.load(null);

  @Test
  @DisplayName("the default catalog has 90 points P001..P090 and 154 kiosks")
  void pointsAndKiosks() {
    assertThat(DEFAULT.points().keySet())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 90).mapToObj(i -> String.format("P%03d", i)).toList());
    assertThat(DEFAULT.points().values().stream().mapToInt(p -> p.kiosks().size()).sum()).isEqualTo(154);
    assertThat(DEFAULT.zone().getId()).isEqualTo("Asia/Shanghai");
  }

  @Test
  @DisplayName("the default services have one distinct capital prefix each, across the three lines")
  void servicesAndLines() {
    assertThat(DEFAULT.services().values().stream().map(Service::prefix))
        .doesNotHaveDuplicates().allMatch(p -> p.matches("[A-Z]"));
    assertThat(DEFAULT.services().values().stream().map(Service::line).collect(Collectors.toSet()))
        .isEqualTo(Set.of("exit-entry", "household", "traffic"));
  }

  @Test
  @DisplayName("a day's default capacity is at least 16,000 for exit-entry, 3,000 for household, 3,500 for traffic")
  void dailyCapacity() {
    Map<String, Integer> perLine = new TreeMap<>();
    for (Point p : DEFAULT.points().values()) {
      for (PointService ps : p.services().values()) {
        int day = ps.walkInQuota() + ps.service().grid().slots().size() * ps.slotCapacity();
        perLine.merge(ps.service().line(), day, Integer::sum);
      }
    }
    assertThat(perLine.get("exit-entry")).as("exit-entry per day").isGreaterThanOrEqualTo(16_000);
    assertThat(perLine.get("household")).as("household per day").isGreaterThanOrEqualTo(3_000);
    assertThat(perLine.get("traffic")).as("traffic per day").isGreaterThanOrEqualTo(3_500);
  }

  @Test
  @DisplayName("GET /api/v1/points lists the 90 points")
  void listsPoints() {
    try (TestHall hall = TestHall.start()) {
      JsonObject list = get(hall, "/api/v1/points").bodyAsJsonObject();
      assertThat(list.getString("timezone")).isEqualTo("Asia/Shanghai");
      assertThat(list.getJsonArray("points")).hasSize(90);
      assertThat(list.getJsonArray("points").getJsonObject(16).getString("id")).isEqualTo("P017");
    }
  }

  @Test
  @DisplayName("GET /api/v1/points/P017 returns its services, kiosks and counters")
  void onePoint() {
    try (TestHall hall = TestHall.start()) {
      HttpResponse<Buffer> r = get(hall, "/api/v1/points/P017");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject p = r.bodyAsJsonObject();
      Point expected = DEFAULT.point("P017").orElseThrow();
      assertThat(p.getJsonArray("services").stream().map(s -> ((JsonObject) s).getString("id")))
          .containsExactlyElementsOf(expected.services().keySet());
      assertThat(p.getJsonArray("services").getJsonObject(0).getJsonObject("slotGrid").getInteger("minutes"))
          .isEqualTo(30);
      assertThat(p.getJsonArray("kiosks")).containsExactly("K037", "K038");
      assertThat(p.getJsonArray("counters")).hasSize(expected.counters().size()).isNotEmpty();
      assertThat(p.getJsonArray("counters").getJsonObject(0).getJsonArray("services")).isNotEmpty();
    }
  }

  @Test
  @DisplayName("a catalog with two services sharing a prefix is refused, naming the prefix")
  void duplicatePrefix() {
    JsonObject json = minimal();
    json.getJsonArray("services").add(service("id-card", "household", "A"));
    assertThatThrownBy(() -> CatalogFile.parse(json))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("catalog: prefix A is used by two services");
  }

  @Test
  @DisplayName("a counter serving a service its point does not offer is refused, naming counter, point and service")
  void counterServesWhatPointDoesNot() {
    JsonObject json = minimal();
    json.getJsonArray("services").add(service("id-card", "household", "D"));
    json.getJsonArray("points").getJsonObject(0).getJsonArray("counters").getJsonObject(0)
        .getJsonArray("services").add("id-card");
    assertThatThrownBy(() -> CatalogFile.parse(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("catalog: counter C01 at P001 serves id-card, which the point does not offer");
  }

  @Test
  @DisplayName("a point offering a service the catalog does not define is refused, naming both")
  void unknownService() {
    JsonObject json = minimal();
    json.getJsonArray("points").getJsonObject(0).getJsonArray("services").add(new JsonObject().put("id", "visa"));
    assertThatThrownBy(() -> CatalogFile.parse(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("catalog: point P001 offers unknown service visa");
  }

  @Test
  @DisplayName("the small catalog the refusals spoil is itself accepted")
  void minimalIsValid() {
    Catalog c = CatalogFile.parse(minimal());
    assertThat(c.points()).containsOnlyKeys("P001");
    assertThat(c.point("P001").orElseThrow().service("passport").orElseThrow().walkInQuota()).isEqualTo(5);
  }

  /** Last: it stores another catalog in the shared Postgres, and puts the default back before it ends. */
  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("an operator catalog file replaces the default: its points are served, others are inactive")
  void operatorCatalog(@TempDir Path dir) throws IOException {
    Stores.reset();
    Path file = dir.resolve("catalog.json");
    JsonObject json = minimal();
    json.getJsonArray("points").add(point("P002", "passport", "K004"));
    Files.writeString(file, json.encode());
    Config config = Config.fromJson(TestHall.config(TestHall.freePort()).toJson().put("catalogPath", file.toString()));
    try (TestHall hall = TestHall.start(config)) {
      assertThat(get(hall, "/api/v1/points").bodyAsJsonObject().getJsonArray("points").stream()
          .map(p -> ((JsonObject) p).getString("id"))).containsExactly("P001", "P002");
      assertThat(get(hall, "/api/v1/points/P017").statusCode()).isEqualTo(404);
      assertThat(Stores.count("SELECT count(*) FROM point WHERE active")).isEqualTo(2);
      HttpResponse<Buffer> quota = hall.call(HttpMethod.GET, "/api/v1/admin/points/P001/services/passport/days/"
          + TODAY + "/quota", hall.adminToken(), Map.of(), null);
      assertThat(quota.bodyAsJsonObject().getJsonObject("walkIn").getInteger("capacity")).isEqualTo(5);
    } finally {
      restoreDefault();
    }
  }

  private static void restoreDefault() {
    Stores.reset();
    try (TestHall hall = TestHall.start()) {
      assertThat(Stores.count("SELECT count(*) FROM point WHERE active")).isEqualTo(90);
    }
  }

  /** One exit-entry point offering passports with its own walk-in quota of 5. */
  private static JsonObject minimal() {
    return new JsonObject().put("timezone", "Asia/Shanghai").put("bookingHorizonDays", 14)
        .put("services", new JsonArray().add(service("passport", "exit-entry", "A")))
        .put("points", new JsonArray().add(point("P001", "passport", "K001")));
  }

  private static JsonObject service(String id, String line, String prefix) {
    return new JsonObject().put("id", id).put("line", line).put("name", id).put("prefix", prefix)
        .put("walkInQuota", 36).put("serviceMinutes", 8)
        .put("slotGrid", new JsonObject().put("start", "08:30").put("end", "20:00").put("minutes", 30)
            .put("capacity", 4));
  }

  private static JsonObject point(String id, String service, String kiosk) {
    return new JsonObject().put("id", id).put("name", "Hall " + id).put("district", "Test")
        .put("services", new JsonArray().add(new JsonObject().put("id", service).put("walkInQuota", 5)))
        .put("kiosks", new JsonArray().add(kiosk))
        .put("counters", new JsonArray().add(new JsonObject().put("id", "C01")
            .put("services", new JsonArray().add(service))));
  }

  private static HttpResponse<Buffer> get(TestHall hall, String path) {
    return hall.call(HttpMethod.GET, path, null, Map.of(), null);
  }
}
