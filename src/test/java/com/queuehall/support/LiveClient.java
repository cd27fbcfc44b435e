package com.queuehall.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket subscriber of a live feed, as a hall display or phone would be: it keeps every JSON
 * message it receives, in order, and how the server closed it.
 */
public final class LiveClient implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();
  private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(10_000).setConnectTimeout(10_000)
      .setMaxFrameSize(1024 * 1024).setMaxMessageSize(4 * 1024 * 1024));

  /** How the server closed the socket: its code and reason. */
  public record Closed(Short code, String reason) {}

  private final ClientWebSocket ws;
  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();

  private LiveClient() {
    ws = CLIENT.webSocket();
    ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
    ws.closeHandler(v -> closed.complete(new Closed(ws.closeStatusCode(), ws.closeReason())));
  }

  public static Future<LiveClient> open(int port, String path) {
    LiveClient c = new LiveClient();
    // A server that refuses the feed (4404) may close it before the client's connect completes; the
    // close handler may then never run, so the close is taken from what the socket read of it.
    return c.ws.connect(port, "127.0.0.1", path).map(ws -> c).recover(e -> {
      if (!String.valueOf(e.getMessage()).contains("closed")) return Future.failedFuture(e);
      c.closed.complete(new Closed(c.ws.closeStatusCode(), c.ws.closeReason()));
      return Future.succeededFuture(c);
    });
  }

  public static LiveClient connect(int port, String path) {
    return Stores.await(open(port, path));
  }

  public static LiveClient hall(TestHall server, String point) {
    return connect(server.port(), "/api/v1/points/" + point + "/live");
  }

  public static LiveClient ticket(TestHall server, String ticketId) {
    return connect(server.port(), "/api/v1/tickets/" + ticketId + "/live");
  }

  /** The next message, waiting up to the timeout; fails the test if none comes. */
  public JsonObject next(Duration timeout) {
    try {
      JsonObject m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) throw new AssertionError("no live message within " + timeout);
      return m;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next message of a type; the ones before it are skipped (and returned by skipped()). */
  public JsonObject next(String type, Duration timeout) {
    return next(m -> type.equals(m.getString("type")), timeout);
  }

  public JsonObject next(Predicate<JsonObject> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject m;
      try {
        m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (m == null) throw new AssertionError("no matching live message within " + timeout + "; saw " + seen);
      if (wanted.test(m)) return m;
      seen.add(m);
    }
  }

  /** Nothing arrives for this long. */
  public List<JsonObject> quietFor(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    List<JsonObject> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  public void send(String text) {
    Stores.await(ws.writeTextMessage(text));
  }

  public void sendBinary(Buffer data) {
    Stores.await(ws.writeBinaryMessage(data));
  }

  /** One frame, as is: the client does not split it however large it is. */
  public void sendFrame(WebSocketFrame frame) {
    Stores.await(ws.writeFrame(frame));
  }

  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket within " + timeout, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (closed.isDone()) return;
    try {
      ws.close(); // the server may have closed it a moment ago; that is fine
    } catch (IllegalStateException alreadyClosed) {
      // nothing to do
    }
  }
}
