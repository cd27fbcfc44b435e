package com.queuehall.embedded;

import com.queuehall.config.Config;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * For the run command on a machine with only a JDK: when no Postgres or Redis is configured,
 * start embedded ones (PG 14 from zonky, Redis 6.2 from embedded-redis) and say so. They hold
 * their data only while the process runs. Started before Vert.x, never on an event loop.
 */
public final class EmbeddedStores implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStores.class);

  private EmbeddedPostgres postgres;
  private RedisServer redis;

  /** Fills in whatever the config leaves empty, and returns the config to run with. */
  public Config fillIn(Config config) throws IOException {
    Config c = config;
    if (c.pgUrl() == null) {
      // The library turns fsync and synchronous_commit off for speed; here a ticket's "yes" still
      // waits for its commit to be on disk, as on any Postgres the server runs against.
      postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
          .start();
      String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
      log.warn("QH_PG_URL is not set: started an EMBEDDED Postgres at {} (data is temporary; commits are flushed "
          + "to disk as on any Postgres)", url);
      c = c.withPgUrl(url);
    }
    if (c.redisUrl() == null) {
      int port = freePort();
      redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
          .setting("appendonly no").build();
      redis.start();
      String url = "redis://127.0.0.1:" + port;
      log.warn("QH_REDIS_URL is not set: started an EMBEDDED Redis at {} (data is temporary)", url);
      c = c.withRedisUrl(url);
    }
    return c;
  }

  @Override
  public void close() {
    try {
      if (redis != null) redis.stop();
      if (postgres != null) postgres.close();
    } catch (IOException e) {
      log.warn("could not stop embedded stores cleanly: {}", e.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
