package com.queuehall.http;

import com.queuehall.appointments.AppointmentRoutes;
import com.queuehall.appointments.AppointmentSql;
import com.queuehall.appointments.Bookings;
import com.queuehall.appointments.CheckIns;
import com.queuehall.appointments.Slots;
import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.CatalogRoutes;
import com.queuehall.config.Config;
import com.queuehall.counters.Calls;
import com.queuehall.counters.CounterRoutes;
import com.queuehall.counters.CounterSql;
import com.queuehall.counters.Sessions;
import com.queuehall.counters.Transitions;
import com.queuehall.db.Statements;
import com.queuehall.db.Writer;
import com.queuehall.live.LiveEvents;
import com.queuehall.live.LiveFeeds;
import com.queuehall.live.LiveRoutes;
import com.queuehall.live.PubSub;
import com.queuehall.ops.Metrics;
import com.queuehall.ops.OpsRoutes;
import com.queuehall.ops.StartFailure;
import com.queuehall.queue.Waits;
import com.queuehall.quota.DayState;
import com.queuehall.quota.QuotaAdmin;
import com.queuehall.quota.QuotaRoutes;
import com.queuehall.redis.RedisClients;
import com.queuehall.redis.ScriptRunner;
import com.queuehall.tickets.TicketRecords;
import com.queuehall.tickets.TicketRoutes;
import com.queuehall.tickets.TicketSql;
import com.queuehall.tickets.WalkIns;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One instance per event loop: its own Postgres pool and Redis client, scripts loaded and
 * statements prepared before it listens. Instances share the port; the kernel spreads connections.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);

  /** The statements of the request path, prepared on each connection as it opens (see Statements). */
  public static final List<String> HOT_STATEMENTS = List.of(TicketSql.INSERT, TicketSql.CHECK_IN, TicketSql.BY_ID,
      TicketSql.BY_IDEMPOTENCY_KEY, TicketSql.BY_NUMBER, AppointmentSql.INSERT, AppointmentSql.ACTIVE,
      AppointmentSql.BY_CODE, AppointmentSql.SET_STATUS, CounterSql.SESSION, CounterSql.IN_HAND,
      CounterSql.SET_SESSION, CounterSql.CALL, CounterSql.RECALL, CounterSql.NO_SHOW, CounterSql.START,
      CounterSql.COMPLETE, CounterSql.TRANSFER);

  private final Config config;
  private final Catalog catalog;
  private final Metrics metrics;
  private final Clock clock;
  /** This instance's number, 0.. (one per event loop): it names its pools in the metrics. */
  private final int index;

  private Pool pool;
  private Redis redis;
  private PubSub pubSub;
  private Router router;
  private HttpServer server;

  public HttpVerticle(Config config, Catalog catalog, Metrics metrics, Clock clock, int index) {
    this.config = config;
    this.catalog = catalog;
    this.metrics = metrics;
    this.clock = clock;
    this.index = index;
  }

  @Override
  public Future<?> start() {
    // A statement that waits longer (a lock held elsewhere, a stuck server) is cancelled: the caller
    // gets 503 with Retry-After and its reservation back, instead of an answer that never comes.
    PgConnectOptions connect = pgOptions(config.pgUrl())
        .addProperty("statement_timeout", String.valueOf(config.pgStatementTimeoutMs()));
    pool = pgPool(vertx, connect, new PoolOptions().setMaxSize(config.pgPoolSize()).setMaxWaitQueueSize(10_000),
        "pg-" + index, conn -> Statements.prepare(conn, HOT_STATEMENTS).onComplete(ar -> {
          if (ar.failed()) log.error("pg-{}: {}", index, ar.cause().getMessage());
          conn.close(); // hands the connection to the pool
        }));
    redis = Redis.createClient(vertx, RedisClients.named(config.redisUrl(), "redis-" + index)
        .setMaxPoolSize(config.redisPoolSize()).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
    ScriptRunner scripts = new ScriptRunner(redis);
    router = routes(scripts);
    // The first connection has prepared them in the connect handler, whose failure reaches no caller:
    // prepared again here (a hit in the connection's statement cache), a bad one fails the start.
    return pool.withConnection(conn -> Statements.prepare(conn, HOT_STATEMENTS))
        .recover(err -> Future.failedFuture(new StartFailure("cannot use Postgres", err)))
        .compose(v -> scripts.loadAll())
        .compose(v -> pubSub.start())
        .recover(err -> Future.failedFuture(new StartFailure("cannot use Redis", err)))
        // A fixed send buffer bounds what the kernel holds for a subscriber that stopped reading
        // (autotuned, it grows to 4 MiB per connection), so a full write queue shows up soon. The
        // idle timeout closes a connection the client sent nothing on for that long (a kiosk
        // unplugged, a phone gone); a live client answers every heartbeat's ping. Read idleness only:
        // watching writes too would put a listener on every write.
        .compose(v -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.httpHost()).setPort(config.httpPort())
                .setMaxWebSocketFrameSize(16 * 1024).setSendBufferSize(128 * 1024)
                .setReadIdleTimeout(config.httpIdleTimeoutSeconds()))
            .requestHandler(router)
            .invalidRequestHandler(Problems::invalidRequest)
            .listen()
            .recover(err -> Future.failedFuture(
                new StartFailure("cannot listen on " + config.httpHost() + ":" + config.httpPort(), err))))
        .onSuccess(s -> server = s);
  }

  @Override
  /**
   * A graceful stop: the port stops taking connections, requests in flight get up to the grace
   * period to be answered (a ticket being committed is acknowledged, not cut off), live feeds are
   * told 1001 so displays and phones reconnect to another instance, and only then are the Redis
   * and Postgres clients closed.
   */
  public Future<?> stop() {
    Future<Void> closing = server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownGraceSeconds(), TimeUnit.SECONDS);
    return closing.compose(v -> pubSub.stop()).compose(v -> pool.close()).andThen(ar -> redis.close());
  }

  public static PgConnectOptions pgOptions(String url) {
    return PgConnectOptions.fromUri(url).setCachePreparedStatements(true).setPipeliningLimit(256);
  }

  /** A Postgres pool whose pool and client series carry `name` in the metrics (pool_name, client_namespace). */
  public static Pool pgPool(Vertx vertx, String url, PoolOptions options, String name) {
    return pgPool(vertx, pgOptions(url), options, name, null);
  }

  /** The same, with `onConnect` run on each new connection, which it hands to the pool by closing it. */
  static Pool pgPool(Vertx vertx, PgConnectOptions connect, PoolOptions options, String name,
      Handler<SqlConnection> onConnect) {
    var builder = PgBuilder.pool().with(options.setName(name)).connectingTo(connect.setMetricsName(name));
    return (onConnect == null ? builder : builder.withConnectHandler(onConnect)).using(vertx).build();
  }

  private Router routes(ScriptRunner scripts) {
    Lookup lookup = new Lookup(catalog, clock);
    Writer writer = new Writer(pool, metrics.flushes("pg-" + index));
    DayState state = new DayState(vertx, catalog, pool, scripts, metrics);
    TicketRecords records = new TicketRecords(vertx, pool);
    Slots slots = new Slots(catalog, state, clock);
    int retry = config.retryAfterSeconds();
    Waits waits = new Waits(catalog, state, clock);
    LiveEvents events = new LiveEvents(catalog, state, clock);
    Sessions sessions = new Sessions(writer, events, clock);
    Auth auth = new Auth(vertx, config.jwtKey());
    Problems problems = new Problems(retry, config.bodyLimitBytes());

    LiveFeeds feeds = new LiveFeeds(vertx, catalog, events.hall(), waits, records, metrics, clock);
    feeds.startHeartbeat(config.liveHeartbeatSeconds());
    pubSub = new PubSub(vertx, config.redisUrl(), "redis-live-" + index, feeds);

    Router r = Router.router(vertx);
    new LiveRoutes(catalog, records, feeds).mount(r); // before the body handler: an upgrade is taken first
    r.route().handler(Body::refuseStrayForm);
    // No route reads form attributes: merging them into the params would decode the query at the body's
    // end, where a bad '%' in it threw outside any route and the request was never answered.
    r.route().handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()).setMergeFormAttributes(false));
    new OpsRoutes(pool, redis, metrics, clock).mount(r);
    new CatalogRoutes(lookup).mount(r);
    new TicketRoutes(lookup, new WalkIns(state, scripts, writer, records, slots, metrics, waits, events, clock, retry),
        records, waits).mount(r, auth);
    new AppointmentRoutes(lookup, slots, new Bookings(vertx, state, scripts, writer, metrics, retry),
        new CheckIns(catalog, state, scripts, writer, records, metrics, waits, events, clock, retry)).mount(r, auth);
    new CounterRoutes(lookup, sessions, new Calls(vertx, state, scripts, writer, records, events, clock, retry),
        new Transitions(state, scripts, writer, records, events, clock)).mount(r, auth);
    new QuotaRoutes(lookup, new QuotaAdmin(pool, scripts, state, retry)).mount(r, auth);
    r.route().failureHandler(problems::handle);
    r.errorHandler(400, Problems::undecodable);
    r.errorHandler(404, problems::handle);
    r.errorHandler(405, problems::handle);
    r.errorHandler(413, problems::handle);
    return r;
  }

  /** The router, for the test that checks every route is in the OpenAPI document. */
  public Router router() {
    return router;
  }
}
