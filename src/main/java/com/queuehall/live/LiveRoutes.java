package com.queuehall.live;

import com.queuehall.catalog.Catalog;
import com.queuehall.http.Problem;
import com.queuehall.tickets.TicketRecords;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
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
        feeds.hall(ws, cut(ctx), pointId);
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
          feeds.ticket(ws, cut(ctx), ar.result());
        }
      });
    });
  }

  /**
   * Resets the request's TCP connection at once. Vert.x's own close of a WebSocket, and a channel
   * close passing through its handler, wait until the close frame is written, which never happens
   * for a peer that stopped reading; so the close starts below Vert.x's handler, at the pipeline's
   * first handler, with linger 0 so that what is queued is dropped. vertx-web hands out a wrapped
   * WebSocket, so the connection is reached through the request.
   */
  private static Runnable cut(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    if (!(connection instanceof ConnectionBase base)) return connection::close;
    return () -> {
      Channel channel = base.channel();
      if (!channel.isActive()) return;
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      ChannelHandlerContext first = channel.pipeline().firstContext();
      if (first != null) first.close();
      else channel.close();
    };
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
