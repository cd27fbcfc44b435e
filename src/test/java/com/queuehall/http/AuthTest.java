package com.queuehall.http;

import com.queuehall.http.Auth.Role;
import com.queuehall.support.Refusals;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: kiosks and counters at their own point, admins on the quota; anyone else is told why not. */
class AuthTest {

  private static final String QUOTA_PATH = "/api/v1/admin/points/P001/services/passport/days/" + TODAY + "/quota";

  private static final Vertx VERTX = Vertx.vertx();
  private static TestHall hall;

  @BeforeAll
  static void start() {
    hall = TestHall.start();
  }

  @AfterAll
  static void stop() {
    hall.close();
    Stores.await(VERTX.close());
  }

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("kiosk endpoints without a token answer 401 problem+json and write nothing")
  void noToken() {
    assertKioskEndpointsRefuse(null, 401);
  }

  @Test
  @DisplayName("a garbage bearer token is 401, and so is an Authorization header that is not Bearer")
  void garbageToken() {
    assertKioskEndpointsRefuse("not.a.jwt", 401);
    HttpResponse<Buffer> basic = hall.call(HttpMethod.POST, "/api/v1/points/P001/tickets", null,
        Map.of("Authorization", "Basic a2lvc2s6a2lvc2s=", "Idempotency-Key", key()), "{\"service\": \"passport\"}");
    Refusals.assertProblem(basic, 401);
  }

  @Test
  @DisplayName("a kiosk token signed with another key is 401")
  void otherKey() {
    String forged = new Auth(VERTX, "another-key-of-at-least-thirty-two-characters")
        .mint(Role.KIOSK, "P001", "K-forged", 3600);
    assertKioskEndpointsRefuse(forged, 401);
  }

  @Test
  @DisplayName("an expired kiosk token signed with the right key is 401")
  void expired() {
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    String token = rightKey().generateToken(new JsonObject().put("role", "kiosk").put("point", "P001")
        .put("exp", anHourAgo), new JWTOptions().setAlgorithm("HS256"));
    assertKioskEndpointsRefuse(token, 401);
  }

