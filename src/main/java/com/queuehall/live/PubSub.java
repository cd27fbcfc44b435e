package com.queuehall.live;

import com.queuehall.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
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

  /** Who hears what the connection brings: LiveFeeds in the server. */
  interface Listener {
    void published(String channel, String message);

    /** The connection was lost and is back: messages may have been missed meanwhile. */
    void reconnected();
  }

  private final Vertx vertx;
  private final Redis client;
  private final Listener feeds;
  private final long pingEveryMs;
  private final long pingTimeoutMs;
  private RedisConnection connection;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long pinger = -1;
  private boolean stopped;
  private long pingSent;
  /** When the connection last showed it is alive: a PONG, or any message. */
  private long lastHeard;

  /** poolName names its connection in the Vert.x pool metrics. */
  public PubSub(Vertx vertx, String redisUrl, String poolName, LiveFeeds feeds) {
    this(vertx, redisUrl, poolName, feeds, PING_EVERY_MS, PING_TIMEOUT_MS);
  }

  PubSub(Vertx vertx, String redisUrl, String poolName, Listener feeds, long pingEveryMs, long pingTimeoutMs) {
    this.vertx = vertx;
    this.client = Redis.createClient(vertx, RedisClients.named(redisUrl, poolName).setMaxPoolSize(1));
    this.feeds = feeds;
    this.pingEveryMs = pingEveryMs;
    this.pingTimeoutMs = pingTimeoutMs;
  }

  /** Subscribes before the server listens; a Redis that is away at start fails the start, as scripts do. */
  public Future<Void> start() {
    return connect().onSuccess(c -> pinger = vertx.setPeriodic(pingEveryMs, t -> ping())).mapEmpty();
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
      pingSent = 0;
      backoffMs = FIRST_BACKOFF_MS;
    });
  }

  /** A pmessage: [pmessage, pattern, channel, message] (a RESP3 push or a RESP2 array alike). */
  private void push(Response r) {
    // A subscribed connection answers PING with a ["pong", ""] message under RESP2: it arrives
    // here, not as the reply of the PING request. Any other non-array reply is not a message.
    if (r.type() != ResponseType.MULTI && r.type() != ResponseType.PUSH) return;
    // Any message proves the subscription delivers: under load a PONG can come late or be taken
    // for another reply, and a connection that is busy delivering events must not be dropped.
    lastHeard = System.nanoTime();
    if (r.size() == 4 && "pmessage".equalsIgnoreCase(r.get(0).toString())) {
      feeds.published(r.get(2).toString(), r.get(3).toString());
    }
  }

  /** Sends a PING and checks that the previous one was answered in time. */
  private void ping() {
    RedisConnection c = connection;
    if (c == null) return;
    boolean overdue = System.nanoTime() - pingSent > TimeUnit.MILLISECONDS.toNanos(pingTimeoutMs);
    if (pingSent > 0 && lastHeard < pingSent && overdue) {
      lost(c, "no PONG and no message within " + pingTimeoutMs + " ms of a PING");
      return;
    }
    pingSent = System.nanoTime();
    // Under RESP3 (which the client negotiates) the answer is the request's own PONG reply; under
    // RESP2 it comes as a pong message (see push) and the request's future may never complete.
    c.send(Request.cmd(Command.PING)).onComplete(ar -> {
      if (ar.succeeded()) lastHeard = System.nanoTime();
      else if (!(ar.cause() instanceof java.util.concurrent.TimeoutException)) lost(c, "PING: " + ar.cause());
    });
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
