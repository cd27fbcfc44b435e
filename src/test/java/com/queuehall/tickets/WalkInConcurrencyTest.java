package com.queuehall.tickets;

import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

class WalkInConcurrencyTest {

  private static final int REQUESTS = 2_000;
  private static final int QUOTA = 100;

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("2,000 kiosks racing for a walk-in quota of 100 get exactly A001..A100, 100 rows, and 1,900 answers 409")
  void oneInstance() {
    try (TestHall hall = TestHall.start()) {
      assertThat(hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", QUOTA)).statusCode())
          .isEqualTo(200);
      assertExactlyQuota(race(i -> hall.issue("P001", "passport", "race-" + i)));
    }
  }

  @Test
  @DisplayName("two server instances sharing one Redis and one Postgres still issue exactly the quota, "
      + "with no number twice")
  void twoInstances() {
    try (TestHall a = TestHall.start(); TestHall b = TestHall.start()) {
      assertThat(a.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", QUOTA)).statusCode())
          .isEqualTo(200);
      assertExactlyQuota(race(i -> (i % 2 == 0 ? a : b).issue("P001", "passport", "race-" + i)));
    }
  }

  private static List<HttpResponse<Buffer>> race(IntFunction<Future<HttpResponse<Buffer>>> request) {
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) all.add(request.apply(i));
    Stores.await(Future.join(all));
    return all.stream().map(Future::result).toList();
  }

  private static void assertExactlyQuota(List<HttpResponse<Buffer>> answers) {
    List<String> numbers = new ArrayList<>();
    int refused = 0;
    for (HttpResponse<Buffer> r : answers) {
      if (r.statusCode() == 201) {
        numbers.add(r.bodyAsJsonObject().getString("number"));
      } else {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("title")).isEqualTo("walk-in quota exhausted");
        assertThat(problem.getJsonArray("nextSlots")).isNotEmpty();
        refused++;
      }
    }
    assertThat(numbers).hasSize(QUOTA).doesNotHaveDuplicates();
    TreeSet<String> expected = new TreeSet<>();
    for (int n = 1; n <= QUOTA; n++) expected.add(Ticket.display("A", n));
    assertThat(new TreeSet<>(numbers)).isEqualTo(expected);
    assertThat(refused).isEqualTo(REQUESTS - QUOTA);
    assertThat(Stores.count("SELECT count(*) FROM ticket WHERE point_id = 'P001' AND day = $1", TODAY))
        .isEqualTo(QUOTA);
    assertThat(Stores.count("SELECT count(DISTINCT number) FROM ticket WHERE point_id = 'P001' AND day = $1 "
        + "AND number BETWEEN 1 AND $2", TODAY, QUOTA)).isEqualTo(QUOTA);
    assertThat(Stores.count("SELECT count(*) FROM event WHERE entity = 'ticket' AND type = 'issued'")).isEqualTo(QUOTA);
  }
}
