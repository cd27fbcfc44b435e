package com.queuehall.tickets;

import com.queuehall.catalog.Catalog.Point;
import com.queuehall.catalog.Catalog.PointService;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import com.queuehall.http.Body;
import com.queuehall.http.Lookup;
import com.queuehall.http.Problem;
import com.queuehall.http.Replies;
import com.queuehall.queue.Waits;
import com.queuehall.tickets.WalkIns.Issued;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Walk-in tickets at a kiosk, and reading a ticket back. */
public final class TicketRoutes {

  static final int MAX_IDEMPOTENCY_KEY = 128;

  private final Lookup lookup;
  private final WalkIns walkIns;
  private final TicketRecords records;
  private final Waits waits;

  public TicketRoutes(Lookup lookup, WalkIns walkIns, TicketRecords records, Waits waits) {
    this.waits = waits;
    this.lookup = lookup;
    this.walkIns = walkIns;
    this.records = records;
  }

  public void mount(Router router, Auth auth) {
    router.post("/api/v1/points/:pointId/tickets").handler(auth.require(Role.KIOSK)).handler(this::issue);
    router.get("/api/v1/tickets/:ticketId").handler(this::get);
  }

  private void issue(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      Point point = lookup.point(ctx.pathParam("pointId"));
      Body body = Body.of(ctx);
      PointService service = lookup.service(point, body.string("service"));
      boolean green = body.flag("green");
      String key = idempotencyKey(ctx);
      walkIns.issue(point, service, lookup.today(), key, green)
          .onSuccess(issued -> send(ctx, issued))
          .onFailure(ctx::fail);
    });
  }

  private void get(RoutingContext ctx) {
    Replies.guarded(ctx, () -> {
      UUID id = uuid(ctx.pathParam("ticketId"), "ticket");
      records.byId(id)
          .compose(t -> t == null
              ? io.vertx.core.Future.failedFuture(Problem.notFound("ticket not found", "no ticket has id " + id))
              : waits.view(t))
          .onSuccess(view -> Replies.json(ctx, 200, view))
          .onFailure(ctx::fail);
    });
  }

  /** The same answer for the first request and for every replay of it, so a retry reads the same. */
  public static void send(RoutingContext ctx, Issued issued) {
    if (issued.replay()) ctx.response().putHeader("Idempotent-Replayed", "true");
    Replies.json(ctx, 201, issued.ticket().toJson(issued.position(), issued.estimatedWaitSeconds()));
  }

  static String idempotencyKey(RoutingContext ctx) {
    return idempotencyKey(ctx.request().getHeader("Idempotency-Key"));
  }

  /** The Idempotency-Key header's value when it is usable, or a bad request that says why not. */
  public static String idempotencyKey(String key) {
    if (key == null || key.isBlank()) {
      throw Problem.badRequest("the Idempotency-Key header is required: send a unique value per ticket request "
          + "and repeat it when retrying");
    }
    if (key.length() > MAX_IDEMPOTENCY_KEY) {
      throw Problem.badRequest("the Idempotency-Key header must be at most " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return key;
  }

  public static UUID uuid(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw Problem.notFound(what + " not found", "'" + text + "' is not a " + what + " id");
    }
  }
}
