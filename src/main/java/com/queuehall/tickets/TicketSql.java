package com.queuehall.tickets;

import com.queuehall.db.Writer;

/** SQL of tickets. The ticket and its "issued" event are one statement, so one round trip. */
public interface TicketSql {

  String COLUMNS = "id, point_id, service_id, queue_service_id, day, prefix, number, kind, appointment_id, green, "
      + "status, counter_id, recalls, issued_at, arrived_at, slot_start, called_at, started_at, finished_at";

  /**
   * The ticket and its event, after a fence (Writer.fencedSql): $13 is the issue time, taken from
   * the server's clock; the ticket arrives in its queue then.
   */
  String INSERT_STEPS = "t AS (INSERT INTO ticket (id, point_id, service_id, queue_service_id, day, prefix, "
      + "number, kind, walkin_place, appointment_id, green, status, idempotency_key, issued_at, arrived_at, "
      + "slot_start) "
      + "SELECT $1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, 'WAITING', $11, $13, $13, $14 FROM fence "
      + "RETURNING " + COLUMNS + ") "
      + ", e AS (INSERT INTO event (point_id, day, entity, entity_id, type, at, data) "
      + "SELECT point_id, day, 'ticket', id::text, 'issued', issued_at, $12 FROM t) ";

  /** A walk-in (or any ticket without an appointment to check in): 14 parameters, then the fence's. */
  String INSERT = Writer.fencedSql(14, INSERT_STEPS + "SELECT " + COLUMNS + " FROM t");

  /**
   * A check-in: the appointment's ticket ($9 the appointment) as INSERT, and in the same statement
   * the appointment checked in with its own event ($15 its data), only if the ticket was written.
   * One statement, so it can be committed with others (group commit).
   */
  String CHECK_IN = Writer.fencedSql(15, INSERT_STEPS
      + ", a AS (UPDATE appointment SET status = 'CHECKED_IN', updated_at = now() FROM t "
      + "WHERE appointment.id = t.appointment_id RETURNING appointment.point_id, appointment.day, appointment.id) "
      + ", ae AS (INSERT INTO event (point_id, day, entity, entity_id, type, data) "
      + "SELECT point_id, day, 'appointment', id::text, 'checked-in', $15 FROM a) "
      + "SELECT " + COLUMNS + " FROM t");

  String BY_ID = "SELECT " + COLUMNS + " FROM ticket WHERE id = $1";

  String BY_IDEMPOTENCY_KEY = "SELECT " + COLUMNS + " FROM ticket WHERE point_id = $1 AND idempotency_key = $2";

  String BY_APPOINTMENT = "SELECT " + COLUMNS + " FROM ticket WHERE appointment_id = $1";

  String BY_NUMBER = "SELECT " + COLUMNS + " FROM ticket WHERE point_id = $1 AND day = $2 "
      + "AND prefix = $3 AND number = $4";
}
