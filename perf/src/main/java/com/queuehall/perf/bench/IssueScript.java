package com.queuehall.perf.bench;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.CatalogFile;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.queue.Waits;
import com.queuehall.redis.DayKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.redis.client.impl.types.MultiType;
import io.vertx.redis.client.impl.types.NumberType;
import io.vertx.redis.client.impl.types.SimpleStringType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Around issue_walkin.lua: the keys and arguments WalkIns sends (its attempt() is private, so this
 * repeats its steps on the catalog's P001), and reading the answer {'OK', epoch, number, place,
 * position, ahead, hall} into the reservation and the wait estimate's inputs.
 */
@State(Scope.Thread)
public class IssueScript extends BenchmarkBase {

  private final LocalDate day = LocalDate.of(2026, 7, 1);
  private Point point;
  private PointService service;
  private Response answer;

  @Setup
  public void setUp() {
    Catalog catalog = CatalogFile.load(null);
    point = catalog.point("P001").orElseThrow();
    service = point.services().get("passport");
    answer = ok(point);
  }

  @Benchmark
  public DayKeys dayKeys() {
    return new DayKeys(point.id(), day);
  }

  /** Keys and arguments of one walk-in, as WalkIns.attempt builds them. */
  @Benchmark
  public void scriptArguments(Blackhole bh) {
    DayKeys keys = new DayKeys(point.id(), day);
    UUID id = UUID.randomUUID();
    CallingRule rule = point.rule();
    List<String> others = point.otherServices(service.id());
    List<String> redisKeys = new ArrayList<>(
        List.of(keys.ctr(), keys.cap(), keys.idem(), keys.queue(service.id()), keys.hall()));
    redisKeys.addAll(keys.queues(others));
    List<String> args = new ArrayList<>(List.of(service.id(), service.service().prefix(), "kiosk-key-1",
        id.toString(), String.valueOf(1_782_900_000_000L), "0"));
    args.addAll(rule.scriptArgs());
    args.addAll(others);
    bh.consume(redisKeys);
    bh.consume(args);
  }

  /** The reservation: what WalkIns.Reservation.of reads. */
  @Benchmark
  public void readReservation(Blackhole bh) {
    bh.consume(answer.get(0).toString());
    bh.consume(answer.get(1).toLong());
    bh.consume(answer.get(2).toInteger());
    bh.consume(answer.get(3).toInteger());
    bh.consume(answer.get(4).toLong());
  }

  /** The wait estimate's inputs, as Waits.estimate reads them, and the estimate. */
  @Benchmark
  public long readWaitEstimate() {
    Response ahead = answer.get(5);
    Map<String, String> averages = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < ahead.size(); i += 3) {
      averages.put(ahead.get(i).toString(), ahead.get(i + 2).toString());
      counts.put(ahead.get(i).toString(), ahead.get(i + 1).toLong());
    }
    WaitEstimate estimate = Waits.estimateAt(point, averages, answer.get(6));
    return estimate.seconds(service.id(), counts);
  }

  /** An answer as the Redis client decodes it: six open counters in the hall, three services' queues. */
  static Response ok(Point point) {
    MultiType ahead = MultiType.create(3L * point.services().size(), false);
    int n = 0;
    for (String s : point.services().keySet()) {
      ahead.add(bulk(s));
      ahead.add(NumberType.create(5 + n));
      ahead.add(bulk(n++ == 0 ? "" : "412.5"));
    }
    MultiType hall = MultiType.create(2L * point.counters().size(), false);
    for (Catalog.Counter c : point.counters()) {
      hall.add(bulk("counter:" + c.id()));
      hall.add(bulk(new io.vertx.core.json.JsonObject().put("id", c.id()).put("status", "open")
          .put("services", new io.vertx.core.json.JsonArray(c.services())).encode()));
    }
    MultiType r = MultiType.create(7, false);
    r.add(SimpleStringType.create("OK"));
    r.add(NumberType.create(3));
    r.add(NumberType.create(42));
    r.add(NumberType.create(17));
    r.add(NumberType.create(9));
    r.add(ahead);
    r.add(hall);
    return r;
  }

  private static Response bulk(String s) {
    return BulkType.create(Buffer.buffer(s), false);
  }
}
