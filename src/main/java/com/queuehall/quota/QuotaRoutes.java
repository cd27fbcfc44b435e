package com.queuehall.quota;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import com.queuehall.http.Body;
import com.queuehall.http.Lookup;
import com.queuehall.http.Problem;
import com.queuehall.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;

/** Admin: read and adjust one day's number source for a service at a point. */
public final class QuotaRoutes {

  static final int MAX_CAPACITY = 100_000;
  private static final String PATH = "/api/v1/admin/points/:pointId/services/:service/days/:day/quota";

  private final Lookup lookup;
  private final QuotaAdmin admin;

  public QuotaRoutes(Lookup lookup, QuotaAdmin admin) {
    this.lookup = lookup;
    this.admin = admin;
  }

  public void mount(Router router, Auth auth) {
    router.get(PATH).handler(auth.require(Role.ADMIN)).handler(this::get);
    router.put(PATH).handler(auth.require(Role.ADMIN)).handler(this::put);
  }

  private record Target(Point point, PointService service, LocalDate day) {}

  /** A past day may be read (what was issued), only today and later may be changed. */
  private Target target(RoutingContext ctx, boolean change) {
    Point point = lookup.point(ctx.pathParam("pointId"));
    PointService service = lookup.service(point, ctx.pathParam("service"));
    LocalDate day = Body.day(ctx.pathParam("day"), "day");
    if (change) lookup.bookableDay(day, "day");
    return new Target(point, service, day);
  }

  private void get(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Target t = target(ctx, false);
      admin.view(t.point.id(), t.service, t.day).onSuccess(v -> Replies.json(ctx, 200, v)).onFailure(ctx::fail);
    });
  }

  private void put(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Target t = target(ctx, true);
      Body body = Body.of(ctx);
      Integer walkIn = body.optionalInt("walkIn", 0, MAX_CAPACITY);
      JsonObject slots = body.optionalObject("slots");
      JsonObject checked = new JsonObject();
      if (slots != null) {
        for (String slot : slots.fieldNames()) {
          if (!t.service.service().grid().has(slot)) {
            throw Problem.badRequest("slot '" + slot + "' is not a " + t.service.id() + " slot; slots are "
                + String.join(", ", t.service.service().grid().slots()));
          }
          Object capacity = slots.getValue(slot);
          if (capacity == null) throw Problem.badRequest("slots." + slot + " must be a whole number, not null");
          checked.put(slot, Body.wholeNumber(capacity, "slots." + slot, 0, MAX_CAPACITY));
        }
      }
      for (String field : body.json().fieldNames()) {
        if (!field.equals("walkIn") && !field.equals("slots")) {
          throw Problem.badRequest("unknown field '" + field + "'; send walkIn and/or slots");
        }
      }
      if (walkIn == null && checked.isEmpty()) throw Problem.badRequest("send walkIn and/or slots: nothing to change");
      admin.set(t.point.id(), t.service, t.day, walkIn, checked)
          .onSuccess(v -> Replies.json(ctx, 200, v))
          .onFailure(ctx::fail);
    });
  }
}
