package com.queuehall.tickets;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A queue number as recorded in Postgres. */
public record Ticket(UUID id, String point, String service, LocalDate day, String prefix, int number,
    String kind, UUID appointmentId, boolean green, String status, OffsetDateTime issuedAt) {

  public static final String WALK_IN = "WALK_IN";
  public static final String APPOINTMENT = "APPOINTMENT";

  /** A001 … A999, A1000 …: the prefix and at least three digits. */
  public static String display(String prefix, int number) {
    return number < 1000 ? prefix + String.format("%03d", number) : prefix + number;
  }

  public String display() {
    return display(prefix, number);
  }

  public static Ticket from(Row r) {
    return new Ticket(r.getUUID("id"), r.getString("point_id"), r.getString("service_id"),
        r.getLocalDate("day"), r.getString("prefix"), r.getInteger("number"), r.getString("kind"),
        r.getUUID("appointment_id"), r.getBoolean("green"), r.getString("status"),
        r.getOffsetDateTime("issued_at"));
  }

  public JsonObject toJson(long position) {
    JsonObject j = new JsonObject()
        .put("id", id.toString())
        .put("number", display())
        .put("pointId", point)
        .put("service", service)
        .put("day", day.toString())
        .put("status", status)
        .put("kind", kind)
        .put("fromAppointment", appointmentId != null)
        .put("green", green)
        .put("issuedAt", issuedAt.toString());
    if (appointmentId != null) j.put("appointmentId", appointmentId.toString());
    if ("WAITING".equals(status)) j.put("position", position);
    return j;
  }
}
