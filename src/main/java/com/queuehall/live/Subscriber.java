package com.queuehall.live;

import com.queuehall.ops.Metrics;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One live WebSocket: first a snapshot, then every message numbered after it. Writes never wait.
 * When its write queue is full it is skipped; when it drains it is sent a fresh snapshot marked
 * resync; when it stays full longer than the stall limit it is closed with 1008. So a slow or dead
 * subscriber costs the others nothing.
 */
final class Subscriber {

  /** Where a subscriber's snapshots come from, and whom to tell when it goes. */
  interface Source {
    Future<Snapshot> snapshot(Subscriber s);

    void left(Subscriber s);
  }

  static final short GOING_AWAY = 1001;
  static final short UNSUPPORTED = 1003;
  static final short INVALID_PAYLOAD = 1007;
  static final short TOO_SLOW = 1008;
  static final short TOO_BIG = 1009;
  static final short TRY_AGAIN_LATER = 1013;
  static final short NOT_FOUND = 4404;
  /** Bytes queued for one subscriber beyond what the socket took, before it counts as full. */
  static final int WRITE_QUEUE_BYTES = 64 * 1024;
  /** How long a closed subscriber may take to read the close frame before its connection is cut. */
  static final long CLOSE_GRACE_MS = 1_000;
  /** Messages kept while a snapshot is read; past that the snapshot is read again. */
  static final int MAX_PENDING = 1_000;

  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
  private static final Buffer PONG = new JsonObject().put("type", "pong").toBuffer();
  private static final Buffer PING = Buffer.buffer("qh");
  private static final String ACCEPTED = "send {\"type\":\"resync\"} or {\"type\":\"ping\"}";

  private enum State { SYNCING, LIVE, STALLED, CLOSED }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Runnable cut;
  private final String feed;
  private final Metrics metrics;
  private final long stallLimitMs;
  private final ArrayDeque<Outgoing> pending = new ArrayDeque<>();
  /** When the peer was last heard: any frame it sent, a pong to the server's ping included. */
  private long heardAt = System.nanoTime();
  private Source source;
  private State state = State.SYNCING;
  private boolean overflowed;
  private int syncs;
  private Snapshot floor;
  private long stallTimer = -1;

  /** cut closes the TCP connection at once, whatever is still queued on it. */
  Subscriber(Vertx vertx, ServerWebSocket ws, Runnable cut, String feed, Metrics metrics, long stallLimitMs) {
    this.vertx = vertx;
    this.ws = ws;
    this.cut = cut;
    this.feed = feed;
    this.metrics = metrics;
    this.stallLimitMs = stallLimitMs;
  }

  /** Takes the socket (paused since its upgrade) and sends the first snapshot from the source. */
  void start(Source from) {
    source = from;
    metrics.liveSubscribers(feed, 1);
    ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    ws.textMessageHandler(this::received);
    ws.pongHandler(b -> heardAt = System.nanoTime());
    ws.binaryMessageHandler(b -> refuse(UNSUPPORTED, "binary messages are not accepted; " + ACCEPTED));
    ws.exceptionHandler(this::failed);
    ws.closeHandler(v -> gone());
    // The server is stopping (HttpServer.shutdown): say so at once, rather than hold the stop for its grace period.
    ws.shutdownHandler(v -> close(GOING_AWAY, "the server is shutting down; reconnect"));
    ws.resume();
    if (ws.isClosed()) {
      gone();
      return;
    }
    sync(null);
  }

  /** Closes a socket that never became a subscriber: the point or ticket it names does not exist. */
  static void refuse(ServerWebSocket ws, short code, String reason) {
    ws.resume(); // so the peer's closing frame is read and the close completes at once
    ws.close(code, fit(reason));
  }

