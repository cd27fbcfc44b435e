package com.queuehall.ops;

import com.queuehall.appointments.ResidentId;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/** What the on-call engineer and the load balancer see: health, readiness and Prometheus metrics. */
class OpsTest {

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("/health/live answers 200 {\"status\":\"UP\"}")
  void live() {
    try (TestHall hall = TestHall.start()) {
      HttpResponse<Buffer> r = get(hall, "/health/live");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    }
  }

  @Test
  @DisplayName("/health/ready answers 200 with postgres UP and redis UP")
  void ready() {
    try (TestHall hall = TestHall.start()) {
      HttpResponse<Buffer> r = get(hall, "/health/ready");
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("status", "UP").put("postgres", "UP").put("redis", "UP")
              .put("now", TestHall.CLOCK.instant().toString()));
    }
  }

  @Test
  @DisplayName("/metrics is Prometheus text with a latency histogram per route, labelled with the route's path")
  void latencyHistogram() {
    try (TestHall hall = TestHall.start()) {
      assertThat(get(hall, "/api/v1/points/P017").statusCode()).isEqualTo(200);
      HttpResponse<Buffer> r = get(hall, "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
      PrometheusText metrics = new PrometheusText(r.bodyAsString());
      String route = "route=\"/api/v1/points/:pointId\"";
      assertThat(metrics.lines("vertx_http_server_response_time_seconds_bucket").stream()
              .filter(l -> l.contains(route)))
          .as("enough buckets for p99 in Prometheus").hasSizeGreaterThan(10)
          .anyMatch(l -> l.contains("method=\"GET\"") && l.contains("code=\"200\"") && l.contains("le=\"+Inf\""));
      assertThat(metrics.value("vertx_http_server_response_time_seconds_count", route)).isEqualTo(1.0);
    }
  }

  @Test
  @DisplayName("the domain counters count what happened: 2 tickets, 1 replay, 1 booking, 1 exhausted walk-in quota")
  void domainCounters() {
    try (TestHall hall = TestHall.start()) {
      assertThat(hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 2)).statusCode())
          .isEqualTo(200);
      assertThat(issue(hall, "first").statusCode()).isEqualTo(201);
      assertThat(issue(hall, "second").statusCode()).isEqualTo(201);
      HttpResponse<Buffer> replay = issue(hall, "first");
      assertThat(replay.statusCode()).isEqualTo(201);
      assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
      assertThat(issue(hall, "third").statusCode()).isEqualTo(409);
      assertThat(book(hall).statusCode()).isEqualTo(201);

      PrometheusText metrics = new PrometheusText(get(hall, "/metrics").bodyAsString());
      assertThat(metrics.value("queuehall_tickets_issued_total", "kind=\"walk-in\"")).isEqualTo(2.0);
      assertThat(metrics.value("queuehall_tickets_issued_total", "kind=\"appointment\"")).isEqualTo(0.0);
      assertThat(metrics.value("queuehall_idempotent_replays_total", "")).isEqualTo(1.0);
      assertThat(metrics.value("queuehall_bookings_total", "")).isEqualTo(1.0);
      assertThat(metrics.value("queuehall_quota_exhausted_total", "pool=\"walk-in\"")).isEqualTo(1.0);
      assertThat(metrics.value("queuehall_quota_exhausted_total", "pool=\"slot\"")).isEqualTo(0.0);
      // Three rows were written (two tickets, one booking), each in some group-commit flush of a loop
      assertThat(metrics.sum("queuehall_pg_flush_writes_sum")).isEqualTo(3.0);
      assertThat(metrics.sum("queuehall_pg_flush_seconds_count")).isBetween(1.0, 3.0);
      assertThat(metrics.lines("queuehall_pg_flush_seconds_bucket")).as("a histogram, for p99")
          .anyMatch(l -> l.contains("pool_name=\"pg-0\"") && l.contains("le=\"+Inf\""));
    }
  }

  @Test
  @DisplayName("/metrics names each event loop's Postgres, Redis and live pools and clients, "
      + "the same way on every start")
  void poolsNamedPerEventLoop() {
    int loops = TestHall.config(0).instances();
    try (TestHall hall = TestHall.start()) {
      assertThat(get(hall, "/api/v1/points/P001").statusCode()).isEqualTo(200);
      PrometheusText metrics = new PrometheusText(get(hall, "/metrics").bodyAsString());
      for (int i = 0; i < loops; i++) {
        // value() asserts exactly one sample: before, both loops' Postgres pools were one
        // "__vertx.DEFAULT" series (the second one's gauges refused) and Redis pools random UUIDs.
        assertThat(metrics.value("vertx_pool_in_use", "pool_name=\"pg-" + i + "\",pool_type=\"sql\"")).isNotNegative();
        assertThat(metrics.value("vertx_pool_in_use", "pool_name=\"redis-" + i + "\",pool_type=\"redis\""))
            .isNotNegative();
        assertThat(metrics.value("vertx_pool_in_use", "pool_name=\"redis-live-" + i + "\",pool_type=\"redis\""))
            .isNotNegative();
        // The client's own figures too (both loops load their scripts at start): before, every
        // loop's Redis commands were one unlabelled series. Postgres's appear once a loop connects.
        assertThat(metrics.value("vertx_redis_processing_pending", "client_namespace=\"redis-" + i + "\""))
            .isNotNegative();
      }
      assertThat(metrics.lines("vertx_pool_in_use")).noneMatch(l -> l.contains("__vertx.DEFAULT"))
          .noneMatch(l -> l.matches(".*pool_name=\"[0-9a-f]{8}-[0-9a-f]{4}-.*"));
    }
  }

  private static HttpResponse<Buffer> get(TestHall hall, String path) {
    return hall.call(HttpMethod.GET, path, null, Map.of(), null);
  }

  private static HttpResponse<Buffer> issue(TestHall hall, String key) {
    return Stores.await(hall.issue("P001", "passport", key));
  }

  private static HttpResponse<Buffer> book(TestHall hall) {
    JsonObject booking = new JsonObject().put("pointId", "P001").put("service", "passport")
        .put("day", TODAY.plusDays(1).toString()).put("slot", "09:00")
        .put("citizenId", ResidentId.withCheckDigit("11010519491231002")).put("phone", "13800138000");
    return hall.call(HttpMethod.POST, "/api/v1/appointments", null, Map.of(), booking.encode());
  }

  /** Samples of a Prometheus text exposition: "name{labels} value" lines. */
  record PrometheusText(String text) {

    List<String> lines(String name) {
      return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }

    /** The sum of every sample of this name, whatever its labels. */
    double sum(String name) {
      return lines(name).stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The value of the one sample of this name whose labels contain this fragment. */
    double value(String name, String labelFragment) {
      List<String> found = lines(name).stream().filter(l -> l.contains(labelFragment)).toList();
      assertThat(found).as(name + " with " + labelFragment).hasSize(1);
      String line = found.get(0);
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
  }
}
