package com.queuehall.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The one Redis pub/sub connection of an event-loop instance: PSUBSCRIBE qh:live:*, each message
 * handed to the instance's feeds. Redis pub/sub does not replay, so when the connection drops (or
 * stops answering its PING) it is reconnected with bounded backoff and every local subscriber is
 * sent a fresh snapshot.
 */
public final class PubSub {

  private static final Logger log = LoggerFactory.getLogger(PubSub.class);
  private static final String PATTERN = LiveEvents.CHANNEL_PREFIX + "*";
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long PING_EVERY_MS = 5_000;
  private static final long PING_TIMEOUT_MS = 3_000;

  private final Vertx vertx;
  private final Redis client;
  private final LiveFeeds feeds;
  private RedisConnection connection;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long pinger = -1;
  private boolean stopped;

  public PubSub(Vertx vertx, String redisUrl, LiveFeeds feeds) {
    this.vertx = vertx;
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1));
    this.feeds = feeds;
  }

  /** Subscribes before the server listens; a Redis that is away at start fails the start, as scripts do. */
  public Future<Void> start() {
    return connect().onSuccess(c -> pinger = vertx.setPeriodic(PING_EVERY_MS, t -> ping())).mapEmpty();
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pinger);
    RedisConnection c = connection;
    connection = null;
    return (c == null ? Future.<Void>succeededFuture() : c.close()).andThen(ar -> client.close());
  }

  private Future<RedisConnection> connect() {
    return client.connect().compose(c -> {
      c.handler(this::push);
      c.exceptionHandler(e -> lost(c, e.toString()));
      c.endHandler(v -> lost(c, "closed by Redis"));
      return c.send(Request.cmd(Command.PSUBSCRIBE).arg(PATTERN))
          .map(r -> c)
          .onFailure(e -> c.close());
    }).onSuccess(c -> {
      connection = c;
      backoffMs = FIRST_BACKOFF_MS;
    });
  }

  /** A pmessage: [pmessage, pattern, channel, message] (a RESP3 push or a RESP2 array alike). */
  private void push(Response r) {
    // Other replies reach this handler too (a PING's PONG): only arrays can be messages.
    if (r.type() != io.vertx.redis.client.ResponseType.MULTI && r.type() != io.vertx.redis.client.ResponseType.PUSH) return;
    if (r.size() == 4 && "pmessage".equalsIgnoreCase(r.get(0).toString())) {
      feeds.published(r.get(2).toString(), r.get(3).toString());
    }
  }

  private void ping() {
    RedisConnection c = connection;
    if (c == null) return;
    c.send(Request.cmd(Command.PING)).timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onFailure(e -> lost(c, "PING: " + e));
  }

  private void lost(RedisConnection c, String why) {
    if (stopped || c != connection) return;
    connection = null;
    c.close();
    log.warn("live pub/sub connection lost ({}); reconnecting", why);
    reconnectLater();
  }

  private void reconnectLater() {
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    vertx.setTimer(delay, t -> {
      if (stopped) return;
      connect().onSuccess(c -> {
        log.info("live pub/sub connection back; resyncing local subscribers");
        feeds.reconnected();
      }).onFailure(e -> reconnectLater());
    });
  }
}
