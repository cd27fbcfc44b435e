package com.queuehall.catalog;

import com.queuehall.catalog.Catalog.CallingRule;
import com.queuehall.catalog.Catalog.Counter;
import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.catalog.Catalog.Service;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a catalog file: the shipped default, or the operator's own (QH_CATALOG). Read once at
 * start, before any event loop serves, and refused with a precise message when inconsistent.
 */
public final class CatalogFile {

  public static final String DEFAULT_RESOURCE = "/catalog/default-catalog.json";

  private CatalogFile() {}

  public static Catalog load(String path) {
    try {
      if (path == null) {
        try (InputStream in = CatalogFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
          return parse(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
      return parse(new JsonObject(Files.readString(Path.of(path))));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no catalog file at " + path + " (QH_CATALOG)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read catalog " + path + ": " + e, e);
    }
  }

  public static Catalog parse(JsonObject json) {
    Map<String, Service> services = new LinkedHashMap<>();
    Set<String> prefixes = new HashSet<>();
    for (Object o : array(json, "services")) {
      Service s = service((JsonObject) o);
      if (services.put(s.id(), s) != null) throw bad("service " + s.id() + " is listed twice");
      if (!prefixes.add(s.prefix())) throw bad("prefix " + s.prefix() + " is used by two services");
    }
    ZoneId zone = ZoneId.of(json.getString("timezone", "Asia/Shanghai"));
    CallingRule defaultRule = rule(json.getJsonObject("callingRule"), CallingRule.DEFAULT);
    Map<String, Point> points = new LinkedHashMap<>();
    Set<String> kiosks = new HashSet<>();
    for (Object o : array(json, "points")) {
      Point p = point((JsonObject) o, services, defaultRule);
      if (points.put(p.id(), p) != null) throw bad("point " + p.id() + " is listed twice");
      for (String k : p.kiosks()) {
        if (!kiosks.add(k)) throw bad("kiosk " + k + " is listed twice");
      }
    }
    return new Catalog(zone, json.getInteger("bookingHorizonDays", 14), Map.copyOf(services),
        java.util.Collections.unmodifiableMap(points));
  }

  private static Service service(JsonObject j) {
    String id = required(j, "id");
    if (!id.matches("[a-z0-9-]{2,40}")) throw bad("service id " + id + " must be lower-case letters, digits and '-'");
    String prefix = required(j, "prefix");
    if (!prefix.matches("[A-Z]")) throw bad("service " + id + ": prefix must be one capital letter");
    String line = required(j, "line");
    if (!List.of("exit-entry", "household", "traffic").contains(line)) {
      throw bad("service " + id + ": line must be exit-entry, household or traffic");
    }
    JsonObject g = j.getJsonObject("slotGrid");
    if (g == null) throw bad("service " + id + " has no slotGrid");
    SlotGrid grid = new SlotGrid(LocalTime.parse(required(g, "start")), LocalTime.parse(required(g, "end")),
        g.getInteger("minutes", 30), g.getInteger("capacity", 0));
    int quota = j.getInteger("walkInQuota", 0);
    if (quota < 0) throw bad("service " + id + ": walkInQuota must not be negative");
    return new Service(id, line, j.getString("name", id), prefix, quota, grid, j.getInteger("serviceMinutes", 5));
  }

  private static CallingRule rule(JsonObject j, CallingRule fallback) {
    if (j == null) return fallback;
    List<String> order = new ArrayList<>();
    for (Object o : j.getJsonArray("order", new JsonArray(fallback.order()))) order.add(String.valueOf(o));
    try {
      return new CallingRule(order, j.getInteger("maxWaitMinutes", fallback.maxWaitMinutes()),
          j.getInteger("appointmentGraceMinutes", fallback.appointmentGraceMinutes()),
          j.getInteger("recallLimit", fallback.recallLimit()));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw bad(e.getMessage());
    }
  }

  private static Point point(JsonObject j, Map<String, Service> services, CallingRule defaultRule) {
    String id = required(j, "id");
    if (!id.matches("P\\d{3}")) throw bad("point id " + id + " must look like P001");
    Map<String, PointService> offered = new LinkedHashMap<>();
    for (Object o : array(j, "services")) {
      JsonObject ps = (JsonObject) o;
      Service s = services.get(required(ps, "id"));
      if (s == null) throw bad("point " + id + " offers unknown service " + ps.getString("id"));
      offered.put(s.id(), new PointService(s, ps.getInteger("walkInQuota", s.walkInQuota()),
          ps.getInteger("slotCapacity", s.grid().capacity())));
    }
    List<Counter> counters = new ArrayList<>();
    for (Object o : array(j, "counters")) {
      JsonObject c = (JsonObject) o;
      List<String> serves = new ArrayList<>();
      for (Object s : c.getJsonArray("services", new JsonArray())) {
        if (!offered.containsKey(s)) throw bad("counter " + c.getString("id") + " at " + id + " serves " + s
            + ", which the point does not offer");
        serves.add((String) s);
      }
      counters.add(new Counter(required(c, "id"), List.copyOf(serves)));
    }
    List<String> kiosks = new ArrayList<>();
    for (Object k : j.getJsonArray("kiosks", new JsonArray())) kiosks.add((String) k);
    return new Point(id, j.getString("name", id), j.getString("district", ""),
        java.util.Collections.unmodifiableMap(offered), List.copyOf(kiosks), List.copyOf(counters),
        rule(j.getJsonObject("callingRule"), defaultRule));
  }

  private static JsonArray array(JsonObject j, String field) {
    JsonArray a = j.getJsonArray(field);
    if (a == null) throw bad("catalog is missing the array '" + field + "'");
    return a;
  }

  private static String required(JsonObject j, String field) {
    String v = j.getString(field);
    if (v == null || v.isBlank()) throw bad("catalog entry " + j.encode() + " is missing '" + field + "'");
    return v;
  }

  private static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException("catalog: " + message);
  }
}
