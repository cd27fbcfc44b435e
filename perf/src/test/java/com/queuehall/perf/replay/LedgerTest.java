package com.queuehall.perf.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static JsonObject ticket(String id, String number) {
    return new JsonObject().put("id", id).put("number", number).put("pointId", "P001").put("service", "passport")
        .put("day", "2026-07-15");
  }

  private static JsonObject appointment(String id) {
    return new JsonObject().put("id", id).put("pointId", "P001").put("service", "passport").put("day", "2026-07-15")
        .put("slot", "09:00").put("checkInCode", "CODE" + id);
  }

  @Test
  @DisplayName("clean answers show no violation, and a transferred ticket may be called again")
  void cleanAnswers() {
    Ledger l = new Ledger();
    l.ticket("w1", ticket("t1", "A001"), true);
    l.ticket("w2", ticket("t2", "A002"), true);
    l.retry("issue", "w3", "w1");
    l.ticket("w3", ticket("t1", "A001"), true);
    l.called("t1");
    l.transferred("t1");
    l.called("t1");
    assertThat(l.violations()).isEmpty();
    assertThat(l.walkIns().values().iterator().next()).hasSize(2);
  }

  @Test
  @DisplayName("the same number on two tickets of a point and day is named")
  void numberTwice() {
    Ledger l = new Ledger();
    l.ticket("w1", ticket("t1", "A001"), true);
    l.ticket("c1", ticket("t2", "A001"), false);
    assertThat(l.violations()).singleElement().asString().startsWith("ticket number twice: P001 2026-07-15 A001");
  }

  @Test
  @DisplayName("a retry answered with another ticket or appointment is named")
  void retryAnsweredWithAnotherObject() {
    Ledger l = new Ledger();
    l.ticket("w1", ticket("t1", "A001"), true);
    l.retry("issue", "w2", "w1");
    l.ticket("w2", ticket("t2", "A002"), true);
    l.booked("b1", appointment("a1"));
    l.retry("book", "b2", "b1");
    l.booked("b2", appointment("a2"));
    assertThat(l.violations()).hasSize(2).allMatch(v -> v.startsWith("idempotent retry answered with another object"));
  }

  @Test
  @DisplayName("a ticket called twice without a transfer is named")
  void calledTwice() {
    Ledger l = new Ledger();
    l.called("t1");
    l.called("t1");
    assertThat(l.violations()).containsExactly("ticket called twice: t1 called 2 times");
  }

  @Test
  @DisplayName("a walk-in retry refused although its original was acknowledged is named")
  void retryRefused() {
    Ledger l = new Ledger();
    l.ticket("w1", ticket("t1", "A001"), true);
    l.retry("issue", "w2", "w1");
    l.retryRefused("w2", "409 idempotency key reused");
    assertThat(l.violations()).containsExactly("idempotent retry refused: issue w2 (retry of w1) was answered "
        + "409 idempotency key reused, the original got t1");
  }

  @Test
  @DisplayName("a walk-in retry refused when its original was not acknowledged either is no violation")
  void retryRefusedLikeItsOriginal() {
    Ledger l = new Ledger();
    l.retry("issue", "w2", "w1");
    l.retryRefused("w2", "409 walk-in quota exhausted");
    assertThat(l.violations()).isEmpty();
  }
}
