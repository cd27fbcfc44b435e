package com.queuehall.support;

import com.queuehall.appointments.ResidentId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Citizens who book appointment slots: valid, distinct resident ids, bookings and the slots they see. */
public final class Citizens {

  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

  private Citizens() {}

  /** The n-th test citizen's resident id: Guangzhou region code, one birth date per citizen. */
  public static String id(int n) {
    String birth = LocalDate.of(1950, 1, 1).plusDays(n % 20_000).format(YYYYMMDD);
    return ResidentId.withCheckDigit("440106" + birth + String.format("%03d", n / 20_000 + 1));
  }

  public static String phone(int n) {
    return "138" + String.format("%08d", n);
  }

  /** Citizen n books the slot of a service at a point on a day. */
  public static Future<HttpResponse<Buffer>> book(TestHall hall, String point, String service, LocalDate day,
      String slot, int n) {
    JsonObject body = new JsonObject().put("pointId", point).put("service", service).put("day", day.toString())
        .put("slot", slot).put("citizenId", id(n)).put("phone", phone(n));
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
