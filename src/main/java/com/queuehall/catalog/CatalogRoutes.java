package com.queuehall.catalog;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Lookup;
import com.queuehall.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET /api/v1/points and /api/v1/points/{pointId}: the halls as the catalog describes them. */
public final class CatalogRoutes {

  private final Lookup lookup;
  private final JsonObject list;

  public CatalogRoutes(Lookup lookup) {
    this.lookup = lookup;
    JsonArray points = new JsonArray();
    lookup.catalog().points().values().forEach(p -> points.add(summary(p)));
    this.list = new JsonObject().put("timezone", lookup.catalog().zone().getId()).put("points", points);
  }

  public void mount(Router router) {
    router.get("/api/v1/points").handler(this::list);
    router.get("/api/v1/points/:pointId").handler(this::one);
  }

  private void list(RoutingContext ctx) {
    Replies.json(ctx, 200, list);
  }

  private void one(RoutingContext ctx) {
    Replies.guarded(ctx, () -> Replies.json(ctx, 200, detail(lookup.point(ctx.pathParam("pointId")))));
  }

  private static JsonObject summary(Point p) {
    return new JsonObject().put("id", p.id()).put("name", p.name()).put("district", p.district())
        .put("services", new JsonArray(p.services().keySet().stream().toList()))
        .put("kiosks", p.kiosks().size()).put("counters", p.counters().size());
  }

  private static JsonObject detail(Point p) {
    JsonArray services = new JsonArray();
    for (PointService ps : p.services().values()) {
      var s = ps.service();
      services.add(new JsonObject().put("id", s.id()).put("line", s.line()).put("name", s.name())
          .put("prefix", s.prefix()).put("walkInQuota", ps.walkInQuota())
          .put("slotGrid", new JsonObject().put("start", s.grid().start().toString())
              .put("end", s.grid().end().toString())
              .put("minutes", s.grid().minutes()).put("capacity", ps.slotCapacity()))
          .put("serviceMinutes", s.serviceMinutes()));
    }
    JsonArray counters = new JsonArray();
    p.counters().forEach(c -> counters.add(new JsonObject().put("id", c.id())
        .put("services", new JsonArray(c.services()))));
    return new JsonObject().put("id", p.id()).put("name", p.name()).put("district", p.district())
        .put("services", services).put("kiosks", new JsonArray(p.kiosks())).put("counters", counters);
  }
}
