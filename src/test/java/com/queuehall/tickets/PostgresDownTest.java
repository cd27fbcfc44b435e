package com.queuehall.tickets;

import com.queuehall.redis.DayKeys;
import com.queuehall.support.Citizens;
import com.queuehall.support.Outages;
import com.queuehall.support.Stores;
import com.queuehall.support.TcpProxy;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postgres goes away under a running server (a proxy in front of it is stopped) and comes back.
 * Redis decides first, so every failed record must give its reservation back in Redis.
 */
class PostgresDownTest {

  private static final String POINT = "P001";
  private static final String SERVICE = "passport";
  private static final LocalDate TOMORROW = TODAY.plusDays(1);
  private static final String SLOT = "11:00";
  /** An answer while Postgres is away must come quickly, not after a connect timeout. */
  private static final long MAX_ANSWER_MS = 5_000;

  private final DayKeys today = new DayKeys(POINT, TODAY);
  private TcpProxy postgres;

  @BeforeEach
  void setUp() {
    Stores.reset();
    postgres = TcpProxy.inFrontOf(Stores.PG_URL);
  }

  @AfterEach
  void tearDown() {
    postgres.close();
  }

  private TestHall hallBehindProxy() {
    return TestHall.start(TestHall.config(TestHall.freePort()).withPgUrl(postgres.url(Stores.PG_URL)));
  }

  @Test
  @DisplayName("while Postgres is away a walk-in answers 503 with Retry-After, acknowledges nothing, "
      + "and gives its number, place and key back in Redis")
  void walkInWhilePostgresIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      issueExpecting(hall, "before-1", "A001");
      issueExpecting(hall, "before-2", "A002");
      issueExpecting(hall, "before-3", "A003");

      postgres.stop();
      for (int i = 1; i <= 3; i++) assertUnavailableQuickly(hall, "during-" + i);

