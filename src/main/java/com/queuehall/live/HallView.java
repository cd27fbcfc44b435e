package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.queue.Waits;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a hall display shows: its counters and, per service, the queue length and estimated wait. */
public final class HallView {

  private final Catalog catalog;
  private final DayState state;

  public HallView(Catalog catalog, DayState state) {
    this.catalog = catalog;
    this.state = state;
  }

  /** The whole hall, current to the returned seq: {type: snapshot, seq, epoch, counters, queues}. */
  public Future<JsonObject> snapshot(String pointId, LocalDate day) {
    Point point = catalog.point(pointId).orElseThrow();
    return read(new DayKeys(pointId, day), point).map(r -> {
      JsonArray counters = new JsonArray();
      Response flat = r.get(3);
      for (int i = 0; i < flat.size(); i += 2) {
        if (flat.get(i).toString().startsWith("counter:")) counters.add(new JsonObject(flat.get(i + 1).toString()));
      }
      return new JsonObject().put("type", "snapshot").put("pointId", pointId).put("day", day.toString())
          .put("seq", r.get(2).toLong()).put("epoch", r.get(1).toLong())
          .put("counters", counters).put("queues", queues(point, r, point.services().keySet()));
    });
  }

  /** The figures of some services' queues: [{service, waiting, estimatedWaitSeconds, countersOpen}]. */
  public Future<JsonArray> queues(DayKeys keys, List<String> services) {
    Point point = catalog.point(keys.point()).orElseThrow();
    return read(keys, point).map(r -> queues(point, r, services));
  }

  /** Every queue of the point: a wait depends on the other queues its counters serve too. */
  private Future<Response> read(DayKeys keys, Point point) {
    List<String> services = new ArrayList<>(point.services().keySet());
    List<String> redisKeys = new ArrayList<>(List.of(keys.ctr(), keys.hall()));
    redisKeys.addAll(keys.queues(services));
    return state.decide(keys, Script.HALL_VIEW, redisKeys, services);
  }

  /** A newcomer's estimated wait: everyone waiting now is ahead of them. */
  private static JsonArray queues(Point point, Response r, Collection<String> services) {
    Map<String, Long> waiting = new HashMap<>();
    Map<String, String> averages = new HashMap<>();
    Map<String, Long> open = new HashMap<>();
    for (int i = 4; i < r.size(); i++) {
      Response q = r.get(i);
      waiting.put(q.get(0).toString(), q.get(1).toLong());
      averages.put(q.get(0).toString(), q.get(2).toString());
      open.put(q.get(0).toString(), q.get(3).toLong());
    }
    WaitEstimate estimate = Waits.estimateAt(point, averages, r.get(3));
    JsonArray out = new JsonArray();
    for (String service : services) {
      out.add(new JsonObject().put("service", service).put("waiting", waiting.getOrDefault(service, 0L))
          .put("estimatedWaitSeconds", estimate.seconds(service, waiting))
          .put("countersOpen", open.getOrDefault(service, 0L)));
    }
    return out;
  }
}
