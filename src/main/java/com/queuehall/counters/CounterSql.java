package com.queuehall.counters;

import com.queuehall.tickets.TicketSql;

/** SQL of counters and calling. Each transition is one conditional statement with its event row. */
public interface CounterSql {

  /** A counter's session, in the columns Sessions.from reads. */
  String SESSION = "SELECT status AS session_status, services AS session_services FROM counter_session "
      + "WHERE point_id = $1 AND counter_id = $2";

  /** The ticket a counter has in hand (called or being served) today, if any. */
  String IN_HAND = "SELECT " + TicketSql.COLUMNS + " FROM ticket WHERE point_id = $1 AND day = $2 AND counter_id = $3 "
      + "AND status IN ('CALLED', 'SERVING')";

  /**
   * A counter's session set, with its event row, in one statement (so it goes with the other writes
   * of its event loop in one group commit): $1 point, $2 day, $3 counter, $4 services, $5 status, $6
   * time, $7 event data. One row: the ticket the counter has in hand today (its columns, null if none).
   */
  String SET_SESSION = "WITH s AS (INSERT INTO counter_session (point_id, counter_id, services, status, updated_at) "
      + "VALUES ($1, $3, $4, $5, $6) ON CONFLICT (point_id, counter_id) DO UPDATE SET services = EXCLUDED.services, "
      + "status = EXCLUDED.status, updated_at = EXCLUDED.updated_at RETURNING counter_id, status) "
      + ", e AS (INSERT INTO event (point_id, day, entity, entity_id, type, at, data) "
      + "SELECT $1, $2, 'counter', counter_id, 'counter-' || status, $6, $7 FROM s) "
      + "SELECT t.* FROM s LEFT JOIN LATERAL (" + IN_HAND + " LIMIT 1) t ON true";

  /**
   * $1 point, $2 day, $3 counter: one row, the counter's session (session_status and
   * session_services, null if never opened) and, while it is open, the ticket it has in hand (its
   * columns, null if none).
   */
  String SESSION_IN_HAND = "SELECT s.status AS session_status, s.services AS session_services, t.* "
      + "FROM (SELECT 1) AS one "
      + "LEFT JOIN counter_session s ON s.point_id = $1 AND s.counter_id = $3 "
      + "LEFT JOIN LATERAL (" + IN_HAND + " LIMIT 1) t ON s.status = 'open'";

  /**
   * A transition: $1 ticket, $2 counter, $3 time, $4 event type, $5 event data, $6 the point whose
   * counter acts (counter ids repeat across points); the WHERE of each transition names the states
   * it may start from, so anything else changes no row. The row also carries the counter's session
   * (session_status, session_services; null if never opened), which the live event shows.
   */
  static String transition(String set, String where) {
    return "WITH t AS (UPDATE ticket SET " + set + " WHERE id = $1 AND point_id = $6 AND " + where
        + " RETURNING " + TicketSql.COLUMNS + ") "
        + ", e AS (INSERT INTO event (point_id, day, entity, entity_id, type, at, data) "
        + "SELECT point_id, day, 'ticket', id::text, $4, $3, $5 FROM t) "
        + "SELECT t.*, s.status AS session_status, s.services AS session_services FROM t "
        + "LEFT JOIN counter_session s ON s.point_id = t.point_id AND s.counter_id = $2";
  }

  /**
   * A call, recorded behind the fence once the counter is locked and found open with nothing in
   * hand (V5__call_ticket.sql): $1 ticket, $2 counter, $3 time, $4 event data, $5 point, $6 day, $7
   * the epoch the ticket was taken at.
   */
  String CALL = "SELECT * FROM call_ticket($1, $2, $3, $4, $5, $6, $7)";
  /** $7 the point's recall limit. */
  String RECALL = transition("recalls = recalls + 1", "status = 'CALLED' AND counter_id = $2 AND recalls < $7");
  String NO_SHOW = transition("status = 'NO_SHOW', finished_at = $3",
      "status = 'CALLED' AND counter_id = $2 AND recalls >= $7");
  String START = transition("status = 'SERVING', started_at = $3", "status = 'CALLED' AND counter_id = $2");
  String COMPLETE = transition("status = 'COMPLETED', finished_at = $3", "status = 'SERVING' AND counter_id = $2");
  /** $7 the service whose queue the ticket joins. */
  String TRANSFER = transition("status = 'WAITING', queue_service_id = $7, counter_id = NULL, recalls = 0, "
      + "called_at = NULL, started_at = NULL",
      "status IN ('CALLED', 'SERVING') AND counter_id = $2 AND queue_service_id <> $7");
}
