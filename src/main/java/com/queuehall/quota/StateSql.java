package com.queuehall.quota;

/** SQL of the number-source state: the epoch fence and what a rebuild reads. */
interface StateSql {

  /**
   * The point-day's epoch row, made at 0 if the day was never loaded, committed on its own before
   * a load: a fenced write of the load's reservations must find the row (an uncommitted new row is
   * invisible to it) and wait on its lock.
   */
  String CREATE_EPOCH = "INSERT INTO redis_epoch (point_id, day, epoch) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING";

  /**
   * The epoch row, locked exclusively until the load ends: loads of one point-day, from any event
   * loop or instance, queue here.
   */
  String LOCK_EPOCH = "SELECT epoch FROM redis_epoch WHERE point_id = $1 AND day = $2 FOR UPDATE";

  /**
   * A new epoch for the locked row: above both the old one and the one Redis holds ($3), so the
   * state loaded at it replaces whatever Redis has (a load whose commit failed leaves Redis ahead).
   */
  String BUMP_EPOCH = "UPDATE redis_epoch SET epoch = greatest(epoch, $3) + 1 WHERE point_id = $1 AND day = $2 "
      + "RETURNING epoch";

  String QUOTAS = "SELECT service_id, walkin_capacity, slot_capacities, version FROM quota "
      + "WHERE point_id = $1 AND day = $2";

  String TICKETS = "SELECT id, service_id, queue_service_id, prefix, number, walkin_place, idempotency_key, "
      + "appointment_id, status, green, arrived_at, slot_start, counter_id FROM ticket "
      + "WHERE point_id = $1 AND day = $2";

  /** Measured service times of the day, oldest first, to rebuild each service's moving average. */
  String SERVICE_TIMES = "SELECT queue_service_id, extract(epoch FROM finished_at - started_at)::float8 AS seconds "
      + "FROM ticket WHERE point_id = $1 AND day = $2 AND status = 'COMPLETED' AND started_at IS NOT NULL "
      + "ORDER BY finished_at";

  String COUNTER_SESSIONS = "SELECT counter_id, services, status FROM counter_session WHERE point_id = $1";

  String ACTIVE_APPOINTMENTS = "SELECT id, service_id, to_char(slot, 'HH24:MI') AS slot, place, citizen_id "
      + "FROM appointment WHERE point_id = $1 AND day = $2 AND status <> 'CANCELLED'";

  String UPSERT_QUOTA = "INSERT INTO quota AS q (point_id, service_id, day, walkin_capacity, slot_capacities, version) "
      + "VALUES ($1, $2, $3, $4, $5, 1) "
      + "ON CONFLICT (point_id, service_id, day) DO UPDATE SET "
      + "walkin_capacity = coalesce(EXCLUDED.walkin_capacity, q.walkin_capacity), "
      + "slot_capacities = q.slot_capacities || EXCLUDED.slot_capacities, "
      + "version = q.version + 1, updated_at = now() "
      + "RETURNING walkin_capacity, slot_capacities, version";

  String QUOTA_EVENT = "INSERT INTO event (point_id, day, entity, entity_id, type, data) "
      + "VALUES ($1, $2, 'quota', $3, 'quota-changed', $4)";
}
