package com.queuehall.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live subscribers of one point on this event loop. It checks that the point's stream arrives
 * whole (each seq one more than the last, same day and epoch); when it does not (a lost message,
 * a rebuild, a new day) every subscriber of the point is sent a fresh snapshot. Hall snapshots are
 * shared: subscribers that ask while one is being read wait for the next read, which they all share.
 */
final class PointFeed implements Subscriber.Source {

  private final Supplier<Future<Snapshot>> readHall;
  private final Consumer<PointFeed> whenEmpty;
  private final Set<Subscriber> hall = new LinkedHashSet<>();
  private final TicketFeed tickets;
  private String day;
  private long epoch;
  private long seq;
  private boolean reading;
  private Promise<Snapshot> nextRead;

  PointFeed(Supplier<Future<Snapshot>> readHall, TicketFeed tickets, Consumer<PointFeed> whenEmpty) {
    this.readHall = readHall;
    this.tickets = tickets;
    this.whenEmpty = whenEmpty;
    tickets.whenEmpty(this::leftIfEmpty);
  }

  void addHall(Subscriber s) {
    hall.add(s);
    s.start(this);
  }

  TicketFeed tickets() {
    return tickets;
  }

  /** One event of the point, in the order Redis published it. */
  void deliver(LiveMessage m) {
    boolean sameStream = day != null && day.equals(m.day()) && epoch == m.epoch();
    if (sameStream && m.seq() <= seq) return; // delivered already
    String broken = day == null ? null : !sameStream ? "epoch" : m.seq() != seq + 1 ? "gap" : null;
    day = m.day();
    epoch = m.epoch();
    seq = m.seq();
    if (broken != null) repairAll(m.outgoing(), broken);
    for (Subscriber s : hall.toArray(new Subscriber[0])) s.offer(m.outgoing());
    tickets.deliver(m);
  }

  /** Events before m were lost, or m starts a new stream: whoever may lack them gets a fresh snapshot. */
  private void repairAll(Outgoing m, String reason) {
    for (Subscriber s : new ArrayList<>(hall)) s.repair(m, reason);
    tickets.forEach(s -> s.repair(m, reason));
  }

  /** After the pub/sub connection was lost, anything may be missing: everyone gets a fresh snapshot. */
  void reconnected() {
    day = null;
    for (Subscriber s : new ArrayList<>(hall)) s.sync("reconnect");
    tickets.forEach(s -> s.sync("reconnect"));
  }

  /** A hall snapshot read no earlier than this call, shared with every caller waiting for the same read. */
  @Override
  public Future<Snapshot> snapshot(Subscriber s) {
    if (reading) {
      if (nextRead == null) nextRead = Promise.promise();
      return nextRead.future();
    }
    reading = true;
    Future<Snapshot> read = readHall.get();
    read.onComplete(ar -> {
      reading = false;
      Promise<Snapshot> waiting = nextRead;
      nextRead = null;
      if (waiting != null) snapshot(null).onComplete(waiting);
    });
    return read;
  }

  @Override
  public void left(Subscriber s) {
    hall.remove(s);
    leftIfEmpty();
  }

  private void leftIfEmpty() {
    if (hall.isEmpty() && tickets.isEmpty()) whenEmpty.accept(this);
  }
}
