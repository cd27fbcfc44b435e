package com.queuehall.counters;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import com.queuehall.http.Body;
import com.queuehall.http.Lookup;
import com.queuehall.http.Problem;
import com.queuehall.http.Replies;
import com.queuehall.tickets.Ticket;
import com.queuehall.tickets.TicketRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The counter terminal's API. Every route needs a counter token of the point. */
public final class CounterRoutes {

  private static final String BASE = "/api/v1/points/:pointId/counters/:counterId";
  private static final Pattern NUMBER = Pattern.compile("([A-Z])(\\d{1,6})");

  private final Lookup lookup;
  private final Sessions sessions;
  private final Calls calls;
  private final Transitions transitions;

  public CounterRoutes(Lookup lookup, Sessions sessions, Calls calls, Transitions transitions) {
    this.lookup = lookup;
    this.sessions = sessions;
    this.calls = calls;
    this.transitions = transitions;
  }

  public void mount(Router router, Auth auth) {
    router.put(BASE + "/session").handler(auth.require(Role.COUNTER)).handler(this::session);
    router.post(BASE + "/call-next").handler(auth.require(Role.COUNTER)).handler(this::callNext);
    router.post(BASE + "/call").handler(auth.require(Role.COUNTER)).handler(this::callNumber);
    for (String action : List.of("recall", "no-show", "start", "complete", "transfer")) {
      router.post(BASE + "/tickets/:ticketId/" + action).handler(auth.require(Role.COUNTER))
          .handler(ctx -> act(ctx, action));
    }
  }

  private Point point(RoutingContext ctx) {
    Point point = lookup.point(ctx.pathParam("pointId"));
    String counter = ctx.pathParam("counterId");
    if (point.counter(counter).isEmpty()) {
      throw Problem.notFound("unknown counter", "point " + point.id() + " has no counter " + counter);
    }
    return point;
  }

  private void session(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Point point = point(ctx);
      Body body = Body.of(ctx);
      String status = body.string("status");
      if (!Sessions.STATUSES.contains(status)) throw Problem.badRequest("'status' must be open, paused or closed");
      Object raw = body.json().getValue("services");
      if (!(raw instanceof JsonArray array) || array.isEmpty()) {
        throw Problem.badRequest("'services' must be a non-empty array of the services this counter serves");
      }
      List<String> services = new ArrayList<>(new LinkedHashSet<>(array.stream().map(s -> {
        if (!(s instanceof String id)) throw Problem.badRequest("'services' must hold service ids as strings");
        return lookup.service(point, id).id();
      }).toList()));
      sessions.set(point, lookup.today(), ctx.pathParam("counterId"), status, services)
          .onSuccess(view -> Replies.json(ctx, 200, view))
          .onFailure(ctx::fail);
    });
  }

  private void callNext(RoutingContext ctx) {
    Replies.guarded(ctx, () -> answer(ctx, calls.next(point(ctx), lookup.today(), ctx.pathParam("counterId"))));
  }

  private void callNumber(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Point point = point(ctx);
      String number = Body.of(ctx).string("number").trim();
      Matcher m = NUMBER.matcher(number);
      if (!m.matches()) throw Problem.badRequest("'number' must be a ticket number such as A017");
      answer(ctx, calls.byNumber(point, lookup.today(), ctx.pathParam("counterId"), m.group(1),
          Integer.parseInt(m.group(2))));
    });
  }

  private void act(RoutingContext ctx, String action) {
    Replies.guarded(ctx, () -> {
      Point point = point(ctx);
      String counter = ctx.pathParam("counterId");
      UUID id = TicketRoutes.uuid(ctx.pathParam("ticketId"), "ticket");
      answer(ctx, switch (action) {
        case "recall" -> transitions.recall(point, counter, id);
        case "no-show" -> transitions.noShow(point, counter, id);
        case "start" -> transitions.start(point, counter, id);
        case "complete" -> transitions.complete(point, counter, id);
        case "transfer" -> {
          PointService to = lookup.service(point, Body.of(ctx).string("service"));
          yield transitions.transfer(point, counter, id, to);
        }
        default -> throw new IllegalArgumentException(action);
      });
    });
  }

  /** 200 with the ticket, or 204 when there was nobody to call. */
  private static void answer(RoutingContext ctx, Future<Ticket> result) {
    result.onSuccess(t -> {
      if (t == null) ctx.response().setStatusCode(204).end();
      else Replies.json(ctx, 200, t.toJson());
    }).onFailure(ctx::fail);
  }
}
