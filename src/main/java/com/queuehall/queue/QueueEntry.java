package com.queuehall.queue;

/**
 * A ticket waiting in a service's queue, as Redis holds it: "number|green|kind|arrivalMs|slotStartMs".
 * kind is W (walk-in) or A (appointment); slotStartMs is 0 for walk-ins.
 */
public record QueueEntry(String ticketId, int number, boolean green, boolean appointment, long arrivalMs,
    long slotStartMs) {

  public static QueueEntry parse(String ticketId, String value) {
    String[] f = value.split("\\|", -1);
    if (f.length != 5) throw new IllegalArgumentException("not a queue entry: " + value);
    return new QueueEntry(ticketId, Integer.parseInt(f[0]), "1".equals(f[1]), "A".equals(f[2]),
        Long.parseLong(f[3]), Long.parseLong(f[4]));
  }

  public String encode() {
    return number + "|" + (green ? 1 : 0) + "|" + (appointment ? "A" : "W") + "|" + arrivalMs + "|" + slotStartMs;
  }
}
