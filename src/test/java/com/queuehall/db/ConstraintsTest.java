package com.queuehall.db;

import com.queuehall.support.Citizens;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every invariant Redis keeps is also a Postgres constraint: written straight in SQL, a violation is refused. */
class ConstraintsTest {

  private static final LocalDate DAY = TestHall.TODAY.plusDays(1);

  @BeforeAll
  static void schema() {
    TestHall.start().close(); // migrations and catalog
  }

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  private static void walkIn(int number, int place, String key) {
    Stores.sql("INSERT INTO ticket (id, point_id, service_id, queue_service_id, day, prefix, number, kind, "
        + "walkin_place, status, idempotency_key, arrived_at) "
        + "VALUES ($1, 'P001', 'passport', 'passport', $2, 'A', $3, 'WALK_IN', $4, 'WAITING', $5, now())",
        UUID.randomUUID(), DAY, number, place, key);
  }

  private static void appointment(int citizen, String slot, int place, String status) {
    Stores.sql("INSERT INTO appointment (id, point_id, service_id, day, slot, place, citizen_id, phone, code, status) "
            + "VALUES ($1, 'P001', 'passport', $2, $3, $4, $5, '13800000000', $6, $7)",
        UUID.randomUUID(), DAY, LocalTime.parse(slot), place, Citizens.id(citizen),
        UUID.randomUUID().toString().substring(0, 8), status);
  }

  @Test
  @DisplayName("a ticket number is unique per point, prefix and day")
  void numberUnique() {
    walkIn(1, 1, "a");
    assertThatThrownBy(() -> walkIn(1, 2, "b")).hasMessageContaining("ticket_number_unique");
  }

  @Test
  @DisplayName("an idempotency key makes at most one ticket per point")
  void idempotencyKeyUnique() {
    walkIn(1, 1, "same");
    assertThatThrownBy(() -> walkIn(2, 2, "same")).hasMessageContaining("ticket_idempotency_unique");
  }

  @Test
  @DisplayName("a walk-in place is held once, and never beyond the walk-in quota")
  void walkInPlaces() {
    walkIn(1, 1, "a");
    assertThatThrownBy(() -> walkIn(2, 1, "b")).hasMessageContaining("ticket_walkin_place_unique");
    assertThatThrownBy(() -> walkIn(3, 37, "c")).hasMessageContaining("walk-in quota exhausted"); // default quota 36
  }

  @Test
  @DisplayName("a citizen holds one active appointment per service and day; a cancelled one does not count")
  void oneAppointmentPerCitizen() {
    appointment(1, "09:00", 1, "CANCELLED");
    appointment(1, "09:00", 2, "BOOKED");
    assertThatThrownBy(() -> appointment(1, "10:00", 1, "BOOKED")).hasMessageContaining("appointment_one_per_citizen");
    assertThat(Stores.count("SELECT count(*) FROM appointment")).isEqualTo(2);
  }

  @Test
  @DisplayName("a slot place is held by one active appointment and never beyond the slot's capacity")
  void slotPlaces() {
    appointment(1, "09:00", 1, "BOOKED");
    assertThatThrownBy(() -> appointment(2, "09:00", 1, "BOOKED")).hasMessageContaining("appointment_place");
    assertThatThrownBy(() -> appointment(3, "09:00", 5, "BOOKED"))
        .hasMessageContaining("is full"); // default capacity 4
  }

  @Test
  @DisplayName("a ticket moves only along its lifecycle: WAITING cannot jump to SERVING or COMPLETED, "
      + "nor a COMPLETED ticket go back")
  void lifecycle() {
    walkIn(1, 1, "a");
    for (String skipped : List.of("SERVING", "COMPLETED", "NO_SHOW")) {
      assertThatThrownBy(() -> Stores.sql("UPDATE ticket SET status = $1", skipped))
          .hasMessageContaining("cannot go from WAITING to " + skipped);
    }
    Stores.sql("UPDATE ticket SET status = 'CALLED'");
    Stores.sql("UPDATE ticket SET status = 'SERVING'");
    Stores.sql("UPDATE ticket SET status = 'COMPLETED'");
    for (String back : List.of("WAITING", "CALLED", "SERVING", "NO_SHOW", "COMPLETED")) {
      assertThatThrownBy(() -> Stores.sql("UPDATE ticket SET status = $1", back)).hasMessageContaining("COMPLETED");
    }
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE status = 'COMPLETED'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a call is recorded only behind the fence, at an open counter with nothing in hand: "
      + "a stale epoch raises QH010 with the current one and writes nothing; a closed or busy counter calls nothing")
  void callTicket() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    for (UUID id : List.of(first, second)) {
      Stores.sql("INSERT INTO ticket (id, point_id, service_id, queue_service_id, day, prefix, number, kind, "
          + "walkin_place, status, idempotency_key, arrived_at) VALUES ($1, 'P001', 'passport', 'passport', $2, 'A', "
          + "$3, 'WALK_IN', $3, 'WAITING', $4, now())", id, DAY, id == first ? 1 : 2, id.toString());
    }
    Stores.sql("INSERT INTO redis_epoch (point_id, day, epoch) VALUES ('P001', $1, 3)", DAY);
    String call = "SELECT * FROM call_ticket($1, 'C01', now(), '{}'::jsonb, 'P001', $2, $3)";

    assertThat(Stores.sql(call, first, DAY, 3L).size()).as("C01 never opened").isZero();
    Stores.sql("INSERT INTO counter_session (point_id, counter_id, services, status, updated_at) "
        + "VALUES ('P001', 'C01', ARRAY['passport'], 'open', now())");
    assertThatThrownBy(() -> Stores.sql(call, first, DAY, 2L)).cause()
        .isInstanceOfSatisfying(io.vertx.pgclient.PgException.class, e -> {
          assertThat(e.getSqlState()).isEqualTo("QH010");
          assertThat(Writer.staleEpoch(e, 2)).isInstanceOf(StaleEpoch.class)
              .hasMessageContaining("epoch 3, reservation of 2");
        });
    assertThat(Stores.count("SELECT count(*) FROM event")).isZero();
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE status = 'WAITING'")).isEqualTo(2);

    assertThat(Stores.sql(call, first, DAY, 3L).iterator().next().getString("status")).isEqualTo("CALLED");
    assertThat(Stores.sql(call, second, DAY, 3L).size()).as("C01 has the first in hand").isZero();
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE status = 'WAITING' AND id = $1", second)).isEqualTo(1);
    assertThat(Stores.count("SELECT count(*) FROM event WHERE type = 'called'")).isEqualTo(1);
  }
}
