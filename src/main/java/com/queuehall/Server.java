package com.queuehall;

import com.queuehall.catalog.Catalog;
import com.queuehall.catalog.CatalogFile;
import com.queuehall.catalog.CatalogStore;
import com.queuehall.config.Config;
import com.queuehall.db.Migrations;
import com.queuehall.http.HttpVerticle;
import com.queuehall.ops.Metrics;
import com.queuehall.ops.StartFailure;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Queuehall server: its Vert.x, schema and catalog in Postgres, and one HTTP verticle per
 * event loop. Several servers may share one Postgres and one Redis.
 */
public final class Server {

  private static final Logger log = LoggerFactory.getLogger(Server.class);

  private final Vertx vertx;
  private final Config config;
  private final Catalog catalog;
  private final Metrics metrics;
  private final List<HttpVerticle> verticles = new CopyOnWriteArrayList<>();

  private Server(Vertx vertx, Config config, Catalog catalog, Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.catalog = catalog;
    this.metrics = metrics;
  }

  public static Future<Server> start(Config config) {
    Clock clock = config.clockOrSystem();
    if (config.clock() != null) log.warn("QH_CLOCK is set: the server's clock is {} (for replaying a day)",
        config.clock());
    return start(config, clock);
  }

  public static Future<Server> start(Config config, Clock clock) {
    Catalog catalog = CatalogFile.load(config.catalogPath());
    Metrics metrics = new Metrics();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(config.instances())
            .setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                    Label.POOL_NAME, Label.CLIENT_NAME, Label.NAMESPACE))))
        .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
        .build();
    Server server = new Server(vertx, config, catalog, metrics);
    // Made off any event loop, this promise calls back on whatever thread completes it: a failed
    // start closes Vert.x, whose event loops could then no longer deliver the failure to the caller.
    Promise<Server> started = Promise.promise();
    server.prepareDatabase()
        .recover(err -> Future.failedFuture(new StartFailure("cannot use Postgres", err)))
        .compose(v -> vertx.deployVerticle(
            () -> server.track(new HttpVerticle(config, catalog, metrics, clock, server.verticles.size())),
            new DeploymentOptions().setInstances(config.instances())))
        .onSuccess(id -> {
          log.info("Queuehall listening on {}:{} with {} event-loop instance(s), {} points",
              config.httpHost(), config.httpPort(), config.instances(), catalog.points().size());
          started.complete(server);
        })
        .onFailure(err -> {
          started.fail(err instanceof StartFailure ? err : new StartFailure("the server did not start", err));
          vertx.close();
        });
    return started.future();
  }

  /** Schema and catalog, once per start, through a short-lived pool. */
  private Future<Void> prepareDatabase() {
    Pool pool = HttpVerticle.pgPool(vertx, config.pgUrl(), new PoolOptions().setMaxSize(1), "pg-migrations");
    return Migrations.apply(pool)
        .compose(v -> CatalogStore.save(pool, catalog))
        .andThen(ar -> pool.close());
  }

  private HttpVerticle track(HttpVerticle v) {
    verticles.add(v);
    return v;
  }

  /** "METHOD /path" of every route the router serves, in OpenAPI's {param} notation. */
  public List<String> routes() {
    List<String> out = new ArrayList<>();
    for (Route r : verticles.get(0).router().getRoutes()) {
      if (r.getPath() == null || r.methods() == null) continue;
      String path = r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod m : r.methods()) out.add(m.name() + " " + path);
    }
    return out;
  }

  public Future<Void> close() {
    return vertx.close();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Config config() {
    return config;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Metrics metrics() {
    return metrics;
  }
}
