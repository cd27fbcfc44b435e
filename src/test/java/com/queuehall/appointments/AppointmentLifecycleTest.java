package com.queuehall.appointments;

import com.queuehall.support.Citizens;
import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.redis.client.Command;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

class AppointmentLifecycleTest extends OneHallPerClass {

  private static final LocalDate TOMORROW = TODAY.plusDays(1);
  private HttpResponse<Buffer> book(LocalDate day, String slot, int citizen) {
    return hall.call(HttpMethod.POST, "/api/v1/appointments", null, Map.of(), new JsonObject()
        .put("pointId", "P001").put("service", "passport").put("day", day.toString()).put("slot", slot)
        .put("citizenId", Citizens.id(citizen)).put("phone", Citizens.phone(citizen)).encode());
  }

  private long remaining(LocalDate day, String slot) {
    JsonObject view = hall.call(HttpMethod.GET, "/api/v1/points/P001/slots?service=passport&day=" + day, null,
            Map.of(), null)
        .bodyAsJsonObject();
    return view.getJsonArray("slots").stream().map(o -> (JsonObject) o)
        .filter(s -> s.getString("slot").equals(slot)).findFirst().orElseThrow().getLong("remaining");
  }

  private HttpResponse<Buffer> checkIn(String point, String code) {
    return hall.call(HttpMethod.POST, "/api/v1/points/" + point + "/check-ins", hall.kioskToken(point), Map.of(),
        new JsonObject().put("code", code).encode());
  }

  @Test
  @DisplayName("a booking answers 201 with an id and a check-in code, and takes one place of its slot")
  void bookTakesAPlace() {
    long before = remaining(TOMORROW, "09:00");
    HttpResponse<Buffer> r = book(TOMORROW, "09:00", 1);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject a = r.bodyAsJsonObject();
    assertThat(a.getString("id")).isNotBlank();
    assertThat(a.getString("checkInCode")).matches("[0-9A-Z]{8}");
    assertThat(a.getString("status")).isEqualTo("BOOKED");
    assertThat(a.getString("citizenId")).doesNotContain(Citizens.id(1).substring(6, 14));
    assertThat(remaining(TOMORROW, "09:00")).isEqualTo(before - 1);
  }

  @Test
  @DisplayName("a second active appointment for the same citizen, service and day is refused with 409")
  void oneAppointmentPerCitizen() {
    assertThat(book(TOMORROW, "09:00", 7).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = book(TOMORROW, "14:00", 7);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("title")).isEqualTo("citizen already has an appointment");
    assertThat(Stores.count("SELECT count(*) FROM appointment")).isEqualTo(1);
  }

