package com.queuehall.appointments;

import com.queuehall.db.Writer;

/** SQL of appointments. Each change writes its event row in the same statement. */
public interface AppointmentSql {

  String COLUMNS = "id, point_id, service_id, day, to_char(slot, 'HH24:MI') AS slot, place, citizen_id, phone, "
      + "code, status, created_at";

  /** The appointment and its event: 10 parameters, then the fence's (Writer.fencedSql). */
  String INSERT = Writer.fencedSql(10, "a AS (INSERT INTO appointment (id, point_id, service_id, day, slot, place, "
      + "citizen_id, phone, code, status) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, 'BOOKED' FROM fence RETURNING *) "
      + ", e AS (INSERT INTO event (point_id, day, entity, entity_id, type, at, data) "
      + "SELECT point_id, day, 'appointment', id::text, 'booked', created_at, $10 FROM a) "
      + "SELECT " + COLUMNS + " FROM a");

  String BY_ID_FOR_UPDATE = "SELECT " + COLUMNS + " FROM appointment WHERE id = $1 FOR UPDATE";

  String ACTIVE = "SELECT 1 FROM appointment WHERE id = $1 AND status <> 'CANCELLED'";

  String BY_CODE = "SELECT " + COLUMNS + " FROM appointment WHERE code = $1";

  String SET_STATUS = "WITH a AS (UPDATE appointment SET status = $2, updated_at = now() WHERE id = $1 RETURNING *) "
      + ", e AS (INSERT INTO event (point_id, day, entity, entity_id, type, data) "
      + "SELECT point_id, day, 'appointment', id::text, $3, $4 FROM a) "
      + "SELECT " + COLUMNS + " FROM a";
}