  /** A close frame's reason is at most 123 bytes of UTF-8. */
  private static String fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 123 ? reason : new String(bytes, 0, 120, StandardCharsets.UTF_8) + "...";
  }

  /** A message of the stream: buffered while syncing, skipped while stalled, else written. */
  void offer(Outgoing m) {
    switch (state) {
      case SYNCING -> {
        if (overflowed) return;
        if (pending.size() < MAX_PENDING) {
          pending.add(m);
        } else {
          overflowed = true;
          pending.clear();
        }
      }
      case LIVE -> deliver(m);
      default -> { }
    }
  }

  /**
   * Reads a fresh snapshot and sends it, then what was numbered after it. A newer sync supersedes
   * one in progress. The reason is null for the first snapshot, else counted and marked resync. A
   * stalled subscriber is left alone: it is sent a fresh snapshot when it drains.
   */
  void sync(String reason) {
    if (state == State.CLOSED || state == State.STALLED) return;
    state = State.SYNCING;
    pending.clear();
    overflowed = false;
    int generation = ++syncs;
    if (reason != null) metrics.liveResynced(reason);
    source.snapshot(this).onComplete(ar -> {
      if (state != State.SYNCING || generation != syncs) return;
      if (ar.failed()) {
        log.warn("live snapshot for {} failed: {}", ws.remoteAddress(), ar.cause().toString());
        close(TRY_AGAIN_LATER, "snapshot unavailable; reconnect shortly");
      } else if (overflowed) {
        sync(reason == null ? "overflow" : reason);
      } else {
        floor = ar.result();
        state = State.LIVE;
        write(floor.payload(reason != null));
        while (state == State.LIVE && !pending.isEmpty()) deliver(pending.poll());
        pending.clear();
      }
    });
  }

  /** The stream broke before this message: a fresh snapshot, unless its own snapshot already reaches it. */
  void repair(Outgoing m, String reason) {
    if (state == State.LIVE && floor.reaches(m)) return;
    sync(reason);
  }

  private void deliver(Outgoing m) {
    if (!floor.covers(m)) write(m.payload());
  }

  private void write(Buffer payload) {
    ws.writeFrame(text(payload));
    if (ws.writeQueueFull() && state != State.CLOSED) stall();
  }

  /** Stops writing to it; a drain earns it a fresh snapshot, a stall past the limit closes it. */
  private void stall() {
    metrics.liveStalled();
    state = State.STALLED;
    pending.clear();
    ws.drainHandler(v -> {
      ws.drainHandler(null);
      vertx.cancelTimer(stallTimer);
      if (state != State.STALLED) return;
      state = State.SYNCING;
      sync("slow");
    });
    stallTimer = vertx.setTimer(stallLimitMs, t -> {
      if (state != State.STALLED) return;
      metrics.liveDropped("slow");
      close(TOO_SLOW, "too slow: events could not be delivered for " + stallLimitMs / 1000 + " s; reconnect");
    });
  }

  /**
   * The heartbeat, every interval. A peer silent for two intervals (no pong to two pings, nothing
   * sent) is gone without a word, as a phone that lost its network is: it is closed, and its
   * connection cut a second later as after any close. Any other gets a ping, which every WebSocket
   * client answers by itself; a stalled one is left to its stall timer. Without this a vanished
   * phone stayed subscribed until the server restarted.
   */
  void heartbeat(long now, long intervalNanos) {
    if (state == State.CLOSED) return;
    if (now - heardAt > 2 * intervalNanos) {
      metrics.liveDropped("silent");
      close(TOO_SLOW, "silent for " + (now - heardAt) / 1_000_000_000L + " s: no answer to pings; reconnect");
    } else if (state != State.STALLED) {
      ws.writePing(PING);
    }
  }

  boolean closed() {
    return state == State.CLOSED;
  }

  private void received(String text) {
    heardAt = System.nanoTime();
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      refuse(INVALID_PAYLOAD, "not a JSON object; " + ACCEPTED);
      return;
    }
    switch (String.valueOf(message.getValue("type"))) {
      case "resync" -> {
        if (state != State.SYNCING) sync("requested");
      }
      case "ping" -> {
        if (state == State.LIVE || state == State.SYNCING) write(PONG);
      }
      default -> refuse(UNSUPPORTED, "unknown message type; " + ACCEPTED);
    }
  }

  /** A frame the decoder refused (too big, not UTF-8): say why in the close frame before the socket goes. */
  private void failed(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException bad) {
      short code = (short) bad.closeStatus().code();
      refuse(code, code == TOO_BIG ? "frame too big: frames may be at most 16 KiB"
          : "invalid frame: " + bad.getMessage());
    } else {
      log.debug("live subscriber {}: {}", ws.remoteAddress(), e.toString());
    }
  }

  private void refuse(short code, String reason) {
    metrics.liveDropped("bad-input");
    close(code, reason);
  }

  /**
   * Sends the close frame. Vert.x closes the TCP connection only once that frame is written, which
   * never happens for a peer that stopped reading, so after a grace period the connection is cut.
   */
  void close(short code, String reason) {
    if (state == State.CLOSED) return;
    ws.close(code, fit(reason));
    vertx.setTimer(CLOSE_GRACE_MS, t -> cut.run());
    gone();
  }

  private void gone() {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    pending.clear();
    vertx.cancelTimer(stallTimer);
    metrics.liveSubscribers(feed, -1);
    source.left(this);
  }

  /**
   * A text frame over the payload's own bytes. Vert.x's public API only builds text frames from a
   * String (encoding it per write); the frame over a shared, unreleasable buffer is its internal one.
   */
  private static WebSocketFrame text(Buffer payload) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) payload).getByteBuf(), true);
  }
}
