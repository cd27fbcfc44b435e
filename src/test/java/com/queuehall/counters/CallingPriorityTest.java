package com.queuehall.counters;

import com.queuehall.support.CounterTerminal;
import com.queuehall.support.Kiosk;
import com.queuehall.support.OneHallOnMovableClock;
import com.queuehall.support.Records;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.queuehall.support.Refusals.assertProblem;
import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calling rule as a counter lives it, with a clock the test moves: the green channel first,
 * then appointments whose slot has begun, then walk-ins by arrival; an early check-in queues as a
 * walk-in 15 minutes later; a ticket that waited 90 minutes goes before everything.
 */
class CallingPriorityTest extends OneHallOnMovableClock {


  private final Kiosk kiosk = Kiosk.at(hall, "P001");
  private final CounterTerminal c01 = CounterTerminal.at(hall, "P001", "C01");

  @BeforeEach
  void reset() {
    c01.opens("passport");
  }

  /** Issues a passport ticket now; its number. */
  private String passport(boolean green) {
    return (green ? kiosk.green("passport") : kiosk.walkIn("passport")).getString("number");
  }

  @Test
  @DisplayName("a green-channel ticket is called before walk-ins who came earlier")
  void greenFirst() {
    passport(false);
    at("10:01");
    passport(false);
    at("10:02");
    assertThat(passport(true)).isEqualTo("A003");

    assertThat(c01.callAll()).containsExactly("A003", "A001", "A002");
  }

  @Test
  @DisplayName("once its slot has begun, an appointment goes before walk-ins who came before it, "
      + "after the green channel")
  void appointmentAfterItsSlotBegins() {
    String code = kiosk.book("passport", TODAY, "10:30", 1);
    passport(false);
    at("10:10");
    passport(false);
    at("10:20");
    assertThat(kiosk.checkIn(code).getString("number")).isEqualTo("A003");
    at("10:25");
    passport(true);

    at("10:30");
    assertThat(c01.callAll()).containsExactly("A004", "A003", "A001", "A002");
  }

  @Test
  @DisplayName("an appointment checked in before its slot goes ahead of walk-ins who came more than 15 minutes after "
      + "its check-in, not of those who came earlier")
  void earlyCheckInGrace() {
    String code = kiosk.book("passport", TODAY, "11:00", 1);
    passport(false); // A001 at 10:00, before the check-in
    at("10:05");
    assertThat(kiosk.checkIn(code).getString("number")).isEqualTo("A002");
    at("10:15");
    passport(false); // A003, 10 minutes after the check-in
    at("10:25");
    passport(false); // A004, 20 minutes after the check-in

    at("10:30");
    assertThat(c01.callAll()).containsExactly("A001", "A003", "A002", "A004");
  }

  @Test
  @DisplayName("a ticket that has waited 90 minutes goes before the green channel and begun appointments; "
      + "at 89 minutes it does not")
  void maxWaitFirst() {
    String code = kiosk.book("passport", TODAY, "11:00", 1);
    passport(false); // A001 at 10:00
    at("10:45");
    passport(true); // A002 green
    at("10:50");
    kiosk.checkIn(code); // A003, slot 11:00
    at("10:55");
    passport(false); // A004

    at("11:29");
    JsonObject first = c01.next();
    assertThat(first.getString("number")).as("A001 has waited 89 minutes").isEqualTo("A002");
    c01.serve(first.getString("id"));

    at("11:30");
    assertThat(c01.callAll()).as("A001 has waited 90 minutes").containsExactly("A001", "A003", "A004");
  }

  @Test
  @DisplayName("a counter calls only the services of its session, across all of them by one rule")
  void onlyItsServices() {
    passport(true); // A001 green passport
    passport(false); // A002
    at("10:05");
    assertThat(kiosk.walkIn("hkmo-permit").getString("number")).isEqualTo("B001");
    c01.opens("hkmo-permit");

    assertThat(c01.callAll()).containsExactly("B001");
    assertThat(c01.callNext().statusCode()).as("passport tickets wait, but not for this counter").isEqualTo(204);

    c01.opens("passport", "hkmo-permit");
    at("10:06");
    kiosk.walkIn("hkmo-permit"); // B002, after A002
    assertThat(c01.callAll()).containsExactly("A001", "A002", "B002");
  }

  @Test
  @DisplayName("a paused, closed or never opened counter calls nobody: 409, and the ticket keeps waiting")
  void onlyWhileOpen() {
    String id = kiosk.walkIn("passport").getString("id");
    CounterTerminal c02 = CounterTerminal.at(hall, "P001", "C02");
    HttpResponse<Buffer> never = c02.callNext();
    assertThat(assertProblem(never, 409).getString("title")).isEqualTo("counter not open");
    for (String status : List.of("paused", "closed")) {
      assertThat(c01.session(status, "passport").statusCode()).isEqualTo(200);
      assertThat(assertProblem(c01.callNext(), 409).getString("title")).as(status).isEqualTo("counter not open");
      assertThat(assertProblem(c01.call("A001"), 409).getString("title")).as(status).isEqualTo("counter not open");
    }
    assertThat(Records.status(id)).isEqualTo("WAITING");
    assertThat(c01.opens("passport").next().getString("id")).isEqualTo(id);
  }
}
