package com.queuehall.quota;

import com.queuehall.catalog.Catalog.PointService;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The capacities in force for one service at one point and day: the catalog default, overridden
 * by the day's quota row where it says so. Pools are named as the Lua scripts name them.
 */
public record Capacities(String service, long version, int walkIn, Map<String, Integer> slots) {

  public static Capacities of(PointService ps, Integer walkInOverride, JsonObject slotOverrides, long version) {
    Map<String, Integer> slots = new LinkedHashMap<>();
    for (String slot : ps.service().grid().slots()) {
      Integer o = slotOverrides == null ? null : slotOverrides.getInteger(slot);
      slots.put(slot, o != null ? o : ps.slotCapacity());
    }
    return new Capacities(ps.id(), version, walkInOverride != null ? walkInOverride : ps.walkInQuota(), slots);
  }

  public static String walkInPool(String service) {
    return "w:" + service;
  }

  public static String slotPool(String service, String slot) {
    return "s:" + service + ":" + slot;
  }

  /** pool → capacity, as stored in the cap hash. */
  public Map<String, String> pools() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(walkInPool(service), String.valueOf(walkIn));
    slots.forEach((slot, c) -> out.put(slotPool(service, slot), String.valueOf(c)));
    return out;
  }

  public JsonObject toJson() {
    JsonObject s = new JsonObject();
    slots.forEach(s::put);
    return new JsonObject().put("service", service).put("walkIn", walkIn).put("slots", s).put("version", version);
  }
}
