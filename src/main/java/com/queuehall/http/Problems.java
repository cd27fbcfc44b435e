package com.queuehall.http;

import com.queuehall.db.StaleEpoch;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** The one error mapper: any failure of a route becomes an application/problem+json answer. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  /** SQLSTATE classes that mean "try again": connection, rollback (deadlock), resources, operator. */
  private static final java.util.Set<String> TRANSIENT_SQLSTATE = java.util.Set.of("08", "40", "53", "57");

  /**
   * Redis error replies that mean "try again"; any other (a script error, WRONGTYPE) is a bug.
   * CONNECTION_CLOSED is the client's answer to a command in flight on a lost connection.
   */
  private static final java.util.List<String> TRANSIENT_REDIS = java.util.List.of("BUSY", "LOADING", "OOM", "READONLY",
      "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "CONNECTION_CLOSED");

  private final int retryAfterSeconds;
  private final int bodyLimitBytes;

  public Problems(int retryAfterSeconds, int bodyLimitBytes) {
    this.retryAfterSeconds = retryAfterSeconds;
    this.bodyLimitBytes = bodyLimitBytes;
  }

  public void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException) {
      // The client hung up before its request was whole (a kiosk unplugged mid-body): there is nobody
      // to answer and nothing for on-call to fix, so no 500 and no error in the log.
      log.debug("client closed the connection during {} {}", ctx.request().method(), ctx.request().path());
      return;
    }
    send(ctx, toProblem(ctx));
  }

  /** Maps a failure to the problem the caller sees. Infrastructure trouble is a 503, not a 500. */
  public Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) return p;
    if (failure instanceof StaleEpoch) {
      return Problem.unavailable("the hall's state is being rebuilt; retry shortly", retryAfterSeconds);
    }
    if (failure instanceof DecodeException) return Problem.badRequest("the body is not valid JSON");
    if (isUnavailable(failure)) {
      log.warn("dependency unavailable on {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      return Problem.unavailable("a backing store is not answering; retry shortly", retryAfterSeconds);
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 401 -> Problem.of(401, "unauthorized", "send a bearer token: Authorization: Bearer <jwt>");
      case 404 -> Problem.notFound("not found", "no resource at " + ctx.request().path());
      case 405 -> Problem.of(405, "method not allowed",
          ctx.request().method() + " is not supported on " + ctx.request().path());
      case 413 -> Problem.of(413, "request body too large", "the body must not exceed " + bodyLimitBytes + " bytes");
      case 415 -> Problem.of(415, "unsupported media type", "send application/json");
      default -> {
        if (status >= 400 && status < 500) yield Problem.of(status, "invalid request", "the request was refused");
        log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        yield Problem.of(500, "internal error", "an unexpected error occurred; it has been logged");
      }
    };
  }

  /**
   * The router's own 400, before any route: a path or query it cannot decode, mostly a '%' not
   * followed by two hex digits. The context carries neither the status nor the cause here.
   */
  public static void undecodable(RoutingContext ctx) {
    send(ctx, Problem.badRequest("the request's path or query could not be decoded: write '%' as %25, and escape"
        + " other characters as %XX with two hex digits (UTF-8)"));
  }

  /**
   * The HTTP server's refusal of a request it could not parse (no route saw it): the status Vert.x
   * would give, as a problem, and the connection closed, since the rest of its bytes cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem p = cause instanceof TooLongHttpLineException
        ? Problem.of(414, "request line too long", "the method, path and query must not exceed "
            + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes")
        : cause instanceof TooLongHttpHeaderException
            ? Problem.of(431, "request headers too large", "the headers must not exceed "
                + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes in all")
            : Problem.badRequest("the request is not valid HTTP" + (cause == null ? "" : ": " + cause.getMessage()));
    write(request.response().putHeader(HttpHeaders.CONNECTION, "close"), p, null)
        .onComplete(ar -> request.connection().close());
  }

  public static void send(RoutingContext ctx, Problem p) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (p.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"queuehall\"");
    if (p.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(p.retryAfterSeconds()));
    }
    write(ctx.response(), p, ctx.request().path());
  }

  private static Future<Void> write(HttpServerResponse response, Problem p, String instance) {
    return response.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .end(p.toJson(instance).toBuffer());
  }

  /** Whether a failure means Postgres or Redis is down or overloaded, not that the input is bad. */
  public static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof ClosedConnectionException
          || c instanceof TimeoutException || c instanceof IOException) {
        return true;
      }
      if (c instanceof ErrorType e) return TRANSIENT_REDIS.stream().anyMatch(e::is);
      if (c instanceof PgException pg) return pg.getSqlState() != null
          && TRANSIENT_SQLSTATE.contains(pg.getSqlState().substring(0, 2));
      String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("connection refused") || m.contains("connection is closed") || m.contains("connection reset")
          || m.contains("timeout") || m.contains("timed out") || m.contains("cannot connect")
          || m.contains("failed to connect") || m.contains("pool closed")) {
        return true;
      }
    }
    return false;
  }
}
