package com.queuehall.perf.replay;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary's "refused or failed" lines say why, and the same why counts once whatever its numbers. */
class RefusalReasonTest {

  @Test
  @DisplayName("a 400 names its detail with the numbers as #, so late bookings of different slots count together")
  void badRequestsCarryTheirDetail() {
    String at0900 = "{\"title\":\"invalid request\",\"status\":400,"
        + "\"detail\":\"slot 09:00 today has already begun; pick a later slot\"}";
    String at1430 = "{\"title\":\"invalid request\",\"status\":400,"
        + "\"detail\":\"slot 14:30 today has already begun; pick a later slot\"}";
    assertThat(Player.refusal(400, at0900))
        .isEqualTo("invalid request: slot #:# today has already begun; pick a later slot")
        .isEqualTo(Player.refusal(400, at1430));
  }

  @Test
  @DisplayName("any other refusal is its title alone; a body that is not a problem gives an empty reason")
  void othersAreTheirTitle() {
    assertThat(Player.refusal(409, "{\"title\":\"slot full\",\"status\":409,\"detail\":\"slot 09:00 of passport at"
        + " P017 on 2026-07-20 has no place left\"}")).isEqualTo("slot full");
    assertThat(Player.refusal(400, "{\"title\":\"invalid request\",\"status\":400}")).isEqualTo("invalid request");
    assertThat(Player.refusal(502, "<html>bad gateway</html>")).isEmpty();
    assertThat(Player.refusal(400, "{\"title\":\"invalid request\",\"detail\":\"" + "x".repeat(300) + "\"}"))
        .hasSize("invalid request: ".length() + 101).endsWith("…");
  }
}
