package com.queuehall.appointments;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import com.queuehall.http.Body;
import com.queuehall.http.Lookup;
import com.queuehall.http.Problem;
import com.queuehall.http.Replies;
import com.queuehall.tickets.TicketRoutes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Pattern;

/** Slots, bookings, cancellations and check-ins. Looking up slots and booking are public. */
public final class AppointmentRoutes {

  private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
  private static final Pattern CODE = Pattern.compile("[0-9A-Z]{8}");

  private final Lookup lookup;
  private final Slots slots;
  private final Bookings bookings;
  private final CheckIns checkIns;

  public AppointmentRoutes(Lookup lookup, Slots slots, Bookings bookings, CheckIns checkIns) {
    this.lookup = lookup;
    this.slots = slots;
    this.bookings = bookings;
    this.checkIns = checkIns;
  }

  public void mount(Router router, Auth auth) {
    router.get("/api/v1/points/:pointId/slots").handler(this::slots);
    router.post("/api/v1/appointments").handler(this::book);
    router.delete("/api/v1/appointments/:appointmentId").handler(this::cancel);
    router.post("/api/v1/points/:pointId/check-ins").handler(auth.require(Role.KIOSK)).handler(this::checkIn);
  }

  private void slots(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Point point = lookup.point(ctx.pathParam("pointId"));
      String serviceId = ctx.queryParams().get("service");
      if (serviceId == null || serviceId.isBlank()) throw Problem.badRequest(
          "the query parameter 'service' is required");
      PointService service = lookup.service(point, serviceId);
      String dayText = ctx.queryParams().get("day");
      LocalDate day = lookup.bookableDay(dayText == null ? lookup.today() : Body.day(dayText, "day"), "day");
      slots.day(point.id(), service, day)
          .onSuccess(list -> Replies.json(ctx, 200, new JsonObject().put("pointId", point.id())
              .put("service", service.id()).put("day", day.toString()).put("slots", list)))
          .onFailure(ctx::fail);
    });
  }

  private void book(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Body body = Body.of(ctx);
      Point point = lookup.pointField(body.string("pointId"));
      PointService service = lookup.service(point, body.string("service"));
      LocalDate day = lookup.bookableDay(Body.day(body.string("day"), "day"), "day");
      String slot = body.string("slot");
      if (!service.service().grid().has(slot)) {
        throw Problem.badRequest("slot '" + slot + "' is not a " + service.id() + " slot; slots are "
            + service.service().grid().slots().get(0) + " and every " + service.service().grid().minutes()
            + " minutes until " + service.service().grid().end());
      }
      if (day.equals(lookup.today())
          && !service.service().grid().startOf(slot)
              .isAfter(LocalTime.now(lookup.clock().withZone(lookup.catalog().zone())))) {
        throw Problem.badRequest("slot " + slot + " today has already begun; pick a later slot");
      }
      String citizenId = body.string("citizenId");
      String why = ResidentId.problem(citizenId);
      if (why != null) throw Problem.badRequest(why);
      String phone = body.string("phone");
      if (!PHONE.matcher(phone).matches()) throw Problem.badRequest("phone must be an 11-digit mainland mobile number");
      bookings.book(new Bookings.Request(point.id(), service, day, slot, ResidentId.normalise(citizenId), phone))
          .onSuccess(a -> Replies.json(ctx, 201, a.toJson()))
          .onFailure(ctx::fail);
    });
  }

  private void cancel(RoutingContext ctx) {
    Replies.guarded(ctx, () -> bookings.cancel(TicketRoutes.uuid(ctx.pathParam("appointmentId"), "appointment"),
            lookup::today)
        .onSuccess(a -> Replies.json(ctx, 200, a.toJson()))
        .onFailure(ctx::fail));
  }

  private void checkIn(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Point point = lookup.point(ctx.pathParam("pointId"));
      String code = Body.of(ctx).string("code").trim().toUpperCase(Locale.ROOT);
      if (!CODE.matcher(code).matches()) throw Problem.badRequest("'code' must be the 8-character check-in code");
      checkIns.checkIn(point.id(), code)
          .onSuccess(issued -> TicketRoutes.send(ctx, issued))
          .onFailure(ctx::fail);
    });
  }
}
