package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.queue.WaitEstimate;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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
    List<String> services = new ArrayList<>(point.services().keySet());
    return read(new DayKeys(pointId, day), services).map(r -> {
      JsonArray counters = new JsonArray();
      Response flat = r.get(3);
      for (int i = 0; i < flat.size(); i += 2) {
        if (flat.get(i).toString().startsWith("counter:")) counters.add(new JsonObject(flat.get(i + 1).toString()));
      }
      return new JsonObject().put("type", "snapshot").put("pointId", pointId).put("day", day.toString())
          .put("seq", r.get(2).toLong()).put("epoch", r.get(1).toLong())
          .put("counters", counters).put("queues", queues(point, r));
    });
  }

  /** The figures of some services' queues: [{service, waiting, estimatedWaitSeconds, countersOpen}]. */
  public Future<JsonArray> queues(DayKeys keys, List<String> services) {
    Point point = catalog.point(keys.point()).orElseThrow();
    return read(keys, services).map(r -> queues(point, r));
  }

  private Future<Response> read(DayKeys keys, List<String> services) {
    List<String> redisKeys = new ArrayList<>();
    redisKeys.add(keys.ctr());
    redisKeys.add(keys.hall());
    for (String s : services) redisKeys.add(keys.queue(s));
    return state.decide(keys, Script.HALL_VIEW, redisKeys, services);
  }

  private static JsonArray queues(Point point, Response r) {
    JsonArray out = new JsonArray();
    for (int i = 4; i < r.size(); i++) {
      Response q = r.get(i);
      String service = q.get(0).toString();
      long waiting = q.get(1).toLong();
      long open = q.get(3).toLong();
      long defaultSeconds = point.service(service).map(PointService::service).map(s -> s.serviceMinutes() * 60L).orElse(300L);
      out.add(new JsonObject().put("service", service).put("waiting", waiting)
          .put("estimatedWaitSeconds", WaitEstimate.seconds(q.get(2).toString(), defaultSeconds, waiting + 1, open))
          .put("countersOpen", open));
    }
    return out;
  }
}
