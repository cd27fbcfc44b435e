package com.queuehall.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known false alarm at start: "This Gauge has been already registered". Vert.x's
 * Micrometer metrics register the same connection gauge again for each new connection of a client
 * and rely on Micrometer keeping the first, which it does; since Micrometer 1.13 it also warns, on
 * every start. The gauges read correctly (OpsTest reads each pool's connections). Any other
 * message of Micrometer's registry still passes.
 */
public final class KnownGaugeWarning extends TurboFilter {

  static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  static final String KNOWN = "This Gauge has been already registered";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null && REGISTRY_LOGGER.equals(logger.getName()) && format.startsWith(KNOWN)) return FilterReply.DENY;
    return FilterReply.NEUTRAL;
  }
}