  @Test
  @DisplayName("a token the server accepted (and remembers as verified) is refused once it expires")
  void rememberedTokenExpires() throws InterruptedException {
    String token = hall.token(Role.KIOSK, "P001", 2);
    long exp = System.currentTimeMillis() / 1000 + 2;
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> r = hall.call(HttpMethod.POST, "/api/v1/points/P001/tickets", token,
          Map.of("Idempotency-Key", key()), "{\"service\": \"passport\"}");
      if (System.currentTimeMillis() / 1000 >= exp - 1) break; // too close to expiry to expect a 201
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    }
    while (System.currentTimeMillis() / 1000 <= exp) Thread.sleep(100);
    for (int i = 0; i < 6; i++) {
      Refusals.assertProblem(hall.call(HttpMethod.POST, "/api/v1/points/P001/tickets", token,
          Map.of("Idempotency-Key", key()), "{\"service\": \"passport\"}"), 401);
    }
  }

  @Test
  @DisplayName("an unsigned token (alg none) claiming to be a kiosk is 401")
  void unsigned() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String token = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("{\"role\":\"kiosk\",\"point\":\"P001\"}".getBytes(StandardCharsets.UTF_8)) + ".";
    assertKioskEndpointsRefuse(token, 401);
  }

  @Test
  @DisplayName("a counter token on a kiosk endpoint is 403")
  void counterToken() {
    JsonObject problem = assertKioskEndpointsRefuse(hall.counterToken("P001"), 403);
    assertThat(problem.getString("detail")).contains("kiosk");
  }

  @Test
  @DisplayName("a kiosk token of another point is 403 and names both points")
  void otherPoint() {
    JsonObject problem = assertKioskEndpointsRefuse(hall.kioskToken("P002"), 403);
    assertThat(problem.getString("detail")).contains("P002").contains("P001");
  }

  @Test
  @DisplayName("the admin quota endpoints refuse kiosk and counter tokens with 403 and no token with 401")
  void adminEndpoint() {
    Refusals.assertProblem(hall.call(HttpMethod.GET, QUOTA_PATH, hall.kioskToken("P001"), Map.of(), null), 403);
    Refusals.assertProblem(hall.call(HttpMethod.PUT, QUOTA_PATH, hall.kioskToken("P001"), Map.of(),
        "{\"walkIn\": 1}"), 403);
    Refusals.assertProblem(hall.call(HttpMethod.PUT, QUOTA_PATH, hall.counterToken("P001"), Map.of(),
        "{\"walkIn\": 1}"), 403);
    Refusals.assertProblem(hall.call(HttpMethod.PUT, QUOTA_PATH, null, Map.of(), "{\"walkIn\": 1}"), 401);
    Refusals.assertNothingWritten();
  }

  @Test
  @DisplayName("valid tokens work: a kiosk issues a ticket and reaches check-in, an admin reads and sets the quota")
  void validTokens() {
    HttpResponse<Buffer> ticket = hall.call(HttpMethod.POST, "/api/v1/points/P001/tickets", hall.kioskToken("P001"),
        Map.of("Idempotency-Key", key()), "{\"service\": \"passport\"}");
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(201);
    Refusals.assertProblem(hall.call(HttpMethod.POST, "/api/v1/points/P001/check-ins", hall.kioskToken("P001"),
        Map.of(), "{\"code\": \"ZZZZ9999\"}"), 404);
    assertThat(hall.call(HttpMethod.GET, QUOTA_PATH, hall.adminToken(), Map.of(), null).statusCode()).isEqualTo(200);
    assertThat(hall.setQuota("P001", "passport", TODAY, new JsonObject().put("walkIn", 7)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("every counter endpoint answers 401 without a token, 403 to a kiosk or admin token and to a counter "
      + "token of another point, and writes nothing")
  void counterEndpoints() {
    String base = "/api/v1/points/P001/counters/C01";
    String ticket = base + "/tickets/" + UUID.randomUUID();
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("PUT " + base + "/session", "{\"services\": [\"passport\"], \"status\": \"open\"}");
    routes.put("POST " + base + "/call-next", null);
    routes.put("POST " + base + "/call", "{\"number\": \"A001\"}");
    for (String action : List.of("recall", "no-show", "start", "complete")) {
      routes.put("POST " + ticket + "/" + action, null);
    }
    routes.put("POST " + ticket + "/transfer", "{\"service\": \"hkmo-permit\"}");
    Map<String, Integer> tokens = new LinkedHashMap<>();
    tokens.put(hall.kioskToken("P001"), 403);
    tokens.put(hall.adminToken(), 403);
    tokens.put(hall.counterToken("P002", "C01"), 403);
    routes.forEach((route, body) -> {
      HttpMethod method = HttpMethod.valueOf(route.split(" ")[0]);
      String path = route.split(" ")[1];
      Refusals.assertProblem(hall.call(method, path, null, Map.of(), body), 401);
      tokens.forEach((token, status) -> Refusals.assertProblem(hall.call(method, path, token, Map.of(), body), status));
    });
    Refusals.assertNothingWritten();
    assertThat(Stores.count("SELECT count(*) FROM counter_session")).isZero();
  }

  /** Both kiosk endpoints refuse this token with this status, and nothing is written; returns one problem. */
  private static JsonObject assertKioskEndpointsRefuse(String token, int status) {
    Map<String, String> headers = new HashMap<>(Map.of("Idempotency-Key", key()));
    if (token != null) headers.put("Authorization", "Bearer " + token);
    Refusals.assertProblem(hall.call(HttpMethod.POST, "/api/v1/points/P001/check-ins", null, headers,
        "{\"code\": \"ZZZZ9999\"}"), status);
    HttpResponse<Buffer> ticket = hall.call(HttpMethod.POST, "/api/v1/points/P001/tickets", null, headers,
        "{\"service\": \"passport\"}");
    JsonObject problem = Refusals.assertProblem(ticket, status);
    if (status == 401) assertThat(ticket.getHeader("WWW-Authenticate")).startsWith("Bearer");
    Refusals.assertNothingWritten();
    return problem;
  }

  private static JWTAuth rightKey() {
    return JWTAuth.create(VERTX, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer(hall.server().config().jwtKey())));
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }
}
