package com.queuehall.appointments;

import com.queuehall.support.Citizens;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BookingConcurrencyTest {

  private static final int REQUESTS = 5_000;
  private static final int SLOTS = 20;
  private static final int PER_SLOT = 50;
  private static final LocalDate DAY = TestHall.TODAY.plusDays(1);

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("5,000 bookings, 10% from citizens who already tried, for 1,000 places give exactly 1,000 appointments "
      + "and no citizen twice")
  void exactlyTheGrid() {
    try (TestHall hall = TestHall.start()) {
      List<String> slots = gridOfOneThousand(hall);
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>(REQUESTS);
      for (int i = 0; i < REQUESTS; i++) {
        int citizen = i % 10 == 9 ? i - 5 : i; // every tenth request repeats a citizen from just before
        answers.add(hall.send(HttpMethod.POST, "/api/v1/appointments", null, Map.of(), new JsonObject()
            .put("pointId", "P001").put("service", "passport").put("day", DAY.toString())
            .put("slot", slots.get(i % SLOTS)).put("citizenId", Citizens.id(citizen))
            .put("phone", Citizens.phone(citizen)).encode()));
      }
      Stores.await(Future.join(answers));

      Map<String, Integer> perSlot = new HashMap<>();
      Set<String> codes = new HashSet<>();
      int booked = 0;
      for (Future<HttpResponse<Buffer>> f : answers) {
        HttpResponse<Buffer> r = f.result();
        if (r.statusCode() == 201) {
          booked++;
          JsonObject a = r.bodyAsJsonObject();
          perSlot.merge(a.getString("slot"), 1, Integer::sum);
          assertThat(codes.add(a.getString("checkInCode"))).isTrue();
        } else {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
          assertThat(r.bodyAsJsonObject().getString("title")).isIn("slot full", "citizen already has an appointment");
        }
      }
      assertThat(booked).isEqualTo(SLOTS * PER_SLOT);
      assertThat(perSlot.values()).allMatch(n -> n == PER_SLOT);
      assertThat(Stores.count("SELECT count(*) FROM appointment WHERE status = 'BOOKED'")).isEqualTo(1_000);
      assertThat(Stores.count("SELECT count(DISTINCT citizen_id) FROM appointment WHERE status = 'BOOKED'"))
          .isEqualTo(1_000);
      assertThat(Stores.count("SELECT count(DISTINCT (slot, place)) FROM appointment")).isEqualTo(1_000);
      assertThat(Stores.count("SELECT max(place) FROM appointment")).isEqualTo(PER_SLOT);
      assertThat(Stores.count("SELECT count(*) FROM event WHERE entity = 'appointment' AND type = 'booked'"))
          .isEqualTo(1_000);

      JsonObject view = hall.call(HttpMethod.GET, "/api/v1/points/P001/slots?service=passport&day=" + DAY, null,
              Map.of(), null)
          .bodyAsJsonObject();
      view.getJsonArray("slots").stream().map(o -> (JsonObject) o)
          .forEach(s -> assertThat(s.getLong("remaining")).as(s.encode()).isZero());
    }
  }

  /** 20 slots of 50 places; the rest of the day's grid closed. */
  private static List<String> gridOfOneThousand(TestHall hall) {
    JsonObject caps = new JsonObject();
    List<String> open = new ArrayList<>();
    var grid = hall.server().catalog().point("P001").orElseThrow().service("passport").orElseThrow().service().grid();
    for (String slot : grid.slots()) {
      boolean isOpen = open.size() < SLOTS;
      caps.put(slot, isOpen ? PER_SLOT : 0);
      if (isOpen) open.add(slot);
    }
    assertThat(hall.setQuota("P001", "passport", DAY, new JsonObject().put("slots", caps)).statusCode()).isEqualTo(200);
    return open;
  }
}
