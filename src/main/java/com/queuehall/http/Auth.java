package com.queuehall.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bearer tokens: HS256 JWTs signed with the configured key, carrying a role and, for kiosks and
 * counters, the point they belong to.
 *
 * <p>A kiosk or counter sends the same token with every request, so each instance remembers the
 * tokens it verified (the most recent {@link #REMEMBERED}, each until its own expiry): the
 * signature and claims of a token are checked once, not on every request. A remembered token is
 * the exact string that was verified, so a changed token is verified afresh.
 */
public final class Auth {

  public enum Role {
    KIOSK, COUNTER, ADMIN;

    public String claim() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("role must be kiosk, counter or admin, got '" + s + "'");
      }
    }

    boolean pointScoped() {
      return this != ADMIN;
    }
  }

  static final int REMEMBERED = 4_096;

  private final JWTAuth jwt;
  /** Verified token → its user, least recently used first; confined to the instance's event loop. */
  private final Map<String, User> verified = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, User> eldest) {
      return size() > REMEMBERED;
    }
  };

  public Auth(Vertx vertx, String key) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key)));
  }

  /** Mints a token; `java -jar queuehall.jar token` and the tests use it. */
  public String mint(Role role, String point, String subject, long ttlSeconds) {
    if (role.pointScoped() && (point == null || point.isBlank())) {
      throw new IllegalArgumentException("a " + role.claim() + " token needs --point");
    }
    JsonObject claims = new JsonObject().put("role", role.claim());
    if (point != null) claims.put("point", point);
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setSubject(subject).setIssuer("queuehall");
    if (ttlSeconds > 0) options.setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttlSeconds));
    return jwt.generateToken(claims, options);
  }

  /** A route guard: the token must be valid, carry this role and, if scoped, the path's point. */
  public Handler<RoutingContext> require(Role role) {
    return ctx -> authenticate(ctx).onSuccess(user -> {
      String actual = user.principal().getString("role");
      if (!role.claim().equals(actual)) {
        ctx.fail(Problem.of(403, "forbidden", "this endpoint needs a " + role.claim() + " token, not " + actual));
        return;
      }
      String point = ctx.pathParam("pointId");
      if (role.pointScoped() && point != null && !point.equals(user.principal().getString("point"))) {
        ctx.fail(Problem.of(403, "forbidden", "this token belongs to point "
            + user.principal().getString("point") + ", not " + point));
        return;
      }
      ctx.put("principal", user.principal());
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private Future<User> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(Problem.of(401, "unauthorized", "send a bearer token: Authorization: Bearer <jwt>"));
    }
    String token = header.substring(7).trim();
    User known = verified.get(token);
    if (known != null) {
      if (!known.expired()) return Future.succeededFuture(known); // exp, in real time, as the JWT check reads it
      verified.remove(token);
    }
    return jwt.authenticate(new TokenCredentials(token))
        .onSuccess(user -> verified.put(token, user))
        .recover(e -> Future.failedFuture(Problem.of(401, "unauthorized",
            "the bearer token is not valid: it is malformed, expired or signed with another key")));
  }
}
