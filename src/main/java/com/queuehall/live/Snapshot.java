package com.queuehall.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * What a subscriber is sent first: a body current to (day, epoch, seq). The same snapshot may go to
 * many hall subscribers, so each variant (first, or a resync) is encoded at most once.
 */
final class Snapshot {

  private final String day;
  private final long epoch;
  private final long seq;
  private final JsonObject body;
  private Buffer first;
  private Buffer resync;

  Snapshot(String day, long epoch, long seq, JsonObject body) {
    this.day = day;
    this.epoch = epoch;
    this.seq = seq;
    this.body = body.put("type", "snapshot").put("seq", seq).put("epoch", epoch).put("day", day);
  }

  /** True when the message is already part of this snapshot: same stream, not numbered after it. */
  boolean covers(Outgoing m) {
    return m.epoch() == epoch && Objects.equals(m.day(), day) && m.seq() <= seq;
  }

  /** True when nothing is missing between this snapshot and the message: same stream, seq at most one after. */
  boolean reaches(Outgoing m) {
    return m.epoch() == epoch && Objects.equals(m.day(), day) && m.seq() <= seq + 1;
  }

  Buffer payload(boolean isResync) {
    if (!isResync) {
      if (first == null) first = body.toBuffer();
      return first;
    }
    if (resync == null) resync = body.copy().put("resync", true).toBuffer();
    return resync;
  }
}
