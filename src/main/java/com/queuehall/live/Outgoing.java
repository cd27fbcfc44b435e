package com.queuehall.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One message for subscribers, numbered in the point's event stream (day, epoch, seq) and encoded
 * once: every subscriber it goes to is written the same bytes.
 */
record Outgoing(String day, long epoch, long seq, Buffer payload) {

  /** A message of the stream, encoded now: {type, seq, epoch, day, ...}. */
  static Outgoing of(String day, long epoch, long seq, JsonObject body) {
    return new Outgoing(day, epoch, seq, body.put("seq", seq).put("epoch", epoch).put("day", day).toBuffer());
  }
}
