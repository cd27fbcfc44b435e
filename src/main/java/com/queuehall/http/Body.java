package com.queuehall.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/** Reads a request's JSON body field by field, refusing it with a message that says what to fix. */
public final class Body {

  /** The methods whose form or multipart body Vert.x's BodyHandler decodes; it throws on any other. */
  private static final Set<HttpMethod> FORM_METHODS =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final JsonObject json;

  private Body(JsonObject json) {
    this.json = json;
  }

  public static Body of(RoutingContext ctx) {
    return parse(ctx.body().asString());
  }

  /**
   * Runs before the BodyHandler: refuses a form or multipart body on a method that takes no body (a
   * GET sent with Content-Type application/x-www-form-urlencoded and a Content-Length, even 0, as
   * some HTTP clients do). The BodyHandler would throw on it, and the caller would see a 500. No
   * route reads a form; a GET that declares no body, whatever its Content-Type, goes on.
   */
  public static void refuseStrayForm(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !FORM_METHODS.contains(req.method()) && declaresBody(req)) {
      String t = type.toLowerCase(Locale.ROOT);
      if (t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/")) {
        ctx.fail(Problem.badRequest("a " + req.method() + " request takes no body; send it without a body, "
            + "Content-Length or Transfer-Encoding (this one declared a " + type + " body)"));
        return;
      }
    }
    ctx.next();
  }

  private static boolean declaresBody(HttpServerRequest req) {
    return req.getHeader(HttpHeaders.CONTENT_LENGTH) != null || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  /** The body's text as a JSON object, or a bad request that says what is wrong with it. */
  public static Body parse(String text) {
    if (text == null || text.isBlank()) throw Problem.badRequest("a JSON object body is required");
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw Problem.badRequest("the body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject o)) throw Problem.badRequest("the body must be a JSON object");
    return new Body(o);
  }

  public JsonObject json() {
    return json;
  }

  public String string(String field) {
    String v = optionalString(field);
    if (v == null || v.isBlank()) throw Problem.badRequest(
        "'" + field + "' is required and must be a non-empty string");
    return v;
  }

  public String optionalString(String field) {
    Object v = json.getValue(field);
    if (v == null) return null;
    if (!(v instanceof String s)) throw Problem.badRequest("'" + field + "' must be a string");
    return s;
  }

  public boolean flag(String field) {
    Object v = json.getValue(field);
    if (v == null) return false;
    if (!(v instanceof Boolean b)) throw Problem.badRequest("'" + field + "' must be true or false");
    return b;
  }

  /** An optional whole number within [min, max]. */
  public Integer optionalInt(String field, int min, int max) {
    return wholeNumber(json.getValue(field), "'" + field + "'", min, max);
  }

  public JsonObject optionalObject(String field) {
    Object v = json.getValue(field);
    if (v == null) return null;
    if (!(v instanceof JsonObject o)) throw Problem.badRequest("'" + field + "' must be a JSON object");
    return o;
  }

  public static Integer wholeNumber(Object v, String name, int min, int max) {
    if (v == null) return null;
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw Problem.badRequest(name + " must be a whole number");
    }
    long l = n.longValue();
    if (l < min || l > max) throw Problem.badRequest(name + " must be between " + min + " and " + max + ", got " + l);
    return (int) l;
  }

  /** A calendar day, YYYY-MM-DD. */
  public static LocalDate day(String text, String name) {
    if (text == null || text.isBlank()) throw Problem.badRequest(name + " is required, as YYYY-MM-DD");
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(name + " must be a date as YYYY-MM-DD, got '" + text + "'");
    }
  }
}
