package com.queuehall.http;

import com.queuehall.appointments.ResidentId;
import com.queuehall.support.Refusals;
import com.queuehall.support.Stores;
import com.queuehall.support.TestHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.queuehall.support.TestHall.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request below is a valid one spoiled in exactly one place. Each is refused with a 4xx
 * problem+json that says what to fix, and none of them writes a record. The last test sends the
 * unspoiled requests, to show that the one spoiled part was the reason.
 */
@TestMethodOrder(OrderAnnotation.class)
class BadInputTest {

  private static final String CITIZEN = ResidentId.withCheckDigit("11010519491231002");
  private static final String QUOTA_PATH = "/api/v1/admin/points/P001/services/passport/days/" + TODAY + "/quota";

  private static TestHall hall;

  /** A request to send, and the status it must be refused with. */
  record Bad(int status, Function<TestHall, HttpResponse<Buffer>> send) {}

  @BeforeAll
  static void start() {
    Stores.reset();
    hall = TestHall.start();
  }

  @AfterAll
  static void stop() {
    hall.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a body that is not a JSON object is refused")
  void bodyShapes(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> bodyShapes() {
    return Stream.of(
        bad("malformed JSON is refused with 400", 400, h -> ticket(h, "{\"service\": ")),
        bad("a JSON array is refused with 400", 400, h -> ticket(h, "[\"passport\"]")),
        bad("a JSON string is refused with 400", 400, h -> ticket(h, "\"passport\"")),
        bad("a JSON null is refused with 400", 400, h -> book(h, "null")),
        bad("an empty body is refused with 400", 400, h -> call(h, HttpMethod.POST, "/api/v1/appointments", null)),
        bad("a blank body is refused with 400", 400, h -> book(h, "   ")),
        bad("a body over 16 KiB is refused with 413", 413,
            h -> book(h, booking().put("phone", "1".repeat(17 * 1024)).encode())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a field of the wrong JSON type is refused with 400")
  void fieldTypes(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> fieldTypes() {
    return Stream.of(
        bad("service: 5", 400, h -> ticket(h, "{\"service\": 5}")),
        bad("green: \"yes\"", 400, h -> ticket(h, "{\"service\": \"passport\", \"green\": \"yes\"}")),
        bad("walkIn: \"ten\"", 400, h -> quota(h, "{\"walkIn\": \"ten\"}")),
        bad("walkIn: 1.5", 400, h -> quota(h, "{\"walkIn\": 1.5}")),
        bad("slots: []", 400, h -> quota(h, "{\"slots\": []}")),
        bad("a missing service", 400, h -> ticket(h, "{}")),
        bad("citizenId: 110105194912310021 as a number", 400,
            h -> book(h, booking().put("citizenId", 110105194912310021L).encode())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a request the router or the HTTP parser cannot read is refused with a problem")
  void unreadableRequests(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> unreadableRequests() {
    return Stream.of(
        bad("a '%' that starts no escape in the path is 400", 400,
            h -> call(h, HttpMethod.GET, "/api/v1/points/P0%zz1", null)),
        bad("a cut-off escape in the path of a write is 400", 400, h -> h.call(HttpMethod.POST,
            "/api/v1/points/P001%/tickets", h.kioskToken("P001"), Map.of("Idempotency-Key", key()),
            "{\"service\": \"passport\"}")),
        bad("a '%' that starts no escape in the query is 400", 400,
            h -> call(h, HttpMethod.GET, "/api/v1/points/P001/slots?service=pass%port", null)),
        bad("a GET with a form body (a client's default Content-Type) is 400, not the body parser's 500", 400,
            h -> h.call(HttpMethod.GET, "/api/v1/points/P001", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b")),
        bad("a GET with a form Content-Type and Content-Length: 0 is 400", 400, h -> h.call(HttpMethod.GET,
            "/api/v1/points", null, Map.of("Content-Type", "application/x-www-form-urlencoded"), "")),
        bad("a GET with a multipart body is 400", 400, h -> h.call(HttpMethod.GET, "/api/v1/tickets/" + UUID.randomUUID(),
            null, Map.of("Content-Type", "multipart/form-data; boundary=x"), "--x\r\n\r\nv\r\n--x--\r\n")),
        bad("a form body under a query with a cut-off escape is answered, 400", 400, h -> h.call(HttpMethod.POST,
            "/api/v1/appointments?x=%", null, Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b")),
        bad("a request line over 4096 bytes is 414", 414,
            h -> call(h, HttpMethod.GET, "/api/v1/points/" + "P".repeat(5000), null)),
        bad("headers over 8 KiB in all are 431", 431, h -> h.call(HttpMethod.POST, "/api/v1/points/P001/tickets",
            h.kioskToken("P001"), Map.of("Idempotency-Key", key(), "X-Padding", "x".repeat(9000)),
            "{\"service\": \"passport\"}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("an unknown point, service or id is refused")
  void unknownNames(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> unknownNames() {
    return Stream.of(
        bad("an unknown point in the path is 404", 404, h -> h.call(HttpMethod.POST, "/api/v1/points/P999/tickets",
            h.kioskToken("P999"), Map.of("Idempotency-Key", key()), "{\"service\": \"passport\"}")),
        bad("an unknown point in the catalog path is 404", 404,
            h -> call(h, HttpMethod.GET, "/api/v1/points/P999", null)),
        bad("an unknown pointId in the body is 400", 400, h -> book(h, booking().put("pointId", "P999").encode())),
        bad("an unknown service is 400", 400, h -> book(h, booking().put("service", "visa").encode())),
        bad("an unknown walk-in service is 400", 400, h -> ticket(h, "{\"service\": \"visa\"}")),
        bad("a ticket id that is not a uuid is 404", 404, h -> call(h, HttpMethod.GET, "/api/v1/tickets/A001", null)),
        bad("an appointment id that is not a uuid is 404", 404,
            h -> call(h, HttpMethod.DELETE, "/api/v1/appointments/not-a-uuid", null)),
        bad("an unknown route is 404", 404, h -> call(h, HttpMethod.GET, "/api/v1/nowhere", null)),
        bad("a wrong method is 405", 405, h -> call(h, HttpMethod.PATCH, "/api/v1/points", "{}")),
        bad("a wrong method on a ticket is 405", 405,
            h -> call(h, HttpMethod.PUT, "/api/v1/tickets/" + UUID.randomUUID(), "{}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a day or slot that cannot be booked is refused with 400")
  void daysAndSlots(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> daysAndSlots() {
    return Stream.of(
        bad("day 2026-13-01 is not a date", 400, h -> book(h, booking().put("day", "2026-13-01").encode())),
        bad("day 'tomorrow' is not a date", 400, h -> book(h, booking().put("day", "tomorrow").encode())),
        bad("yesterday is in the past", 400,
            h -> book(h, booking().put("day", TODAY.minusDays(1).toString()).encode())),
        bad("15 days ahead is beyond the 14-day booking horizon", 400,
            h -> book(h, booking().put("day", TODAY.plusDays(15).toString()).encode())),
        bad("slot 09:15 is off the grid", 400, h -> book(h, booking().put("slot", "09:15").encode())),
        bad("slot 25:00 is no time", 400, h -> book(h, booking().put("slot", "25:00").encode())),
        bad("slot abc is no time", 400, h -> book(h, booking().put("slot", "abc").encode())),
        bad("slot 08:30 today has begun at 10:00", 400,
            h -> book(h, booking().put("day", TODAY.toString()).put("slot", "08:30").encode())),
        bad("slots for day 2026-13-01", 400,
            h -> call(h, HttpMethod.GET, "/api/v1/points/P001/slots?service=passport&day=2026-13-01", null)),
        bad("slots without a service", 400, h -> call(h, HttpMethod.GET, "/api/v1/points/P001/slots", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a citizen id or phone that cannot be right is refused with 400")
  void citizens(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> citizens() {
    String wrongCheck = CITIZEN.substring(0, 17) + (CITIZEN.charAt(17) == '0' ? '1' : '0');
    return Stream.of(
        bad("a resident id with a wrong check digit", 400,
            h -> book(h, booking().put("citizenId", wrongCheck).encode())),
        bad("a resident id of 17 characters", 400,
            h -> book(h, booking().put("citizenId", CITIZEN.substring(0, 17)).encode())),
        bad("a resident id of 19 characters", 400, h -> book(h, booking().put("citizenId", CITIZEN + "1").encode())),
        bad("a resident id born on 31 February", 400,
            h -> book(h, booking().put("citizenId", ResidentId.withCheckDigit("11010519490231002")).encode())),
        bad("a phone of 5 digits", 400, h -> book(h, booking().put("phone", "12345").encode())),
        bad("a phone starting 12", 400, h -> book(h, booking().put("phone", "12800138000").encode())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a walk-in without a usable Idempotency-Key is refused with 400")
  void idempotencyKeys(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> idempotencyKeys() {
    String body = "{\"service\": \"passport\"}";
    return Stream.of(
        bad("no Idempotency-Key header", 400, h -> ticket(h, Map.of(), body)),
        bad("a blank Idempotency-Key header", 400, h -> ticket(h, Map.of("Idempotency-Key", " "), body)),
        bad("an Idempotency-Key of 129 characters", 400,
            h -> ticket(h, Map.of("Idempotency-Key", "k".repeat(129)), body)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a quota change that cannot be applied is refused with 400")
  void quotaChanges(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> quotaChanges() {
    return Stream.of(
        bad("an unknown field", 400, h -> quota(h, "{\"walkIn\": 5, \"colour\": \"red\"}")),
        bad("a negative walk-in capacity", 400, h -> quota(h, "{\"walkIn\": -1}")),
        bad("a negative slot capacity", 400, h -> quota(h, "{\"slots\": {\"09:00\": -2}}")),
        bad("a null slot capacity", 400, h -> quota(h, "{\"slots\": {\"09:00\": null}}")),
        bad("nothing to change", 400, h -> quota(h, "{}")),
        bad("an empty slots object", 400, h -> quota(h, "{\"slots\": {}}")),
        bad("a slot not in the grid", 400, h -> quota(h, "{\"slots\": {\"07:00\": 3}}")),
        bad("a day in the path that is not a date", 400, h -> h.call(HttpMethod.PUT,
            QUOTA_PATH.replace(TODAY.toString(), "2026-13-01"), h.adminToken(), Map.of(), "{\"walkIn\": 5}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  @DisplayName("a check-in code that names no appointment is refused")
  void checkInCodes(Bad bad) {
    refused(bad);
  }

  static Stream<Arguments> checkInCodes() {
    return Stream.of(
        bad("a malformed code is 400", 400, h -> checkIn(h, "{\"code\": \"AB-12\"}")),
        bad("a code that is a number is 400", 400, h -> checkIn(h, "{\"code\": 12345678}")),
        bad("an unknown code is 404", 404, h -> checkIn(h, "{\"code\": \"ZZZZ9999\"}")));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("the same requests, unspoiled, are accepted: each refusal above was for its one bad part")
  void unspoiledRequestsAreAccepted() {
    Refusals.assertNothingWritten();
    assertThat(ticket(hall, "{\"service\": \"passport\", \"green\": true}").statusCode()).isEqualTo(201);
    HttpResponse<Buffer> booked = book(hall, booking().encode());
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(quota(hall, "{\"walkIn\": 5, \"slots\": {\"09:00\": 3}}").statusCode()).isEqualTo(200);
    assertThat(Stores.count("SELECT count(*) FROM appointment")).isEqualTo(1);
    // A client that puts a form Content-Type on every request, content or not, is served its GETs.
    assertThat(hall.call(HttpMethod.GET, "/api/v1/points/P001", null,
        Map.of("Content-Type", "application/x-www-form-urlencoded"), null).statusCode()).isEqualTo(200);
  }

  private static void refused(Bad bad) {
    Refusals.assertProblem(bad.send().apply(hall), bad.status());
    Refusals.assertNothingWritten();
  }

  private static Arguments bad(String sentence, int status, Function<TestHall, HttpResponse<Buffer>> send) {
    return Arguments.of(Named.of(sentence, new Bad(status, send)));
  }

  /** A valid booking for tomorrow 09:00 at P001, to spoil one field of. */
  private static JsonObject booking() {
    return new JsonObject().put("pointId", "P001").put("service", "passport").put("day", TODAY.plusDays(1).toString())
        .put("slot", "09:00").put("citizenId", CITIZEN).put("phone", "13800138000");
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private static HttpResponse<Buffer> call(TestHall h, HttpMethod method, String path, String body) {
    return h.call(method, path, null, Map.of(), body);
  }

  private static HttpResponse<Buffer> ticket(TestHall h, String body) {
    return ticket(h, Map.of("Idempotency-Key", key()), body);
  }

  private static HttpResponse<Buffer> ticket(TestHall h, Map<String, String> headers, String body) {
    return h.call(HttpMethod.POST, "/api/v1/points/P001/tickets", h.kioskToken("P001"), headers, body);
  }

  private static HttpResponse<Buffer> book(TestHall h, String body) {
    return call(h, HttpMethod.POST, "/api/v1/appointments", body);
  }

  private static HttpResponse<Buffer> quota(TestHall h, String body) {
    return h.call(HttpMethod.PUT, QUOTA_PATH, h.adminToken(), Map.of(), body);
  }

  private static HttpResponse<Buffer> checkIn(TestHall h, String body) {
    return h.call(HttpMethod.POST, "/api/v1/points/P001/check-ins", h.kioskToken("P001"), Map.of(), body);
  }
}
