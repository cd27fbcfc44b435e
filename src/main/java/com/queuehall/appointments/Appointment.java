package com.queuehall.appointments;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A booked slot for one citizen, as recorded in Postgres. */
public record Appointment(UUID id, String point, String service, LocalDate day, String slot, int place,
    String citizenId, String phone, String code, String status, OffsetDateTime createdAt) {

  static Appointment from(Row r) {
    return new Appointment(r.getUUID("id"), r.getString("point_id"), r.getString("service_id"),
        r.getLocalDate("day"), r.getString("slot"), r.getInteger("place"), r.getString("citizen_id"),
        r.getString("phone"), r.getString("code"), r.getString("status"), r.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("pointId", point)
        .put("service", service)
        .put("day", day.toString())
        .put("slot", slot)
        .put("checkInCode", code)
        .put("status", status)
        .put("citizenId", ResidentId.masked(citizenId))
        .put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(createdAt));
  }
}
