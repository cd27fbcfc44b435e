package com.queuehall.redis;

import io.vertx.redis.client.RedisOptions;

/** Options of the server's Redis clients. */
public final class RedisClients {

  private RedisClients() {}

  /**
   * A client of `url` whose pool and connections carry `name` in the metrics (pool_name and
   * client_name), so each event loop's clients are told apart, under the same names on every start.
   */
  public static RedisOptions named(String url, String name) {
    RedisOptions options = new RedisOptions().setConnectionString(url).setPoolName(name).setMetricsName(name);
    options.getNetClientOptions().setMetricsName(name);
    return options;
  }
}
