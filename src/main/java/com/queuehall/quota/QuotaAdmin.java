package com.queuehall.quota;

import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Problem;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import com.queuehall.redis.ScriptRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hall adjusts a day's number source. Postgres records the change (and its version) first; the
 * new capacities then go into force in Redis at once, between two decisions. Postgres's quota
 * check refuses anything beyond the new capacity even before Redis has it.
 */
public final class QuotaAdmin {

  private static final Logger log = LoggerFactory.getLogger(QuotaAdmin.class);

  private final Pool pool;
  private final ScriptRunner scripts;
  private final DayState state;
  private final int retryAfterSeconds;

  public QuotaAdmin(Pool pool, ScriptRunner scripts, DayState state, int retryAfterSeconds) {
    this.pool = pool;
    this.scripts = scripts;
    this.state = state;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Future<JsonObject> set(String point, PointService service, LocalDate day, Integer walkIn, JsonObject slots) {
    JsonObject change = new JsonObject().put("walkIn", walkIn).put("slots", slots);
    return pool.withTransaction(conn -> conn.preparedQuery(StateSql.UPSERT_QUOTA)
            .execute(Tuple.of(point, service.id(), day, walkIn, slots))
            .compose(rows -> {
              Row r = rows.iterator().next();
              Capacities c = Capacities.of(service, r.getInteger("walkin_capacity"),
                  (JsonObject) r.getValue("slot_capacities"), r.getLong("version"));
              return conn.preparedQuery(StateSql.QUOTA_EVENT)
                  .execute(Tuple.of(point, day, service.id(), change.put("version", c.version())))
                  .map(c);
            }))
        .compose(c -> putInForce(new DayKeys(point, day), c).map(c))
        .compose(c -> view(point, service, day));
  }

  /** Capacities in force, and how many places of each pool are taken. */
  public Future<JsonObject> view(String point, PointService service, LocalDate day) {
    DayKeys keys = new DayKeys(point, day);
    List<String> slots = service.service().grid().slots();
    List<String> pools = new ArrayList<>();
    pools.add(Capacities.walkInPool(service.id()));
    for (String s : slots) pools.add(Capacities.slotPool(service.id(), s));
    return state.decide(keys, Script.SLOT_PLACES, List.of(keys.ctr(), keys.cap()), pools).map(r -> {
      JsonObject slotView = new JsonObject();
      for (int i = 0; i < slots.size(); i++) {
        slotView.put(slots.get(i), new JsonObject().put("capacity", r.get(3 + 2 * i).toLong())
            .put("booked", r.get(4 + 2 * i).toLong()));
      }
      return new JsonObject().put("pointId", point).put("service", service.id()).put("day", day.toString())
          .put("walkIn", new JsonObject().put("capacity", r.get(1).toLong()).put("issued", r.get(2).toLong()))
          .put("slots", slotView);
    });
  }

  private Future<Void> putInForce(DayKeys keys, Capacities c) {
    List<String> args = new ArrayList<>();
    args.add(c.service());
    args.add(String.valueOf(c.version()));
    for (Map.Entry<String, String> e : c.pools().entrySet()) {
      args.add(e.getKey());
      args.add(e.getValue());
    }
    return scripts.run(Script.SET_QUOTA, List.of(keys.cap()), args).<Void>mapEmpty().recover(e -> {
      log.error("quota v{} of {} {} recorded but not put in force in Redis: {}", c.version(), keys, c.service(),
          e.toString());
      return Future.failedFuture(Problem.unavailable("the change is recorded but Redis did not take it yet; "
          + "send the same request again", retryAfterSeconds));
    });
  }
}