      assertThat(counter("n:A")).isEqualTo("3");
      assertThat(counter("p:w:" + SERVICE)).isEqualTo("3");
      assertThat(Stores.redis(Command.HLEN, today.queue(SERVICE)).toInteger()).as("only the committed tickets wait")
          .isEqualTo(3);
      assertThat(counter("f:w:" + SERVICE)).as("no free place below the top").isNull();
      for (int i = 1; i <= 3; i++) {
        assertThat(Stores.redis(Command.HEXISTS, today.idem(), "during-" + i).toInteger()).isZero();
      }
      assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("while Postgres is away /health/ready answers 503 with postgres DOWN and redis UP")
  void readinessWhilePostgresIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(Outages.ready(hall).statusCode()).isEqualTo(200);
      postgres.stop();
      HttpResponse<Buffer> r = Outages.awaitReady(hall, 503);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("postgres")).isEqualTo("DOWN");
      assertThat(r.bodyAsJsonObject().getString("redis")).isEqualTo("UP");
    }
  }

  @Test
  @DisplayName("when Postgres comes back the same server is ready again and the next number follows "
      + "the last committed one, with no gap")
  void walkInAfterPostgresReturns() {
    try (TestHall hall = hallBehindProxy()) {
      issueExpecting(hall, "before-1", "A001");
      issueExpecting(hall, "before-2", "A002");
      postgres.stop();
      assertUnavailableQuickly(hall, "during-1");
      assertUnavailableQuickly(hall, "during-2");

      postgres.start();
      assertThat(Outages.awaitReady(hall, 200).statusCode()).isEqualTo(200);
      issueExpecting(hall, "after-1", "A003");
      issueExpecting(hall, "after-2", "A004");
      assertThat(Stores.count("SELECT count(*) FROM ticket")).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("a kiosk that repeats the Idempotency-Key of a request refused while Postgres was away "
      + "gets a new ticket, once")
  void sameKeySucceedsAfterPostgresReturns() {
    try (TestHall hall = hallBehindProxy()) {
      issueExpecting(hall, "before-1", "A001");
      postgres.stop();
      assertUnavailableQuickly(hall, "retried");

      postgres.start();
      assertThat(Outages.awaitReady(hall, 200).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> first = issueExpecting(hall, "retried", "A002");
      assertThat(first.getHeader("Idempotent-Replayed")).isNull();
      HttpResponse<Buffer> replay = issueExpecting(hall, "retried", "A002");
      assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
      assertThat(Stores.count("SELECT count(*) FROM ticket WHERE idempotency_key = 'retried'")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("with Redis flushed and Postgres away the day's state cannot be rebuilt: 503, and once Postgres "
      + "returns the rebuilt state goes on from the last committed number")
  void rebuildWhilePostgresIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      issueExpecting(hall, "before-1", "A001");
      issueExpecting(hall, "before-2", "A002");
      postgres.stop();
      Stores.redis(Command.FLUSHALL);
      assertUnavailableQuickly(hall, "during-1");
      assertThat(Stores.redis(Command.EXISTS, today.ctr()).toInteger()).as("no half-built state").isZero();

      postgres.start();
      assertThat(Outages.awaitReady(hall, 200).statusCode()).isEqualTo(200);
      issueExpecting(hall, "during-1", "A003");
      issueExpecting(hall, "before-1", "A001");
    }
  }

  @Test
  @DisplayName("a booking refused while Postgres is away answers 503 and leaves the slot's remaining places "
      + "unchanged; it books once Postgres returns")
  void bookingWhilePostgresIsAway() {
    try (TestHall hall = hallBehindProxy()) {
      assertThat(Stores.await(Citizens.book(hall, POINT, SERVICE, TOMORROW, SLOT, 1)).statusCode()).isEqualTo(201);
      long remaining = remaining(hall);

      postgres.stop();
      for (int n = 2; n <= 4; n++) {
        long started = System.currentTimeMillis();
        Outages.assertUnavailable(Stores.await(Citizens.book(hall, POINT, SERVICE, TOMORROW, SLOT, n)));
        assertThat(System.currentTimeMillis() - started).isLessThan(MAX_ANSWER_MS);
      }
      assertThat(remaining(hall)).isEqualTo(remaining);
      String holder = SERVICE + ":" + Citizens.id(2);
      assertThat(Stores.redis(Command.HEXISTS, new DayKeys(POINT, TOMORROW).cit(), holder).toInteger())
          .as("the citizen's hold is released").isZero();

      postgres.start();
      assertThat(Outages.awaitReady(hall, 200).statusCode()).isEqualTo(200);
      assertThat(Stores.await(Citizens.book(hall, POINT, SERVICE, TOMORROW, SLOT, 2)).statusCode()).isEqualTo(201);
      assertThat(remaining(hall)).isEqualTo(remaining - 1);
      assertThat(Stores.count("SELECT count(*) FROM appointment WHERE status = 'BOOKED'")).isEqualTo(2);
    }
  }

  private long remaining(TestHall hall) {
    return Citizens.slot(hall, POINT, SERVICE, TOMORROW, SLOT).getLong("remaining");
  }

  private String counter(String field) {
    Response r = Stores.redis(Command.HGET, today.ctr(), field);
    return r == null ? null : r.toString();
  }

  private static HttpResponse<Buffer> issueExpecting(TestHall hall, String key, String number) {
    HttpResponse<Buffer> r = Stores.await(hall.issue(POINT, SERVICE, key));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(number);
    return r;
  }

  private static void assertUnavailableQuickly(TestHall hall, String key) {
    long started = System.currentTimeMillis();
    Outages.assertUnavailable(Stores.await(hall.issue(POINT, SERVICE, key)));
    assertThat(System.currentTimeMillis() - started).as("answered within %d ms", MAX_ANSWER_MS)
        .isLessThan(MAX_ANSWER_MS);
  }
}
