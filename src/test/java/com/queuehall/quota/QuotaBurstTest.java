package com.queuehall.quota;

import com.queuehall.support.OneHallPerClass;
import com.queuehall.support.Stores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

class QuotaBurstTest extends OneHallPerClass {

  private List<Future<HttpResponse<Buffer>>> burst(String prefix, int n) {
    List<Future<HttpResponse<Buffer>>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(hall.issue("P001", "passport", prefix + i));
    return out;
  }

  private static long created(List<Future<HttpResponse<Buffer>>> answers) {
    return answers.stream().filter(f -> f.result().statusCode() == 201).count();
  }

  private long committed() {
    return Stores.count("SELECT count(*) FROM ticket WHERE point_id = 'P001' AND service_id = 'passport'");
  }

  @Test
  @DisplayName("raising the walk-in quota in the middle of a burst takes effect at once, "
      + "and the total is exactly the new quota")
  void raiseMidBurst() {
    hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 50));
    Promise<Void> firstRefusal = Promise.promise();
    List<Future<HttpResponse<Buffer>>> wave1 = burst("w1-", 200);
    wave1.forEach(f -> f.onSuccess(r -> {
      if (r.statusCode() == 409) firstRefusal.tryComplete();
    }));
    Stores.await(firstRefusal.future());
    assertThat(hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 120)).statusCode())
        .isEqualTo(200);
    List<Future<HttpResponse<Buffer>>> wave2 = burst("w2-", 200);
    Stores.await(Future.join(wave1));
    Stores.await(Future.join(wave2));

    assertThat(created(wave1) + created(wave2)).isEqualTo(120);
    assertThat(created(wave2)).as("the new capacity served the second wave").isPositive();
    assertThat(committed()).isEqualTo(120);
    assertThat(Stores.count("SELECT max(number) FROM ticket")).isEqualTo(120);
  }

  @Test
  @DisplayName("lowering the quota below what is issued mid-burst keeps every issued ticket "
      + "and refuses every request after the change")
  void lowerMidBurst() throws InterruptedException {
    hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 400));
    Stores.await(Future.join(burst("warm-", 150)));
    List<Future<HttpResponse<Buffer>>> before = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> after = new ArrayList<>();
    JsonObject lowered = null;
    for (int i = 0; i < 250; i++) {
      (lowered == null ? before : after).add(hall.issue("P001", "passport", "mid-" + i));
      if (i == 60) {
        lowered = hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 100)).bodyAsJsonObject();
      }
      Thread.sleep(1); // a steady stream, so that requests are in flight on both sides of the change
    }
    Stores.await(Future.join(before));
    Stores.await(Future.join(after));
    long issued = committed();
    assertThat(lowered.getJsonObject("walkIn").getLong("capacity")).isEqualTo(100);
    assertThat(after).hasSizeGreaterThan(150).allMatch(f -> f.result().statusCode() == 409);
    assertThat(issued).as("nothing issued before the change is taken back").isEqualTo(150 + created(before));
    assertThat(Stores.count("SELECT count(DISTINCT number) FROM ticket")).isEqualTo(issued);
    assertThat(lowered.getJsonObject("walkIn").getLong("issued")).isGreaterThanOrEqualTo(150);
  }

  @Test
  @DisplayName("a slot capacity changed for one slot leaves the others as they were, and the view shows both")
  void onlyTheGivenPartsChange() {
    hall.setQuota("P001", "passport", TODAY.plusDays(2), new JsonObject().put("walkIn", 10));
    JsonObject view = hall.setQuota("P001", "passport", TODAY.plusDays(2),
        new JsonObject().put("slots", new JsonObject().put("09:00", 9))).bodyAsJsonObject();
    assertThat(view.getJsonObject("walkIn").getLong("capacity")).isEqualTo(10);
    assertThat(view.getJsonObject("slots").getJsonObject("09:00").getLong("capacity")).isEqualTo(9);
    assertThat(view.getJsonObject("slots").getJsonObject("09:30").getLong("capacity")).isEqualTo(4);
    assertThat(Stores.count("SELECT count(*) FROM event WHERE entity = 'quota'")).isEqualTo(2);
  }

  @Test
  @DisplayName("a past day's number source can be read but not changed")
  void pastDayIsReadOnly() {
    String path = "/api/v1/admin/points/P001/services/passport/days/" + TODAY.minusDays(1) + "/quota";
    HttpResponse<Buffer> read = hall.call(HttpMethod.GET, path, hall.adminToken(), Map.of(), null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getJsonObject("walkIn").getLong("capacity")).isEqualTo(36);
    HttpResponse<Buffer> change = hall.call(HttpMethod.PUT, path, hall.adminToken(), Map.of(),
        new JsonObject().put("walkIn", 10).encode());
    assertThat(change.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Postgres refuses a walk-in place beyond the capacity in force even if Redis were to allow it")
  void postgresBacksTheQuota() {
    hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 2));
    Throwable refused = null;
    try {
      Stores.sql("INSERT INTO ticket (id, point_id, service_id, queue_service_id, day, prefix, number, kind, "
          + "walkin_place, status, arrived_at) VALUES (gen_random_uuid(), 'P001', 'passport', 'passport', $1, 'A', 3, "
          + "'WALK_IN', 3, 'WAITING', now())", TODAY);
    } catch (IllegalStateException e) {
      refused = e;
    }
    assertThat(refused).isNotNull();
    assertThat(String.valueOf(refused.getMessage())).contains("walk-in quota exhausted");
  }
}
