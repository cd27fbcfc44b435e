package com.queuehall.perf.replay;

import com.queuehall.perf.replay.Ledger.Source;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants checked against the server's own view at the end: what was acknowledged must fit
 * the capacities in force (the admin quota view of each point, service and day the replay touched).
 * Assumes the trace does not change quotas: a quota lowered mid-day legitimately leaves more issued
 * than the new capacity.
 */
final class Checks {

  private final Target target;
  private final Ledger ledger;

  Checks(Target target, Ledger ledger) {
    this.target = target;
    this.ledger = ledger;
  }

  Future<Void> run() {
    Map<Source, Set<String>> walkIns = ledger.walkIns();
    Map<Source, Map<String, Set<String>>> bookings = ledger.bookings();
    Set<Source> sources = new HashSet<>(walkIns.keySet());
    sources.addAll(bookings.keySet());
    List<Source> todo = new ArrayList<>(sources);
    return checkFrom(todo, 0, walkIns, bookings);
  }

  // One source at a time: a few hundred small reads, kept gentle on the server under test.
  private Future<Void> checkFrom(List<Source> todo, int i, Map<Source, Set<String>> walkIns,
      Map<Source, Map<String, Set<String>>> bookings) {
    if (i >= todo.size()) return Future.succeededFuture();
    Source s = todo.get(i);
    String path = "/api/v1/admin/points/" + s.point() + "/services/" + s.service() + "/days/" + s.day() + "/quota";
    return target.send(HttpMethod.GET, path, target.admin(), Map.of(), null).compose(r -> {
      if (r.statusCode() != 200) {
        ledger.violation("cannot read the quota of " + s + ": HTTP " + r.statusCode());
        return Future.succeededFuture();
      }
      compare(s, r.bodyAsJsonObject(), walkIns.getOrDefault(s, Set.of()), bookings.getOrDefault(s, Map.of()));
      return Future.succeededFuture();
    }, e -> {
      ledger.violation("cannot read the quota of " + s + ": " + e.getMessage());
      return Future.succeededFuture();
    }).compose(v -> checkFrom(todo, i + 1, walkIns, bookings));
  }

  private void compare(Source s, JsonObject quota, Set<String> walkIns, Map<String, Set<String>> slots) {
    long walkInCapacity = quota.getJsonObject("walkIn").getLong("capacity");
    if (walkIns.size() > walkInCapacity) {
      ledger.violation("walk-in quota exceeded: " + s.point() + " " + s.service() + " " + s.day() + " acknowledged "
          + walkIns.size() + " walk-ins for a capacity of " + walkInCapacity);
    }
    JsonObject capacities = quota.getJsonObject("slots", new JsonObject());
    slots.forEach((slot, ids) -> {
      JsonObject c = capacities.getJsonObject(slot);
      if (c == null) {
        ledger.violation("booked a slot the server does not know: " + s + " " + slot);
      } else if (ids.size() > c.getLong("capacity")) {
        ledger.violation("slot over capacity: " + s.point() + " " + s.service() + " " + s.day() + " " + slot
            + " acknowledged " + ids.size() + " bookings for a capacity of " + c.getLong("capacity"));
      }
    });
  }
}
