package com.queuehall.support;

import com.queuehall.Server;
import com.queuehall.config.Config;
import com.queuehall.http.Auth;
import com.queuehall.http.Auth.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * A running Queuehall server on a free port against the test stores, a web client to call it,
 * and tokens. The clock is fixed at 10:00 local time today, so no test straddles midnight.
 */
public final class TestHall implements AutoCloseable {

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  public static final LocalDate TODAY = LocalDate.now(ZONE);
  public static final Clock CLOCK = Clock.fixed(TODAY.atTime(LocalTime.of(10, 0)).atZone(ZONE).toInstant(), ZONE);

  private static final Vertx CLIENT_VERTX = Vertx.vertx();
  private static final WebClient CLIENT = WebClient.create(CLIENT_VERTX,
      new WebClientOptions().setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(30),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(200));

  private final Server server;
  private final Auth auth;
  private final int port;

  private TestHall(Server server, int port) {
    this.server = server;
    this.port = port;
    this.auth = new Auth(CLIENT_VERTX, server.config().jwtKey());
  }

  public static Config config(int port) {
    return Config.defaults().withPgUrl(Stores.PG_URL).withRedisUrl(Stores.REDIS_URL).withHttpPort(port);
  }

  public static TestHall start() {
    return start(config(freePort()));
  }

  public static TestHall start(Config config) {
    return start(config, CLOCK);
  }

  /** A server whose clock the test controls (see MutableClock). */
  public static TestHall start(Config config, Clock clock) {
    Stores.pg();
    return new TestHall(Stores.await(Server.start(config, clock)), config.httpPort());
  }

  public String counterToken(String point, String counter) {
    return auth.mint(Role.COUNTER, point, counter, 3600);
  }

  public int port() {
    return port;
  }

  public Server server() {
    return server;
  }

  /** A token minted with the server's key: any role, point and lifetime. */
  public String token(Role role, String point, long ttlSeconds) {
    return auth.mint(role, point, "T-test", ttlSeconds);
  }

  public String kioskToken(String point) {
    return auth.mint(Role.KIOSK, point, "K-test", 3600);
  }

  public String counterToken(String point) {
    return auth.mint(Role.COUNTER, point, "C-test", 3600);
  }

  public String adminToken() {
    return auth.mint(Role.ADMIN, null, "admin-test", 3600);
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return CLIENT.request(method, port, "127.0.0.1", path).timeout(60_000);
  }

  /** Sends a request; the future fails only if the server did not answer. */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String token, Map<String, String> headers,
      String body) {
    HttpRequest<Buffer> req = request(method, path);
    if (token != null) req.bearerTokenAuthentication(token);
    headers.forEach(req::putHeader);
    if (body == null) return req.send();
    if (!headers.containsKey("Content-Type")) req.putHeader("Content-Type", "application/json");
    return req.sendBuffer(Buffer.buffer(body));
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, Map<String, String> headers,
      String body) {
    return Stores.await(send(method, path, token, headers, body));
  }

  public Future<HttpResponse<Buffer>> issue(String point, String service, String idempotencyKey) {
    return send(HttpMethod.POST, "/api/v1/points/" + point + "/tickets", kioskToken(point),
        Map.of("Idempotency-Key", idempotencyKey), new JsonObject().put("service", service).encode());
  }

  public HttpResponse<Buffer> setQuota(String point, String service, LocalDate day, JsonObject change) {
    return call(HttpMethod.PUT, "/api/v1/admin/points/" + point + "/services/" + service + "/days/" + day + "/quota",
        adminToken(), Map.of(), change.encode());
  }

  @Override
  public void close() {
    Stores.await(server.close());
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
