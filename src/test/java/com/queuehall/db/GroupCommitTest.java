package com.queuehall.db;

import com.queuehall.http.HttpVerticle;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit (Writer.fencedInsert) against the real Postgres: writes submitted together on one
 * event loop share transactions, and yet each caller hears only its own outcome, after its row is
 * committed. Rows go to a probe table; each INSERT returns the id of the transaction it ran in.
 */
class GroupCommitTest {

  private static final String INSERT = Writer.fencedSql(3, "g AS (INSERT INTO gc_probe (id, point_id, day) "
      + "SELECT $1, $2, $3 FROM fence RETURNING txid_current() AS tx) SELECT tx FROM g");
  private static final LocalDate DAY = TestHall.TODAY;
  private static final List<String> POINTS = List.of("P001", "P002", "P003", "P004", "P005", "P006");

  private static Vertx vertx;
  private static Pool pool;
  private static Writer writer;

  @BeforeAll
  static void start() {
    TestHall.start().close(); // migrations and catalog
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(HttpVerticle.pgOptions(Stores.PG_URL)).using(vertx).build();
    writer = new Writer(pool);
  }

  @AfterAll
  static void stop() {
    Stores.await(pool.close());
    Stores.await(vertx.close());
  }

  @BeforeEach
  void reset() {
    Stores.reset();
    Stores.sql("DROP TABLE IF EXISTS gc_probe");
    Stores.sql("CREATE TABLE gc_probe (id int PRIMARY KEY, point_id text NOT NULL, day date NOT NULL)");
    for (String p : POINTS) Stores.sql("INSERT INTO redis_epoch (point_id, day, epoch) VALUES ($1, $2, 3)", p, DAY);
  }

  /** One write's outcome: the transaction id it was committed in, or why it failed. */
  private record Outcome(Long txid, Throwable failure) {}

  /** Submits every write in the same event-loop turn, as concurrent requests of one instance do. */
  private static List<Outcome> submitTogether(List<Supplier<Future<Long>>> writes) {
    Promise<List<Outcome>> all = Promise.promise();
    vertx.runOnContext(v -> {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (Supplier<Future<Long>> w : writes) {
        outcomes.add(w.get().map(txid -> new Outcome(txid, null)).otherwise(e -> new Outcome(null, e)));
      }
      Future.all(outcomes).map(f -> f.<Outcome>list()).onComplete(all);
    });
    return Stores.await(all.future());
  }

  private static Supplier<Future<Long>> write(int id, String point, long epoch) {
    return () -> writer.fencedInsert(point, DAY, epoch, INSERT, Tuple.of(id, point, DAY))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Test
  @DisplayName("200 writes over six point-days submitted at once are all committed, each with its own row, "
      + "in far fewer transactions than writes")
  void batchesCommitEveryWrite() {
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) writes.add(write(i, POINTS.get(i % POINTS.size()), 3));
    List<Outcome> outcomes = submitTogether(writes);

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    assertThat(Stores.count("SELECT count(*) FROM gc_probe")).isEqualTo(200);
    Set<Long> transactions = new HashSet<>();
    outcomes.forEach(o -> transactions.add(o.txid()));
    assertThat(transactions).as("transactions for 200 writes").hasSizeLessThan(20);
    for (int k = 0; k < POINTS.size(); k++) {
      int point = k;
      assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE point_id = $1", POINTS.get(k)))
          .isEqualTo(IntStream.range(0, 200).filter(i -> i % POINTS.size() == point).count());
    }
  }

  @Test
  @DisplayName("in a batch, a write made in an older Redis state fails with StaleEpoch and is not recorded; "
      + "the others of its batch are")
  void staleWriteFailsAlone() {
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) writes.add(write(i, POINTS.get(i % POINTS.size()), i % 12 == 5 ? 2 : 3));
    List<Outcome> outcomes = submitTogether(writes);

