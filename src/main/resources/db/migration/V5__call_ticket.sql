-- A counter's call of one ticket, recorded in one round trip (perf/README.md, "Round 4").
--
-- It was a transaction of six round trips: BEGIN, the fence, the counter's session locked, the
-- ticket it has in hand, the update, COMMIT. As a function it is the same steps in the same
-- order, and each runs with a fresh snapshot (READ COMMITTED, a VOLATILE function), so a call
-- that waited for the counter's lock sees what the call before it committed: two calls at one
-- counter still take turns, and the second finds the counter busy.
--
-- Raises QH010 (detail: the current epoch, -1 if never loaded) when the point-day's Redis state is
-- no longer the one the ticket was taken from: nothing is written. Returns the called ticket, or
-- no row when the counter is not open, already has a ticket in hand, or the ticket does not wait
-- (the caller tells which).
CREATE OR REPLACE FUNCTION call_ticket(p_ticket uuid, p_counter text, p_at timestamptz, p_data jsonb,
                                       p_point text, p_day date, p_epoch bigint)
RETURNS SETOF ticket LANGUAGE plpgsql AS $$
DECLARE
  v_epoch bigint;
BEGIN
  SELECT epoch INTO v_epoch FROM redis_epoch WHERE point_id = p_point AND day = p_day FOR SHARE;
  IF v_epoch IS DISTINCT FROM p_epoch THEN
    RAISE EXCEPTION 'the Redis state of % on % was rebuilt', p_point, p_day
      USING ERRCODE = 'QH010', DETAIL = coalesce(v_epoch, -1)::text;
  END IF;
  PERFORM 1 FROM counter_session WHERE point_id = p_point AND counter_id = p_counter AND status = 'open' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM 1 FROM ticket
   WHERE point_id = p_point AND day = p_day AND counter_id = p_counter AND status IN ('CALLED', 'SERVING');
  IF FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY
    WITH t AS (UPDATE ticket SET status = 'CALLED', counter_id = p_counter, called_at = p_at, recalls = 0
                WHERE id = p_ticket AND point_id = p_point AND status = 'WAITING' RETURNING *),
         e AS (INSERT INTO event (point_id, day, entity, entity_id, type, at, data)
               SELECT point_id, day, 'ticket', id::text, 'called', p_at, p_data FROM t)
    SELECT * FROM t;
END $$;
