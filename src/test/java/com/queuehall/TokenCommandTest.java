package com.queuehall;

import com.queuehall.config.Config;
import com.queuehall.support.Refusals;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `java -jar queuehall.jar token ...`: the tokens an operator mints are the ones the server accepts. */
class TokenCommandTest {

  private static final String OPERATOR_KEY = "an-operator-key-that-is-not-the-development-one";

  @BeforeEach
  void reset() {
    Stores.reset();
  }

  @Test
  @DisplayName("a kiosk token minted by the token command with the operator's key issues a ticket at its point")
  void kioskTokenIsAccepted() {
    Config config = operatorConfig();
    try (TestHall hall = TestHall.start(config)) {
      String token = Main.token(Main.tokenOptions("--role", "kiosk", "--point", "P017", "--subject", "K037"), config);
      assertThat(issue(hall, "P017", token).statusCode()).isEqualTo(201);
    }
  }

  @Test
  @DisplayName("an admin token minted by the token command sets a quota")
  void adminTokenIsAccepted() {
    Config config = operatorConfig();
    try (TestHall hall = TestHall.start(config)) {
      String token = Main.token(Main.tokenOptions("--role", "admin"), config);
      HttpResponse<Buffer> r = hall.call(HttpMethod.PUT, "/api/v1/admin/points/P017/services/passport/days/" + TODAY
          + "/quota", token, Map.of(), "{\"walkIn\": 3}");
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a token minted with another key (here the development key) is refused with 401")
  void otherKeyIsRefused() {
    try (TestHall hall = TestHall.start(operatorConfig())) {
      String token = Main.token(Main.tokenOptions("--role", "kiosk", "--point", "P017"), TestHall.config(hall.port()));
      Refusals.assertProblem(issue(hall, "P017", token), 401);
    }
  }

  @Test
  @DisplayName("a kiosk or counter token without --point is refused with IllegalArgumentException")
  void pointIsRequired() {
    Config config = TestHall.config(TestHall.freePort());
    assertThatThrownBy(() -> Main.token(Main.tokenOptions("--role", "kiosk"), config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--point");
    assertThatThrownBy(() -> Main.token(Main.tokenOptions("--role", "counter", "--point", " "), config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--point");
  }

  @Test
  @DisplayName("an unknown role is refused with a message that lists the roles")
  void unknownRole() {
    Config config = TestHall.config(TestHall.freePort());
    assertThatThrownBy(() -> Main.token(Main.tokenOptions("--role", "wizard", "--point", "P017"), config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kiosk, counter or admin");
  }

  private static Config operatorConfig() {
    return Config.fromJson(TestHall.config(TestHall.freePort()).toJson().put("jwtKey", OPERATOR_KEY));
  }

  private static HttpResponse<Buffer> issue(TestHall hall, String point, String token) {
    return hall.call(HttpMethod.POST, "/api/v1/points/" + point + "/tickets", token,
        Map.of("Idempotency-Key", UUID.randomUUID().toString()), "{\"service\": \"passport\"}");
  }
}
