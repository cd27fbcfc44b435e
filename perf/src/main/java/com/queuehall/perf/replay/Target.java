package com.queuehall.perf.replay;

import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The server under test: HTTP and WebSocket clients to its URL, and the tokens the replay mints. */
final class Target {

  private static final long TOKEN_TTL_SECONDS = 7 * 24 * 3600;
  /** No answer this long after sending is a timeout (an error). */
  static final long TIMEOUT_MS = 30_000;
  /** How long a request may wait for one of the --connections: the open model's queue, counted in its latency. */
  static final long QUEUE_MS = 120_000;

  /** Who sends a request: the hall's kiosks and counters, or citizens' phones booking from home. */
  enum Client { HALL, CITIZENS }

  private final Lane http;
  private final Lane citizens;
  private final WebSocketClient ws;
  private final Auth auth;
  private final String host;
  private final int port;
  private final boolean tls;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  Target(Vertx vertx, String url, String jwtKey, int connections, int citizenConnections) {
    URI uri = URI.create(url);
    this.tls = "https".equals(uri.getScheme());
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    this.http = new Lane(client(vertx, connections), connections);
    this.citizens = new Lane(client(vertx, citizenConnections), citizenConnections);
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(10_000));
    this.auth = new Auth(vertx, jwtKey);
  }

  private WebClient client(Vertx vertx, int connections) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port).setSsl(tls)
        .setKeepAlive(true).setConnectTimeout(10_000).setUserAgent("queuehall-replay"),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  String kiosk(String point) {
    return tokens.computeIfAbsent("kiosk " + point, k -> auth.mint(Role.KIOSK, point, "K-replay", TOKEN_TTL_SECONDS));
  }

  String counter(String point, String counter) {
    return tokens.computeIfAbsent("counter " + point + " " + counter,
        k -> auth.mint(Role.COUNTER, point, counter, TOKEN_TTL_SECONDS));
  }

  String admin() {
    return tokens.computeIfAbsent("admin", k -> auth.mint(Role.ADMIN, null, "replay", TOKEN_TTL_SECONDS));
  }

  /** Sends a request from the hall; the future fails only when no answer came (refused connection, timeout). */
  Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String token, Map<String, String> headers,
      JsonObject body) {
    return send(Client.HALL, method, path, token, headers, body);
  }

  /**
   * Sends a request on the connections of its client: a booking waits only for other bookings'
   * connections, never for a kiosk's, as phones and kiosks are different devices.
   */
  Future<HttpResponse<Buffer>> send(Client client, HttpMethod method, String path, String token,
      Map<String, String> headers, JsonObject body) {
    Lane lane = client == Client.CITIZENS ? citizens : http;
    return lane.send(() -> {
      HttpRequest<Buffer> req = lane.client.request(method, path)
          .connectTimeout(QUEUE_MS).idleTimeout(TIMEOUT_MS);
      if (token != null) req.bearerTokenAuthentication(token);
      headers.forEach(req::putHeader);
      return body == null ? req.send() : req.sendJsonObject(body);
    });
  }

  /**
   * The requests of one client waiting for one of its connections: the open model's queue. A
   * request is built and handed to the HTTP client only once a connection is free for it, so the
   * release's 100,000 bookings wait as 100,000 small closures, not as requests queued in the
   * client's pool: queueing those took the replayer's event loop seconds at a time (measured: 2.9 s
   * blocked at 1000×), during which no hall request went out and no answer was read, and every
   * hall latency in that window carried the replayer's stall. A request still waiting QUEUE_MS
   * after it was due fails unsent, as one the pool could not place would.
   */
  private static final class Lane {
    private final WebClient client;
    private final int connections;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int busy;
    private boolean draining;

    Lane(WebClient client, int connections) {
      this.client = client;
      this.connections = connections;
    }

    private record Waiting(Supplier<Future<HttpResponse<Buffer>>> request, long since,
        Promise<HttpResponse<Buffer>> answer) {}

    Future<HttpResponse<Buffer>> send(Supplier<Future<HttpResponse<Buffer>>> request) {
      Promise<HttpResponse<Buffer>> answer = Promise.promise();
      synchronized (this) {
        waiting.add(new Waiting(request, System.nanoTime(), answer));
      }
      next();
      return answer.future();
    }

    /**
     * Starts waiting requests while connections are free; an answer frees its connection for the
     * next. One caller drains at a time: an answer that completes at once (a request that could not
     * be built) calls back in here, and returns, rather than nesting a level per waiting request.
     */
    private void next() {
      synchronized (this) {
        if (draining) return;
        draining = true;
      }
      try {
        drain();
      } catch (RuntimeException e) {
        synchronized (this) {
          draining = false;
        }
        throw e;
      }
    }

    private void drain() {
      while (true) {
        Waiting w;
        synchronized (this) {
          if (busy >= connections || waiting.isEmpty()) {
            draining = false; // in the same step as the check: a slot freed after it drains again
            return;
          }
          w = waiting.poll();
          busy++;
        }
        if (System.nanoTime() - w.since() > TimeUnit.MILLISECONDS.toNanos(QUEUE_MS)) {
          release();
          w.answer().fail(new TimeoutException("no free connection within " + QUEUE_MS / 1000 + " s"));
          continue;
        }
        Future<HttpResponse<Buffer>> sent;
        try {
          sent = w.request().get();
        } catch (RuntimeException e) {
          sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
          release();
          w.answer().handle(ar);
          next();
        });
      }
    }

    private synchronized void release() {
      busy--;
    }
  }

  Future<WebSocket> live(String path) {
    return ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setSsl(tls).setURI(path));
  }

  Future<Void> close() {
    http.client.close();
    citizens.client.close();
    return ws.close();
  }
}
