package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.Point;
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
import java.util.List;

/**
 * What a hall display shows: its counters and, per service, the queue length, a newcomer's estimated
 * wait and the open counters, read in one Redis step (hall_view.lua for a snapshot, publish.lua for
 * each event's figures) by lib.lua's queue_figures.
 */
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
    DayKeys keys = new DayKeys(pointId, day);
    List<String> args = figureArgs(point, point.services().keySet());
    return state.decide(keys, Script.HALL_VIEW, figureKeys(keys, point), args).map(r -> {
      JsonArray counters = new JsonArray();
      Response flat = r.get(3);
      for (int i = 0; i < flat.size(); i += 2) {
        if (flat.get(i).toString().startsWith("counter:")) counters.add(new JsonObject(flat.get(i + 1).toString()));
      }
      return new JsonObject().put("type", "snapshot").put("pointId", pointId).put("day", day.toString())
          .put("seq", r.get(2).toLong()).put("epoch", r.get(1).toLong())
          .put("counters", counters).put("queues", new JsonArray(r.get(4).toString()));
    });
  }

  /**
   * The keys of hall_view.lua and publish.lua: ctr, hall, then every queue of the point (lib.lua's
   * queue_figures reads them all: a wait depends on the other queues its counters serve too).
   */
  static List<String> figureKeys(DayKeys keys, Point point) {
    List<String> out = new ArrayList<>(List.of(keys.ctr(), keys.hall()));
    out.addAll(keys.queues(new ArrayList<>(point.services().keySet())));
    return out;
  }

  /**
   * The arguments of queue_figures, in the order of figureKeys' queues: per service of the point its id, its
   * catalog service time in seconds (the estimate's until one is measured), and 1 if its queue
   * changed: queue_figures reports it and every queue sharing an open counter with it.
   */
  static List<String> figureArgs(Point point, Collection<String> changed) {
    List<String> args = new ArrayList<>();
    point.services().forEach((id, ps) -> {
      args.add(id);
      args.add(String.valueOf(ps.service().serviceMinutes() * 60L));
      args.add(changed.contains(id) ? "1" : "0");
    });
    return args;
  }
}
