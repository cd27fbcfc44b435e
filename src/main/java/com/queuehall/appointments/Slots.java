package com.queuehall.appointments;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.quota.Capacities;
import com.queuehall.quota.DayState;
import com.queuehall.redis.DayKeys;
import com.queuehall.redis.Script;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** Capacity and remaining places of appointment slots, read from the Redis state in one script. */
public final class Slots {

  private final Catalog catalog;
  private final DayState state;
  private final Clock clock;

  public Slots(Catalog catalog, DayState state, Clock clock) {
    this.catalog = catalog;
    this.state = state;
    this.clock = clock;
  }

  /** Every slot of the day: {slot, capacity, remaining, started}. */
  public Future<JsonArray> day(String point, PointService service, LocalDate day) {
    List<String> names = service.service().grid().slots();
    List<String> pools = new ArrayList<>(names.size());
    for (String s : names) pools.add(Capacities.slotPool(service.id(), s));
    DayKeys keys = new DayKeys(point, day);
    LocalDate today = catalog.today(clock);
    LocalTime now = LocalTime.now(clock.withZone(catalog.zone()));
    return state.decide(keys, Script.SLOT_PLACES, List.of(keys.ctr(), keys.cap()), pools).map(r -> {
      JsonArray out = new JsonArray();
      for (int i = 0; i < names.size(); i++) {
        long capacity = r.get(1 + 2 * i).toLong();
        long inUse = r.get(2 + 2 * i).toLong();
        boolean started = day.equals(today) && !service.service().grid().startOf(names.get(i)).isAfter(now);
        out.add(new JsonObject().put("slot", names.get(i)).put("capacity", capacity)
            .put("remaining", Math.max(0, capacity - inUse)).put("started", started));
      }
      return out;
    });
  }

  /** The next slots, from a day on, that have not begun and still have room; at most `limit`. */
  public Future<JsonArray> nextWithRoom(String point, PointService service, LocalDate from, int limit) {
    return collect(point, service, from, from.plusDays(catalog.bookingHorizonDays()), limit, new JsonArray());
  }

  private Future<JsonArray> collect(String point, PointService service, LocalDate day, LocalDate last, int limit,
      JsonArray found) {
    if (found.size() >= limit || day.isAfter(last)) return Future.succeededFuture(found);
    return day(point, service, day).compose(slots -> {
      for (Object o : slots) {
        JsonObject s = (JsonObject) o;
        if (found.size() < limit && !s.getBoolean("started") && s.getLong("remaining") > 0) {
          found.add(new JsonObject().put("day", day.toString()).put("slot", s.getString("slot"))
              .put("remaining", s.getLong("remaining")));
        }
      }
      return collect(point, service, day.plusDays(1), last, limit, found);
    });
  }
}