    for (int i = 0; i < 60; i++) {
      if (i % 12 == 5) {
        assertThat(outcomes.get(i).failure()).as("write " + i).isInstanceOf(StaleEpoch.class);
      } else {
        assertThat(outcomes.get(i).failure()).as("write " + i).isNull();
      }
    }
    assertThat(Stores.count("SELECT count(*) FROM gc_probe")).isEqualTo(55);
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id % 12 = 5")).isZero();
  }

  /**
   * A rebuild's side: P003's epoch row set to 4 in a transaction still open while the writes are
   * submitted together. They must wait for its lock; once it commits, their outcomes.
   */
  private static List<Outcome> submitDuringRebuildOfP003(List<Supplier<Future<Long>>> writes) throws Exception {
    var rebuild = Stores.await(Stores.pg().getConnection());
    try {
      Stores.await(rebuild.query("BEGIN").execute());
      Stores.await(rebuild.preparedQuery("UPDATE redis_epoch SET epoch = 4 WHERE point_id = 'P003' AND day = $1")
          .execute(Tuple.of(DAY)));
      Promise<List<Outcome>> pending = Promise.promise();
      new Thread(() -> pending.complete(submitTogether(writes))).start();
      Thread.sleep(500);
      assertThat(pending.future().isComplete()).as("the writes wait for the rebuild's lock").isFalse();
      Stores.await(rebuild.query("COMMIT").execute());
      return Stores.await(pending.future());
    } finally {
      Stores.await(rebuild.close());
    }
  }

  @Test
  @DisplayName("a rebuild that bumps one point-day's epoch while a batch over six point-days waits for it: the batch "
      + "reads the new epoch, so that point-day's writes fail with StaleEpoch and the others are committed")
  void bumpWhileBatchWaits() throws Exception {
    Stores.sql("INSERT INTO redis_epoch (point_id, day, epoch) VALUES ('P007', $1, 3)", DAY);
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) writes.add(write(i, POINTS.get(i % POINTS.size()), 3));
    writes.add(write(60, "P007", 3)); // a seventh point-day, not being rebuilt
    List<Outcome> outcomes = submitDuringRebuildOfP003(writes);
    for (int i = 0; i <= 60; i++) {
      boolean rebuilt = i < 60 && POINTS.get(i % POINTS.size()).equals("P003");
      if (rebuilt) assertThat(outcomes.get(i).failure()).as("write " + i).isInstanceOf(StaleEpoch.class);
      else assertThat(outcomes.get(i).failure()).as("write " + i).isNull();
    }
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE point_id = 'P003'")).isZero();
    assertThat(Stores.count("SELECT count(*) FROM gc_probe")).isEqualTo(51);
  }

  @Test
  @DisplayName("writes reserved at the epoch a rebuild is committing (Redis already holds its state) wait for its "
      + "commit and are recorded, not refused as stale")
  void writesOfTheNewEpochWaitForItsCommit() throws Exception {
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) writes.add(write(i, "P003", 4));
    assertThat(submitDuringRebuildOfP003(writes)).allSatisfy(o -> assertThat(o.failure()).isNull());
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE point_id = 'P003'")).isEqualTo(20);
  }

  @Test
  @DisplayName("in a batch, a row Postgres refuses (a duplicate key) fails only its own write; "
      + "the others are committed")
  void refusedRowFailsAlone() {
    Stores.sql("INSERT INTO gc_probe (id, point_id, day) VALUES (7, 'P002', $1), (31, 'P002', $1)", DAY);
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) writes.add(write(i, POINTS.get(i % POINTS.size()), 3));
    List<Outcome> outcomes = submitTogether(writes);

    for (int i = 0; i < 40; i++) {
      if (i == 7 || i == 31) {
        assertThat(Writer.violated(outcomes.get(i).failure())).as("write " + i).isEqualTo("gc_probe_pkey");
      } else {
        assertThat(outcomes.get(i).failure()).as("write " + i).isNull();
      }
    }
    assertThat(Stores.count("SELECT count(*) FROM gc_probe")).isEqualTo(40);
  }

  private static final String BUMP = "UPDATE gc_probe SET n = n + 1 WHERE id = $1 RETURNING txid_current()";

  private static Supplier<Future<Long>> bump(int id) {
    return () -> writer.groupedUpdate(BUMP, Tuple.of(id)).map(rows -> rows.iterator().next().getLong(0));
  }

  @Test
  @DisplayName("updates that need no fence (a ticket's transition) share transactions with fenced inserts, even when "
      + "the fenced ones of a batch are stale, and each is committed once")
  void unfencedUpdatesJoinBatches() {
    Stores.sql("ALTER TABLE gc_probe ADD COLUMN n int NOT NULL DEFAULT 0");
    for (int i = 1000; i < 1060; i++) Stores.sql("INSERT INTO gc_probe (id, point_id, day) VALUES ($1, 'P001', $2)",
        i, DAY);
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      writes.add(bump(1000 + i));
      writes.add(write(i, POINTS.get(i % POINTS.size()), i % 10 == 0 ? 2 : 3));
    }
    List<Outcome> outcomes = submitTogether(writes);

    for (int i = 0; i < 60; i++) {
      assertThat(outcomes.get(2 * i).failure()).as("update " + i).isNull();
      if (i % 10 == 0) assertThat(outcomes.get(2 * i + 1).failure()).as("insert " + i).isInstanceOf(StaleEpoch.class);
      else assertThat(outcomes.get(2 * i + 1).failure()).as("insert " + i).isNull();
    }
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id >= 1000 AND n = 1")).isEqualTo(60);
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id < 1000")).isEqualTo(54);
    Set<Long> transactions = new HashSet<>();
    outcomes.stream().filter(o -> o.failure() == null).forEach(o -> transactions.add(o.txid()));
    assertThat(transactions).as("transactions for 114 writes").hasSizeLessThan(20);
  }

  /** Rows 1000-1029 to bump; then 30 inserts (ids 0-29) and 30 bumps, alternating: two statements. */
  private static List<Supplier<Future<Long>>> insertsAndBumps() {
    Stores.sql("ALTER TABLE gc_probe ADD COLUMN n int NOT NULL DEFAULT 0");
    for (int i = 1000; i < 1030; i++) Stores.sql("INSERT INTO gc_probe (id, point_id, day) VALUES ($1, 'P001', $2)",
        i, DAY);
    List<Supplier<Future<Long>>> writes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      writes.add(write(i, POINTS.get(i % POINTS.size()), 3));
      writes.add(bump(1000 + i));
    }
    return writes;
  }

  @Test
  @DisplayName("the writes of two statements that wait together are committed in one transaction (one commit, one WAL "
      + "flush), pipelined on one connection")
  void statementsOfAFlushShareOneTransaction() {
    List<Outcome> outcomes = submitTogether(insertsAndBumps());

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    // The first write finds no commit in flight and goes at once; the 59 behind it wait and go together.
    Set<Long> transactions = new HashSet<>();
    outcomes.subList(1, outcomes.size()).forEach(o -> transactions.add(o.txid()));
    assertThat(transactions).as("transactions of the 59 writes that waited together").hasSize(1);
    assertThat(transactions).doesNotContain(outcomes.get(0).txid());
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id < 1000")).isEqualTo(30);
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id >= 1000 AND n = 1")).isEqualTo(30);
  }

  @Test
  @DisplayName("a row refused in one statement's batch rolls back the flush's transaction: every other write, of "
      + "either statement, is retried alone and committed exactly once; the refused one fails alone")
  void refusalInAFlushOfTwoStatements() {
    Stores.sql("INSERT INTO gc_probe (id, point_id, day) VALUES (17, 'P006', $1)", DAY);
    List<Outcome> outcomes = submitTogether(insertsAndBumps());

    for (int i = 0; i < 30; i++) {
      if (i == 17) assertThat(Writer.violated(outcomes.get(2 * i).failure())).as("insert 17")
          .isEqualTo("gc_probe_pkey");
      else assertThat(outcomes.get(2 * i).failure()).as("insert " + i).isNull();
      assertThat(outcomes.get(2 * i + 1).failure()).as("update " + i).isNull();
    }
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id < 1000")).isEqualTo(30);
    assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE id >= 1000 AND n = 1")).isEqualTo(30);
  }

  @Test
  @DisplayName("two batches on two event loops that update the same rows in opposite orders deadlock in Postgres; "
      + "the losing batch is retried write by write and every update is committed exactly once")
  void deadlockedBatchIsRetried() {
    Stores.sql("ALTER TABLE gc_probe ADD COLUMN n int NOT NULL DEFAULT 0");
    for (int i = 0; i < 40; i++) Stores.sql("INSERT INTO gc_probe (id, point_id, day) VALUES ($1, 'P001', $2)", i, DAY);
    Vertx other = Vertx.vertx();
    Pool otherPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(HttpVerticle.pgOptions(Stores.PG_URL)).using(other).build();
    Writer otherWriter = new Writer(otherPool);
    try {
      for (int round = 0; round < 5; round++) {
        Promise<List<Outcome>> forward = Promise.promise();
        Promise<List<Outcome>> backward = Promise.promise();
        vertx.runOnContext(v -> Future.all(IntStream.range(0, 40).mapToObj(i -> writer.groupedUpdate(BUMP, Tuple.of(i))
                .map(r -> new Outcome(0L, null)).otherwise(e -> new Outcome(null, e))).toList())
            .map(f -> f.<Outcome>list()).onComplete(forward));
        other.runOnContext(v -> Future.all(IntStream.range(0, 40).map(i -> 39 - i)
                .mapToObj(i -> otherWriter.groupedUpdate(BUMP, Tuple.of(i))
                    .map(r -> new Outcome(0L, null)).otherwise(e -> new Outcome(null, e))).toList())
            .map(f -> f.<Outcome>list()).onComplete(backward));
        assertThat(Stores.await(forward.future())).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(Stores.await(backward.future())).allSatisfy(o -> assertThat(o.failure()).isNull());
        int expected = 2 * (round + 1);
        assertThat(Stores.count("SELECT count(*) FROM gc_probe WHERE n = $1", expected)).as("round " + round)
            .isEqualTo(40);
      }
    } finally {
      Stores.await(otherPool.close());
      Stores.await(other.close());
    }
  }
}
