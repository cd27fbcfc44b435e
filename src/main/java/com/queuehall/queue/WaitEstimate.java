package com.queuehall.queue;

/**
 * The estimated wait of a ticket: the service's moving-average service time, times its position
 * (less half a service, the one under way), divided by the counters open for the service.
 */
public final class WaitEstimate {

  /** Weight of the newest service time in the moving average. */
  public static final double ALPHA = 0.2;

  private WaitEstimate() {}

  /** The moving average after one more measured service time. */
  public static double fold(double average, double seconds) {
    return ALPHA * seconds + (1 - ALPHA) * average;
  }

  /**
   * @param ewmaSeconds the measured average ('' or null before the first measure)
   * @param defaultSeconds the catalog's service time, used until something is measured
   * @param position 1 for the next ticket to be called
   * @param openCounters counters open for the service; with none open, one is assumed
   */
  public static long seconds(String ewmaSeconds, long defaultSeconds, long position, long openCounters) {
    double service = ewmaSeconds == null || ewmaSeconds.isEmpty() ? defaultSeconds : Double.parseDouble(ewmaSeconds);
    return Math.round(service * Math.max(0.5, position - 0.5) / Math.max(1, openCounters));
  }
}