  @Test
  @DisplayName("a full slot answers 409, and cancelling gives its place back to the next citizen")
  void cancelGivesThePlaceBack() {
    hall.setQuota("P001", "passport", TOMORROW, new JsonObject().put("slots", new JsonObject().put("15:00", 1)));
    JsonObject first = book(TOMORROW, "15:00", 1).bodyAsJsonObject();
    HttpResponse<Buffer> full = book(TOMORROW, "15:00", 2);
    assertThat(full.statusCode()).isEqualTo(409);
    assertThat(full.bodyAsJsonObject().getString("title")).isEqualTo("slot full");

    HttpResponse<Buffer> cancelled = hall.call(HttpMethod.DELETE, "/api/v1/appointments/" + first.getString("id"),
        null, Map.of(), null);
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(remaining(TOMORROW, "15:00")).isEqualTo(1);
    HttpResponse<Buffer> again = hall.call(HttpMethod.DELETE, "/api/v1/appointments/" + first.getString("id"), null,
        Map.of(), null);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(remaining(TOMORROW, "15:00")).isEqualTo(1);

    assertThat(book(TOMORROW, "15:00", 2).statusCode()).isEqualTo(201);
    assertThat(book(TOMORROW, "15:00", 1).statusCode()).as("the place is taken again").isEqualTo(409);
    assertThat(Stores.count("SELECT count(*) FROM event WHERE entity = 'appointment' AND type = 'cancelled'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a citizen Redis remembers without any appointment in Postgres (a lost release) can still book")
  void orphanedCitizenIsHealed() {
    assertThat(book(TOMORROW, "09:00", 30).statusCode()).isEqualTo(201);
    Stores.redis(Command.HSET, "qh:{P001:" + TOMORROW + "}:cit", "passport:" + Citizens.id(31),
        UUID.randomUUID().toString());
    HttpResponse<Buffer> r = book(TOMORROW, "09:30", 31);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(book(TOMORROW, "10:00", 31).statusCode()).as("and only once").isEqualTo(409);
  }

  @Test
  @DisplayName("a cancelled citizen may book again the same day")
  void cancelledCitizenMayBookAgain() {
    JsonObject first = book(TOMORROW, "09:00", 3).bodyAsJsonObject();
    hall.call(HttpMethod.DELETE, "/api/v1/appointments/" + first.getString("id"), null, Map.of(), null);
    assertThat(book(TOMORROW, "16:00", 3).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("checking in on the day issues an appointment ticket with its own number; "
      + "the same code again returns the same ticket")
  void checkIn() {
    JsonObject appointment = book(TODAY, "11:00", 4).bodyAsJsonObject();
    HttpResponse<Buffer> first = checkIn("P001", appointment.getString("checkInCode"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    JsonObject ticket = first.bodyAsJsonObject();
    assertThat(ticket.getString("number")).isEqualTo("A001");
    assertThat(ticket.getString("status")).isEqualTo("WAITING");
    assertThat(ticket.getBoolean("fromAppointment")).isTrue();
    assertThat(ticket.getString("appointmentId")).isEqualTo(appointment.getString("id"));

    HttpResponse<Buffer> second = checkIn("P001", appointment.getString("checkInCode").toLowerCase());
    assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(ticket.getString("id"));
    assertThat(second.getHeader("Idempotent-Replayed")).isEqualTo("true");

    JsonObject walkIn = Stores.await(hall.issue("P001", "passport", "after-check-in")).bodyAsJsonObject();
    assertThat(walkIn.getString("number")).as("walk-ins and check-ins share the prefix's numbers").isEqualTo("A002");
    assertThat(Stores.count("SELECT count(*) FROM appointment WHERE status = 'CHECKED_IN'")).isEqualTo(1);
    HttpResponse<Buffer> cancel = hall.call(HttpMethod.DELETE, "/api/v1/appointments/" + appointment.getString("id"),
        null, Map.of(), null);
    assertThat(cancel.statusCode()).as("a checked-in appointment cannot be cancelled").isEqualTo(409);
  }

  @Test
  @DisplayName("twenty kiosks checking the same code in at once get one and the same ticket")
  void concurrentCheckIns() {
    String code = book(TODAY, "12:00", 5).bodyAsJsonObject().getString("checkInCode");
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(hall.send(HttpMethod.POST, "/api/v1/points/P001/check-ins", hall.kioskToken("P001"), Map.of(),
          new JsonObject().put("code", code).encode()));
    }
    Stores.await(Future.join(answers));
    assertThat(answers).allMatch(f -> f.result().statusCode() == 201);
    assertThat(answers.stream().map(f -> f.result().bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(1);
  }

  @Test
  @DisplayName("check-in is refused at another point, on another day, and after cancelling")
  void checkInRefusals() {
    JsonObject tomorrow = book(TOMORROW, "09:00", 6).bodyAsJsonObject();
    assertThat(checkIn("P001", tomorrow.getString("checkInCode")).bodyAsJsonObject().getString("title"))
        .isEqualTo("not the appointment day");
    JsonObject today = book(TODAY, "13:00", 8).bodyAsJsonObject();
    HttpResponse<Buffer> elsewhere = checkIn("P002", today.getString("checkInCode"));
    assertThat(elsewhere.statusCode()).isEqualTo(409);
    assertThat(elsewhere.bodyAsJsonObject().getString("title")).isEqualTo("wrong point");
    hall.call(HttpMethod.DELETE, "/api/v1/appointments/" + today.getString("id"), null, Map.of(), null);
    assertThat(checkIn("P001", today.getString("checkInCode")).bodyAsJsonObject().getString("title"))
        .isEqualTo("appointment cancelled");
    assertThat(Stores.count("SELECT count(*) FROM ticket")).isZero();
  }
}
