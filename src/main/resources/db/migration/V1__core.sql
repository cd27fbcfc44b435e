-- Queuehall core schema: the catalog, number sources (quota), tickets, appointments and their history.
-- Postgres is the truth; every invariant Redis keeps is backed here by a constraint.

CREATE TABLE service (
  id              text PRIMARY KEY,
  line            text NOT NULL CHECK (line IN ('exit-entry', 'household', 'traffic')),
  name            text NOT NULL,
  prefix          char(1) NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z]$'),
  walkin_quota    int  NOT NULL CHECK (walkin_quota >= 0),
  slot_start      time NOT NULL,
  slot_end        time NOT NULL,
  slot_minutes    int  NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
  slot_capacity   int  NOT NULL CHECK (slot_capacity >= 0),
  service_minutes int  NOT NULL CHECK (service_minutes > 0)
);

CREATE TABLE point (
  id        text PRIMARY KEY CHECK (id ~ '^P[0-9]{3}$'),
  name      text NOT NULL,
  district  text NOT NULL,
  timezone  text NOT NULL,
  active    boolean NOT NULL DEFAULT true
);

CREATE TABLE point_service (
  point_id      text NOT NULL REFERENCES point (id),
  service_id    text NOT NULL REFERENCES service (id),
  walkin_quota  int  NOT NULL CHECK (walkin_quota >= 0),
  slot_capacity int  NOT NULL CHECK (slot_capacity >= 0),
  PRIMARY KEY (point_id, service_id)
);

CREATE TABLE kiosk (
  id       text PRIMARY KEY,
  point_id text NOT NULL REFERENCES point (id)
);

CREATE TABLE counter (
  point_id text NOT NULL REFERENCES point (id),
  id       text NOT NULL,
  services text[] NOT NULL,
  PRIMARY KEY (point_id, id)
);

-- A hall's adjustment of one day's number source. NULL parts fall back to the catalog default.
CREATE TABLE quota (
  point_id         text NOT NULL,
  service_id       text NOT NULL,
  day              date NOT NULL,
  walkin_capacity  int CHECK (walkin_capacity >= 0),
  slot_capacities  jsonb NOT NULL DEFAULT '{}'::jsonb,
  version          bigint NOT NULL DEFAULT 1,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (point_id, service_id, day),
  FOREIGN KEY (point_id, service_id) REFERENCES point_service (point_id, service_id)
);

-- Fencing token for the Redis state of one point and day. A rebuild bumps it; a write made
-- from a reservation of an older epoch is refused, so a rebuild never double-counts.
CREATE TABLE redis_epoch (
  point_id text NOT NULL REFERENCES point (id),
  day      date NOT NULL,
  epoch    bigint NOT NULL,
  PRIMARY KEY (point_id, day)
);

CREATE TABLE appointment (
  id          uuid PRIMARY KEY,
  point_id    text NOT NULL,
  service_id  text NOT NULL,
  day         date NOT NULL,
  slot        time NOT NULL,
  place       int  NOT NULL CHECK (place >= 1),
  citizen_id  char(18) NOT NULL,
  phone       text NOT NULL,
  code        text NOT NULL UNIQUE,
  status      text NOT NULL CHECK (status IN ('BOOKED', 'CHECKED_IN', 'CANCELLED')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (point_id, service_id) REFERENCES point_service (point_id, service_id)
);
-- One active appointment per citizen, service and day (anywhere in the city).
CREATE UNIQUE INDEX appointment_one_per_citizen ON appointment (citizen_id, service_id, day)
  WHERE status <> 'CANCELLED';
-- A place in a slot is held by at most one active appointment.
CREATE UNIQUE INDEX appointment_place ON appointment (point_id, service_id, day, slot, place)
  WHERE status <> 'CANCELLED';

CREATE TABLE ticket (
  id              uuid PRIMARY KEY,
  point_id        text NOT NULL,
  service_id      text NOT NULL,
  day             date NOT NULL,
  prefix          char(1) NOT NULL,
  number          int  NOT NULL CHECK (number >= 1),
  kind            text NOT NULL CHECK (kind IN ('WALK_IN', 'APPOINTMENT')),
  walkin_place    int CHECK (walkin_place >= 1),
  appointment_id  uuid UNIQUE REFERENCES appointment (id),
  green           boolean NOT NULL DEFAULT false,
  status          text NOT NULL CHECK (status IN ('WAITING', 'CALLED', 'SERVING', 'COMPLETED', 'NO_SHOW')),
  idempotency_key text,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (point_id, service_id) REFERENCES point_service (point_id, service_id),
  CONSTRAINT ticket_number_unique UNIQUE (point_id, day, prefix, number),
  CONSTRAINT ticket_idempotency_unique UNIQUE (point_id, idempotency_key),
  CONSTRAINT ticket_walkin_place_unique UNIQUE (point_id, service_id, day, walkin_place),
  CHECK ((kind = 'WALK_IN') = (walkin_place IS NOT NULL)),
  CHECK ((kind = 'APPOINTMENT') = (appointment_id IS NOT NULL))
);
CREATE INDEX ticket_point_day ON ticket (point_id, day);

-- One row per change, committed with the change itself.
CREATE TABLE event (
  id         bigserial PRIMARY KEY,
  point_id   text NOT NULL,
  day        date NOT NULL,
  entity     text NOT NULL CHECK (entity IN ('ticket', 'appointment', 'quota')),
  entity_id  text NOT NULL,
  type       text NOT NULL,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  data       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX event_entity ON event (entity, entity_id);

-- The capacity in force, as Postgres knows it: the day's adjustment, else the catalog default.
CREATE FUNCTION walkin_capacity(p text, s text, d date) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT q.walkin_capacity FROM quota q
                    WHERE q.point_id = p AND q.service_id = s AND q.day = d),
                  (SELECT ps.walkin_quota FROM point_service ps
                    WHERE ps.point_id = p AND ps.service_id = s))
$$;

CREATE FUNCTION slot_capacity(p text, s text, d date, t time) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT (q.slot_capacities ->> to_char(t, 'HH24:MI'))::int FROM quota q
                    WHERE q.point_id = p AND q.service_id = s AND q.day = d),
                  (SELECT ps.slot_capacity FROM point_service ps
                    WHERE ps.point_id = p AND ps.service_id = s))
$$;

-- Places are numbered 1..capacity, so a unique place plus this check is the quota constraint.
CREATE FUNCTION ticket_within_quota() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'WALK_IN' AND NEW.walkin_place > walkin_capacity(NEW.point_id, NEW.service_id, NEW.day) THEN
    RAISE EXCEPTION 'walk-in quota exhausted for % % %', NEW.point_id, NEW.service_id, NEW.day
      USING ERRCODE = 'QH001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ticket_within_quota BEFORE INSERT ON ticket
  FOR EACH ROW EXECUTE FUNCTION ticket_within_quota();

CREATE FUNCTION appointment_within_slot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.place > slot_capacity(NEW.point_id, NEW.service_id, NEW.day, NEW.slot) THEN
    RAISE EXCEPTION 'slot % % % % is full', NEW.point_id, NEW.service_id, NEW.day, NEW.slot
      USING ERRCODE = 'QH002';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER appointment_within_slot BEFORE INSERT ON appointment
  FOR EACH ROW EXECUTE FUNCTION appointment_within_slot();
