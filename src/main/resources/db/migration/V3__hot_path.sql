-- The insert path, measured (perf/README.md, "What each change bought").

-- The capacity functions run for every ticket and appointment row (the quota triggers). As SQL
-- functions called from PL/pgSQL they were planned again on every call (11 % of Postgres's CPU
-- while issuing); PL/pgSQL keeps its plans for the session. Same answers: the day's adjustment,
-- else the catalog default.
CREATE OR REPLACE FUNCTION walkin_capacity(p text, s text, d date) RETURNS int LANGUAGE plpgsql STABLE AS $$
DECLARE
  c int;
BEGIN
  SELECT q.walkin_capacity INTO c FROM quota q WHERE q.point_id = p AND q.service_id = s AND q.day = d;
  IF c IS NULL THEN
    SELECT ps.walkin_quota INTO c FROM point_service ps WHERE ps.point_id = p AND ps.service_id = s;
  END IF;
  RETURN c;
END $$;

CREATE OR REPLACE FUNCTION slot_capacity(p text, s text, d date, t time) RETURNS int LANGUAGE plpgsql STABLE AS $$
DECLARE
  c int;
BEGIN
  SELECT (q.slot_capacities ->> to_char(t, 'HH24:MI'))::int INTO c FROM quota q
   WHERE q.point_id = p AND q.service_id = s AND q.day = d;
  IF c IS NULL THEN
    SELECT ps.slot_capacity INTO c FROM point_service ps WHERE ps.point_id = p AND ps.service_id = s;
  END IF;
  RETURN c;
END $$;

-- (point_id, day) is the leading part of ticket_number_unique, which serves the same lookups:
-- one index fewer to write per ticket.
DROP INDEX ticket_point_day;
