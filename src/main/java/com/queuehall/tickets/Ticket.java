package com.queuehall.tickets;

import com.queuehall.queue.QueueEntry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A queue number as recorded in Postgres. */
public record Ticket(UUID id, String point, String issuedFor, String service, LocalDate day, String prefix, int number,
    String kind, UUID appointmentId, boolean green, String status, String counter, int recalls,
    OffsetDateTime issuedAt, OffsetDateTime arrivedAt, OffsetDateTime slotStart, OffsetDateTime calledAt,
    OffsetDateTime startedAt, OffsetDateTime finishedAt) {

  public static final String WALK_IN = "WALK_IN";
  public static final String APPOINTMENT = "APPOINTMENT";
  /** Seconds always shown: OffsetDateTime.toString() drops them when they are zero, which RFC 3339 forbids. */
  private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  /**
   * The printed number: the prefix and at least three digits (A007, A042, A1234). Padded by hand:
   * String.format parsed its pattern on every call, about 2 % of the server's CPU in a replay.
   */
  public static String display(String prefix, int number) {
    String digits = Integer.toString(number);
    return digits.length() >= 3 || number < 0 ? prefix + digits : prefix + "000".substring(digits.length()) + digits;
  }

  public String display() {
    return display(prefix, number);
  }

  /** Whether Postgres has it waiting in that service's queue: what a Redis entry there must stand for. */
  public boolean waitsIn(String queueService) {
    return "WAITING".equals(status) && service.equals(queueService);
  }

  public static Ticket from(Row r) {
    return new Ticket(r.getUUID("id"), r.getString("point_id"), r.getString("service_id"),
        r.getString("queue_service_id"), r.getLocalDate("day"), r.getString("prefix"), r.getInteger("number"),
        r.getString("kind"), r.getUUID("appointment_id"), r.getBoolean("green"), r.getString("status"),
        r.getString("counter_id"), r.getInteger("recalls"), r.getOffsetDateTime("issued_at"),
        r.getOffsetDateTime("arrived_at"), r.getOffsetDateTime("slot_start"), r.getOffsetDateTime("called_at"),
        r.getOffsetDateTime("started_at"), r.getOffsetDateTime("finished_at"));
  }

  /** The ticket as its queue holds it. */
  public QueueEntry entry() {
    return new QueueEntry(id.toString(), number, green, appointmentId != null, arrivedAt.toInstant().toEpochMilli(),
        slotStart == null ? 0 : slotStart.toInstant().toEpochMilli());
  }

  /** The ticket without a position: it is not waiting, or its position is not known here. */
  public JsonObject toJson() {
    return toJson(0, null);
  }

  public JsonObject toJson(long position, Long estimatedWaitSeconds) {
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
        .put("issuedAt", RFC_3339.format(issuedAt));
    if (!issuedFor.equals(service)) j.put("issuedFor", issuedFor);
    if (appointmentId != null) j.put("appointmentId", appointmentId.toString());
    if ("WAITING".equals(status) && position > 0) {
      j.put("position", position);
      if (estimatedWaitSeconds != null) j.put("estimatedWaitSeconds", estimatedWaitSeconds);
    }
    if (counter != null) j.put("counterId", counter).put("recalls", recalls);
    if (calledAt != null) j.put("calledAt", RFC_3339.format(calledAt));
    if (startedAt != null) j.put("startedAt", RFC_3339.format(startedAt));
    if (finishedAt != null) j.put("finishedAt", RFC_3339.format(finishedAt));
    return j;
  }
}
