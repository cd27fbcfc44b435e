package com.queuehall.tickets;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotentIssueTest extends OneHallPerClass {

  private long walkInsIssued() {
    return hall.call(HttpMethod.GET, "/api/v1/admin/points/P001/services/passport/days/" + TODAY + "/quota",
        hall.adminToken(), Map.of(), null).bodyAsJsonObject().getJsonObject("walkIn").getLong("issued");
  }

  @Test
  @DisplayName("a retry with the same Idempotency-Key returns the same ticket and consumes nothing")
  void retryReturnsTheSameTicket() {
    HttpResponse<Buffer> first = Stores.await(hall.issue("P001", "passport", "kiosk-7-req-1"));
    HttpResponse<Buffer> retry = Stores.await(hall.issue("P001", "passport", "kiosk-7-req-1"));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    JsonObject a = first.bodyAsJsonObject();
    JsonObject b = retry.bodyAsJsonObject();
    assertThat(b.getString("id")).isEqualTo(a.getString("id"));
    assertThat(b.getString("number")).isEqualTo(a.getString("number"));
    assertThat(walkInsIssued()).isEqualTo(1);
    assertThat(Stores.await(hall.issue("P001", "passport", "kiosk-7-req-2")).bodyAsJsonObject().getString("number"))
        .isEqualTo("A002");
  }

  @Test
  @DisplayName("fifty concurrent retries of one request make one ticket, and every one of them gets it")
  void concurrentRetries() {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) answers.add(hall.issue("P001", "passport", "storm"));
    Stores.await(Future.join(answers));
    assertThat(answers).allMatch(f -> f.result().statusCode() == 201);
    assertThat(answers.stream().map(f -> f.result().bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(1);
    assertThat(walkInsIssued()).isEqualTo(1);
  }

  @Test
  @DisplayName("an idempotency key is scoped to its point: the same key at another point is another ticket")
  void keysAreScopedToThePoint() {
    JsonObject a = Stores.await(hall.issue("P001", "passport", "same-key")).bodyAsJsonObject();
    JsonObject b = Stores.await(hall.issue("P002", "passport", "same-key")).bodyAsJsonObject();
    assertThat(b.getString("id")).isNotEqualTo(a.getString("id"));
  }

  @Test
  @DisplayName("a key Redis remembers but Postgres never recorded (a lost release) is rebuilt away "
      + "and the request is served")
  void orphanedKeyIsHealed() {
    Stores.await(hall.issue("P001", "passport", "warm-up"));
    Stores.redis(Command.HSET, "qh:{P001:" + TODAY + "}:idem", "orphan", UUID.randomUUID().toString());
    HttpResponse<Buffer> r = Stores.await(hall.issue("P001", "passport", "orphan"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo("A002");
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE idempotency_key = 'orphan'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a key reused for another service is refused with 409 rather than answered with the wrong ticket")
  void keyReusedForAnotherRequest() {
    Stores.await(hall.issue("P001", "passport", "reused"));
    HttpResponse<Buffer> r = Stores.await(hall.issue("P001", "hkmo-permit", "reused"));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("title")).isEqualTo("idempotency key reused");
  }

  @Test
  @DisplayName("after Redis forgets its scripts (SCRIPT FLUSH), they are loaded again on NOSCRIPT and issuing goes on")
  void scriptsReloadAfterNoscript() {
    Stores.await(hall.issue("P001", "passport", "before-flush"));
    Stores.redis(Command.SCRIPT, "FLUSH");
    HttpResponse<Buffer> r = Stores.await(hall.issue("P001", "passport", "after-flush"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo("A002");
  }

  @Test
  @DisplayName("GET /tickets/{id} returns the ticket with its position in the queue")
  void readBack() {
    Stores.await(hall.issue("P001", "passport", "first"));
    JsonObject second = Stores.await(hall.issue("P001", "passport", "second")).bodyAsJsonObject();
    assertThat(second.getLong("position")).isEqualTo(2);
    JsonObject read = hall.call(HttpMethod.GET, "/api/v1/tickets/" + second.getString("id"), null, Map.of(), null)
        .bodyAsJsonObject();
    assertThat(read.getString("number")).isEqualTo("A002");
    assertThat(read.getString("status")).isEqualTo("WAITING");
    assertThat(read.getString("day")).isEqualTo(TODAY.toString());
    assertThat(read.getLong("position")).isEqualTo(2);
    assertThat(read.getString("kind")).isEqualTo("WALK_IN");
  }
}
