package com.queuehall.config;

import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The network transport under every socket of a Vert.x instance (HTTP, WebSocket, Postgres, Redis).
 * io_uring (the default on Linux) submits a loop's writes to the kernel together instead of one
 * system call each; measured in perf/README.md (Round 10). Where the kernel or a container's seccomp
 * profile refuses io_uring, the JDK's NIO is used instead, and the log says why.
 */
public final class NetTransport {

  public static final String IO_URING = "io_uring";
  public static final String NIO = "nio";
  public static final List<String> NAMES = List.of(IO_URING, NIO);

  private static final Logger log = LoggerFactory.getLogger(NetTransport.class);

  private NetTransport() {}

  /** The transport named (one of NAMES), or NIO when io_uring is asked for but unavailable. */
  public static Transport pick(String name) {
    if (NIO.equals(name)) return Transport.NIO;
    if (!IO_URING.equals(name)) throw new IllegalArgumentException("transport must be one of " + NAMES + ", got '" + name + "'");
    Transport uring = Transport.IO_URING;
    if (uring.available()) return uring;
    Throwable why = uring.unavailabilityCause();
    log.warn("io_uring is not available here ({}); using the JDK's NIO transport",
        why == null ? "no reason given" : why.toString());
    return Transport.NIO;
  }
}
