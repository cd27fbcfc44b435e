-- Counters and calling: where a ticket waits now, who called it, and each step's time.

ALTER TABLE ticket ADD COLUMN queue_service_id text;
ALTER TABLE ticket ADD COLUMN arrived_at timestamptz;
UPDATE ticket SET queue_service_id = service_id, arrived_at = issued_at;
ALTER TABLE ticket ALTER COLUMN queue_service_id SET NOT NULL;
ALTER TABLE ticket ALTER COLUMN arrived_at SET NOT NULL;
ALTER TABLE ticket ADD CONSTRAINT ticket_queue_service
  FOREIGN KEY (point_id, queue_service_id) REFERENCES point_service (point_id, service_id);

-- When an appointment ticket's slot begins; null for walk-ins.
ALTER TABLE ticket ADD COLUMN slot_start timestamptz;
ALTER TABLE ticket ADD COLUMN counter_id text;
ALTER TABLE ticket ADD COLUMN recalls int NOT NULL DEFAULT 0 CHECK (recalls >= 0);
ALTER TABLE ticket ADD COLUMN called_at timestamptz;
ALTER TABLE ticket ADD COLUMN started_at timestamptz;
ALTER TABLE ticket ADD COLUMN finished_at timestamptz;
CREATE INDEX ticket_waiting ON ticket (point_id, day, queue_service_id) WHERE status = 'WAITING';

-- A ticket moves only along the lifecycle; anything else is refused here too.
CREATE FUNCTION ticket_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status AND NEW.status <> 'CALLED' AND NEW.status <> 'WAITING' THEN
    RAISE EXCEPTION 'ticket % is already %', OLD.id, OLD.status USING ERRCODE = 'QH003';
  END IF;
  IF NOT ((OLD.status, NEW.status) IN (
      ('WAITING', 'CALLED'), ('WAITING', 'WAITING'), ('CALLED', 'CALLED'), ('CALLED', 'SERVING'),
      ('CALLED', 'NO_SHOW'), ('CALLED', 'WAITING'), ('SERVING', 'COMPLETED'), ('SERVING', 'WAITING'))) THEN
    RAISE EXCEPTION 'ticket % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'QH003';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ticket_transition BEFORE UPDATE OF status ON ticket
  FOR EACH ROW EXECUTE FUNCTION ticket_transition();

ALTER TABLE event DROP CONSTRAINT event_entity_check;
ALTER TABLE event ADD CONSTRAINT event_entity_check CHECK (entity IN ('ticket', 'appointment', 'quota', 'counter'));

CREATE TABLE counter_session (
  point_id   text NOT NULL,
  counter_id text NOT NULL,
  services   text[] NOT NULL,
  status     text NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (point_id, counter_id),
  FOREIGN KEY (point_id, counter_id) REFERENCES counter (point_id, id)
);
