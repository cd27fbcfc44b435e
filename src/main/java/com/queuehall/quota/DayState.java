package com.queuehall.quota;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.db.StaleEpoch;
import com.queuehall.counters.CounterView;
import com.queuehall.ops.Metrics;
import com.queuehall.queue.QueueEntry;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Redis state of a point and day, and its rebuild from Postgres. Every decision script
 * answers NOTREADY when the state is missing (first use of the day, Redis restarted or flushed);
 * the state is then rebuilt from the records before the decision is taken again.
 */
public final class DayState {

  private static final Logger log = LoggerFactory.getLogger(DayState.class);
  private static final int MAX_REBUILDS = 3;
  private static final int MAX_STALE_RETRIES = 8;

  private final io.vertx.core.Vertx vertx;
  private final Catalog catalog;
  private final Metrics metrics;
  private final Pool pool;
  private final ScriptRunner scripts;
  /** One rebuild at a time per point-day on this event loop; others wait for it. */
  private final Map<DayKeys, Future<Void>> rebuilding = new HashMap<>();

  public DayState(io.vertx.core.Vertx vertx, Catalog catalog, Pool pool, ScriptRunner scripts, Metrics metrics) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.metrics = metrics;
    this.pool = pool;
    this.scripts = scripts;
  }

  /** Runs a decision script; rebuilds the day's state and runs it again while it is NOTREADY. */
  public Future<Response> decide(DayKeys day, Script script, List<String> keys, List<String> args) {
    return decide(day, script, keys, args, 0);
  }

  private Future<Response> decide(DayKeys day, Script script, List<String> keys, List<String> args, int attempt) {
    return scripts.run(script, keys, args).compose(r -> {
      if (!isNotReady(r)) return Future.succeededFuture(r);
      // flushed again and again: answer 503
      if (attempt >= MAX_REBUILDS) return Future.failedFuture(new StaleEpoch(-1));
      return ensureLoaded(day).compose(v -> decide(day, script, keys, args, attempt + 1));
    });
  }

  /**
   * Runs a reserve-then-record attempt again when its write was fenced off (the state was rebuilt
   * meanwhile). If the fence keeps refusing, Redis is behind Postgres: rebuild it, then go on.
   */
  public <T> Future<T> retryStale(DayKeys day, Supplier<Future<T>> attempt) {
    return retryStale(day, attempt, 0, -1);
  }

  /**
   * A rebuild elsewhere moved the epoch: decide again after a short pause. Only when Redis keeps
   * handing out reservations of the same old epoch is it behind Postgres, and rebuilt here;
   * rebuilding on every refusal would let concurrent rebuilds invalidate each other.
   */
  private <T> Future<T> retryStale(DayKeys day, Supplier<Future<T>> attempt, int n, long lastReserved) {
    return attempt.get().recover(err -> {
      if (!(err instanceof StaleEpoch stale) || n >= MAX_STALE_RETRIES) return Future.failedFuture(err);
      boolean redisBehind = stale.reserved() >= 0 && stale.reserved() == lastReserved;
      Future<Void> ready = redisBehind ? ensureLoaded(day) : vertx.timer(2L * (n + 1)).mapEmpty();
      return ready.compose(v -> retryStale(day, attempt, n + 1, stale.reserved()));
    });
  }

  /**
   * Rebuilds the day's state from Postgres, whatever Redis holds: Redis and Postgres disagree at
   * the same epoch (a constraint refused what Redis allowed, Redis knows a key Postgres never
   * recorded). Once per event loop however many requests ask.
   */
  public Future<Void> rebuild(DayKeys day) {
    return load(day, true);
  }

  /**
   * Loads the day's state unless Redis already holds the one at Postgres's epoch: after a flush or
   * on a day's first use every event loop and instance asks at once, and only the first loads;
   * a second load would bump the epoch and void the reservations just made on the first.
   */
  public Future<Void> ensureLoaded(DayKeys day) {
    return load(day, false);
  }

  private Future<Void> load(DayKeys day, boolean always) {
    Future<Void> running = rebuilding.get(day);
    if (running != null) return running;
    Future<Void> f = load(catalog.point(day.point()).orElseThrow(), day, always).andThen(ar -> rebuilding.remove(day));
    if (!f.isComplete()) rebuilding.put(day, f);
    return f;
  }

  /**
   * Under the epoch row's lock: unless Redis is current, a new epoch, the snapshot, and the Redis
   * state replaced, all before the lock is let go, so the next load in line finds Redis current.
   */
  private Future<Void> load(Point point, DayKeys day, boolean always) {
    Tuple key = Tuple.of(day.point(), day.day());
    return pool.preparedQuery(StateSql.CREATE_EPOCH).execute(key).compose(made -> pool.withTransaction(conn -> conn
        .preparedQuery(StateSql.LOCK_EPOCH).execute(key)
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(locked -> scripts.run(Script.LOADED_EPOCH, List.of(day.ctr()), List.of()).compose(loaded -> {
          if (!always && locked > 0 && loaded.toLong() == locked) return Future.<Void>succeededFuture();
          return conn.preparedQuery(StateSql.BUMP_EPOCH).execute(Tuple.of(day.point(), day.day(), loaded.toLong()))
              .map(rows -> rows.iterator().next().getLong(0))
              .compose(epoch -> snapshot(conn, point, day)
                  .compose(snap -> scripts.run(Script.REBUILD, rebuildKeys(point, day),
                      List.of(String.valueOf(epoch), snap.encode())))
                  .map(r -> {
                    metrics.rebuilt();
                    log.info("Redis state of {} {} rebuilt from Postgres at epoch {}: {}", day.point(), day.day(),
                        epoch, r);
                    return (Void) null;
                  }));
        }))));
  }

  private static boolean isNotReady(Response r) {
    return r.size() > 0 && "NOTREADY".equals(r.get(0).toString());
  }

  private static List<String> rebuildKeys(Point point, DayKeys day) {
    List<String> keys = new ArrayList<>(List.of(day.ctr(), day.cap(), day.idem(), day.cit(), day.chk(), day.hall()));
    for (String service : point.services().keySet()) keys.add(day.queue(service));
    return keys;
  }

  private Future<JsonObject> snapshot(SqlConnection conn, Point point, DayKeys day) {
    Tuple key = Tuple.of(day.point(), day.day());
    JsonObject caps = new JsonObject();
    JsonObject ctr = new JsonObject();
    JsonObject idem = new JsonObject();
    JsonObject cit = new JsonObject();
    JsonObject chk = new JsonObject();
    JsonObject queues = new JsonObject();
    point.services().keySet().forEach(s -> queues.put(s, new JsonObject()));
    Map<String, JsonObject> calling = new HashMap<>();
    Map<String, TreeSet<Integer>> pools = new HashMap<>();
    return conn.preparedQuery(StateSql.QUOTAS).execute(key)
        .compose(rows -> {
          Map<String, Row> overrides = new HashMap<>();
          for (Row r : rows) overrides.put(r.getString("service_id"), r);
          point.services().values().forEach(ps -> {
            Row o = overrides.get(ps.id());
            Capacities c = o == null ? Capacities.of(ps, null, null, 0)
                : Capacities.of(ps, o.getInteger("walkin_capacity"), (JsonObject) o.getValue("slot_capacities"),
                    o.getLong("version"));
            caps.put(ps.id(), new JsonObject().put("v", c.version())
                .put("pools", new JsonObject(new HashMap<>(c.pools()))));
          });
          return conn.preparedQuery(StateSql.TICKETS).execute(key);
        })
        .compose(rows -> {
          for (Row r : rows) {
            String service = r.getString("service_id");
            String numberField = "n:" + r.getString("prefix");
            long number = r.getInteger("number");
            if (number > Long.parseLong(ctr.getString(numberField, "0"))) ctr.put(numberField, String.valueOf(number));
            Ticket t = Ticket.from(r, number);
            if ("WAITING".equals(r.getString("status"))) {
              queues.getJsonObject(r.getString("queue_service_id")).put(t.id(), t.encode());
            } else if (r.getString("counter_id") != null
                && List.of("CALLED", "SERVING").contains(r.getString("status"))) {
              calling.put(r.getString("counter_id"), CounterView.ticket(r.getUUID("id"),
                  com.queuehall.tickets.Ticket.display(r.getString("prefix"), (int) number), r.getString("status")));
            }
            Integer place = r.getInteger("walkin_place");
            if (place != null) pools.computeIfAbsent(Capacities.walkInPool(service), k -> new TreeSet<>()).add(place);
            String idemKey = r.getString("idempotency_key");
            if (idemKey != null) idem.put(idemKey, r.getUUID("id").toString());
            if (r.getUUID("appointment_id") != null) chk.put(r.getUUID("appointment_id").toString(),
                String.valueOf(number));
          }
          return conn.preparedQuery(StateSql.ACTIVE_APPOINTMENTS).execute(key);
        })
        .compose(rows -> {
          for (Row r : rows) {
            String service = r.getString("service_id");
            pools.computeIfAbsent(Capacities.slotPool(service, r.getString("slot")), k -> new TreeSet<>())
                .add(r.getInteger("place"));
            cit.put(service + ":" + r.getString("citizen_id"), r.getUUID("id").toString());
          }
          pools.forEach((pool, taken) -> {
            int hi = taken.last();
            StringBuilder free = new StringBuilder();
            for (int p = 1; p < hi; p++) {
              if (!taken.contains(p)) free.append(free.length() == 0 ? "" : " ").append(p);
            }
            ctr.put("p:" + pool, String.valueOf(hi));
            if (free.length() > 0) ctr.put("f:" + pool, free.toString());
          });
          return conn.preparedQuery(StateSql.SERVICE_TIMES).execute(key);
        })
        .compose(rows -> {
          Map<String, Double> averages = new HashMap<>();
          for (Row r : rows) {
            String service = r.getString(0);
            double start = point.service(service).map(ps -> ps.service().serviceMinutes() * 60.0).orElse(300.0);
            averages.put(service, WaitEstimate.fold(averages.getOrDefault(service, start), r.getDouble(1)));
          }
          averages.forEach((service, avg) -> ctr.put("e:" + service,
              String.format(java.util.Locale.ROOT, "%.3f", avg)));
          return conn.preparedQuery(StateSql.COUNTER_SESSIONS).execute(Tuple.of(day.point()));
        })
        .map(rows -> {
          JsonObject hall = CounterView.hall(point, rows, calling);
          return new JsonObject().put("caps", caps).put("ctr", ctr).put("idem", idem).put("cit", cit).put("chk", chk)
              .put("hall", hall).put("services", new JsonArray(new ArrayList<>(point.services().keySet())))
              .put("queues", queues);
        });
  }

  /** A waiting ticket as its queue entry, straight from a row. */
  private record Ticket(String id, QueueEntry entry) {
    static Ticket from(Row r, long number) {
      var slot = r.getOffsetDateTime("slot_start");
      return new Ticket(r.getUUID("id").toString(), new QueueEntry(r.getUUID("id").toString(), (int) number,
          r.getBoolean("green"), r.getUUID("appointment_id") != null,
          r.getOffsetDateTime("arrived_at").toInstant().toEpochMilli(),
          slot == null ? 0 : slot.toInstant().toEpochMilli()));
    }

    String encode() {
      return entry.encode();
    }
  }
}
