package com.queuehall.support;

import com.queuehall.appointments.ResidentId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.LocalDate;
import java.util.Map;

/** Citizens who book appointment slots: valid resident ids, bookings and the slots they see. */
public final class Citizens {

  private Citizens() {}

  /** The n-th test citizen's resident id (n below 70,000), valid check digit included. */
  public static String id(int n) {
    return ResidentId.withCheckDigit(String.format("110101%04d0101%03d", 1950 + n / 1000, n % 1000));
  }

  /** Citizen n books the slot of a service at a point on a day. */
  public static Future<HttpResponse<Buffer>> book(TestHall hall, String point, String service, LocalDate day,
      String slot, int n) {
    JsonObject body = new JsonObject().put("pointId", point).put("service", service).put("day", day.toString())
        .put("slot", slot).put("citizenId", id(n)).put("phone", "138" + String.format("%08d", n));
    return hall.send(HttpMethod.POST, "/api/v1/appointments", null, Map.of(), body.encode());
  }

  /** The slot as GET /slots shows it: {slot, capacity, remaining, started}. */
  public static JsonObject slot(TestHall hall, String point, String service, LocalDate day, String slot) {
    HttpResponse<Buffer> r = hall.call(HttpMethod.GET,
        "/api/v1/points/" + point + "/slots?service=" + service + "&day=" + day, null, Map.of(), null);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET slots answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getJsonArray("slots").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("slot").equals(slot)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no slot " + slot));
  }
}
