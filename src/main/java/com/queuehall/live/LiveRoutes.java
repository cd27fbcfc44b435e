package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.http.Problem;
import com.queuehall.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The two public WebSocket feeds, without a token since they show what the hall's screens show: a
 * hall display's (the whole point) and a phone's (one ticket). The upgrade always happens; a point
 * or ticket that does not exist is then closed with 4404 and a reason, which a browser can read.
 */
public final class LiveRoutes {

  public static final String HALL = "/api/v1/points/:pointId/live";
  public static final String TICKET = "/api/v1/tickets/:ticketId/live";
  private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

  private final Catalog catalog;
  private final TicketRecords records;
  private final LiveFeeds feeds;

  public LiveRoutes(Catalog catalog, TicketRecords records, LiveFeeds feeds) {
    this.catalog = catalog;
    this.records = records;
    this.feeds = feeds;
  }

  /** Mount before any body handler: the upgrade must be taken by the first handler of the request. */
  public void mount(Router router) {
    router.get(HALL).handler(this::hall);
    router.get(TICKET).handler(this::ticket);
  }

  private void hall(RoutingContext ctx) {
    String pointId = ctx.pathParam("pointId");
    upgrade(ctx).onSuccess(ws -> {
      if (catalog.point(pointId).isEmpty()) {
        Subscriber.refuse(ws, Subscriber.NOT_FOUND, "unknown point " + pointId);
      } else {
        feeds.hall(ws, pointId);
      }
    });
  }

  private void ticket(RoutingContext ctx) {
    String id = ctx.pathParam("ticketId");
    upgrade(ctx).onSuccess(ws -> {
      UUID uuid;
      try {
        uuid = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        Subscriber.refuse(ws, Subscriber.NOT_FOUND, "unknown ticket " + id);
        return;
      }
      records.byId(uuid).onComplete(ar -> {
        if (ar.failed()) {
          Subscriber.refuse(ws, Subscriber.TRY_AGAIN_LATER, "ticket records unavailable; reconnect shortly");
        } else if (ar.result() == null) {
          Subscriber.refuse(ws, Subscriber.NOT_FOUND, "unknown ticket " + id);
        } else if (!ws.isClosed()) {
          feeds.ticket(ws, ar.result());
        }
      });
    });
  }

  /** The WebSocket, paused until its subscriber is ready to read it; a plain GET is answered 426. */
  private static Future<ServerWebSocket> upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.response().putHeader("Upgrade", "websocket");
      ctx.fail(Problem.of(426, "upgrade required", "this is a WebSocket feed: send GET with Upgrade: websocket"));
      return Future.failedFuture("not an upgrade");
    }
    return ctx.request().toWebSocket()
        .map(ws -> {
          ws.pause();
          return ws;
        })
        .onFailure(e -> log.debug("WebSocket upgrade of {} failed: {}", ctx.normalizedPath(), e.toString()));
  }
}
