package com.queuehall.tickets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketDisplayTest {

  @Test
  @DisplayName("a printed number is the prefix and at least three digits, as String.format(\"%03d\") gave")
  void printedNumbers() {
    for (int n = 0; n <= 20_000; n++) {
      assertThat(Ticket.display("A", n)).as("number %d", n).isEqualTo("A" + String.format("%03d", n));
    }
    assertThat(Ticket.display("C", 7)).isEqualTo("C007");
    assertThat(Ticket.display("B", 1234)).isEqualTo("B1234");
  }
}
