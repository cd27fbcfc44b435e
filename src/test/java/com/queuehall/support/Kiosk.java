package com.queuehall.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A kiosk of a point: walk-in and green-channel tickets, and check-ins of appointments. */
public final class Kiosk {

  private final TestHall hall;
  private final String point;

  private Kiosk(TestHall hall, String point) {
    this.hall = hall;
    this.point = point;
  }

  public static Kiosk at(TestHall hall, String point) {
    return new Kiosk(hall, point);
  }

  public JsonObject walkIn(String service) {
    return issue(service, false);
  }

  public JsonObject green(String service) {
    return issue(service, true);
  }

  private JsonObject issue(String service, boolean green) {
    HttpResponse<Buffer> r = hall.call(HttpMethod.POST, "/api/v1/points/" + point + "/tickets", hall.kioskToken(point),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()),
        new JsonObject().put("service", service).put("green", green).encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** Citizen n books a slot of the day; returns the check-in code. */
  public String book(String service, LocalDate day, String slot, int citizen) {
    HttpResponse<Buffer> r = Stores.await(Citizens.book(hall, point, service, day, slot, citizen));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("checkInCode");
  }

  /** Checks an appointment in; its ticket. */
  public JsonObject checkIn(String code) {
    HttpResponse<Buffer> r = hall.call(HttpMethod.POST, "/api/v1/points/" + point + "/check-ins",
        hall.kioskToken(point), Map.of(), new JsonObject().put("code", code).encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }
}
