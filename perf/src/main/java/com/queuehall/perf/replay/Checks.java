package com.queuehall.perf.replay;

import com.queuehall.perf.replay.Ledger.Source;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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

  /** The admin quota of a point's service on a day: capacities in force and places taken. */
  static String quotaPath(String point, String service, String day) {
    return "/api/v1/admin/points/" + point + "/services/" + service + "/days/" + day + "/quota";
  }

  Future<Void> run() {
    Map<Source, Set<String>> walkIns = ledger.walkIns();
    Map<Source, Map<String, Set<String>>> bookings = ledger.bookings();
    Set<Source> sources = new HashSet<>(walkIns.keySet());
    sources.addAll(bookings.keySet());
    List<Source> todo = new ArrayList<>(sources);
    Promise<Void> done = Promise.promise();
    checkFrom(todo, 0, walkIns, bookings, done);
    return done.future();
  }

  /**
   * One source at a time: a few hundred small reads, kept gentle on the server under test. Each
   * next read starts from the previous answer and `done` completes once at the end: a chain of
   * composed futures, one per source, overflowed the stack when its ~2,000 links completed at once.
   */
  private void checkFrom(List<Source> todo, int i, Map<Source, Set<String>> walkIns,
      Map<Source, Map<String, Set<String>>> bookings, Promise<Void> done) {
    if (i >= todo.size()) {
      done.complete();
      return;
    }
    Source s = todo.get(i);
    String path = quotaPath(s.point(), s.service(), String.valueOf(s.day()));
    target.send(HttpMethod.GET, path, target.admin(), Map.of(), null).onComplete(ar -> {
      if (ar.failed()) {
        ledger.violation("cannot read the quota of " + s + ": " + ar.cause().getMessage());
      } else if (ar.result().statusCode() != 200) {
        ledger.violation("cannot read the quota of " + s + ": HTTP " + ar.result().statusCode());
      } else {
        compare(s, ar.result().bodyAsJsonObject(), walkIns.getOrDefault(s, Set.of()),
            bookings.getOrDefault(s, Map.of()));
      }
      checkFrom(todo, i + 1, walkIns, bookings, done);
    });
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
