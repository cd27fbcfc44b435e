package com.queuehall.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP proxy on a free loopback port in front of a loopback store, so that a test can take the
 * store away from a running server for real: {@link #stop()} closes the listener and every
 * proxied connection, {@link #start()} listens again on the same port. It runs on its own
 * Vert.x, so the server under test never shares an event loop with it.
 */
public final class TcpProxy implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  /** Beyond this many open sockets (both sides counted) a new connection is refused: the proxy stays bounded. */
  private static final int MAX_CONNECTIONS = 256;
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  /**
   * The port comes from below Linux's ephemeral range (32768+): there the kernel never gives it to
   * an outgoing connection while the proxy is stopped, so start() can always take it back.
   */
  private static final int PORT_FROM = 20_000;
  private static final int PORT_TO = 32_000;
  private static final int PORT_ATTEMPTS = 100;
  private static final int LISTEN_ATTEMPTS = 20;
  private static final long LISTEN_RETRY_MS = 50;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private NetServer server;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = requireLoopback(targetHost);
    this.targetPort = targetPort;
    this.port = portOutsideEphemeralRange();
  }

  /** A started proxy in front of the host and port of a store URL (postgresql://…, redis://…). */
  public static TcpProxy inFrontOf(String url) {
    URI target = URI.create(url);
    TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
    proxy.start();
    return proxy;
  }

  /** The store URL with its host and port replaced by this proxy's. */
  public String url(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@")
        + LOOPBACK + ":" + port + (u.getRawPath() == null ? "" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  public int port() {
    return port;
  }

  /** Listens (again) on the proxy's port; waits a little, bounded, if the old listener is still closing. */
  public synchronized void start() {
    for (int attempt = 1; server == null; attempt++) {
      NetServer s = vertx.createNetServer(new NetServerOptions().setHost(LOOPBACK).setPort(port).setReuseAddress(true));
      s.connectHandler(this::accept);
      try {
        Stores.await(s.listen());
        server = s;
      } catch (IllegalStateException e) {
        s.close();
        if (!portInUse(e.getCause()) || attempt >= LISTEN_ATTEMPTS) throw e;
        Outages.sleep(LISTEN_RETRY_MS);
      }
    }
  }

  /** Closes the listener and every proxied connection, both sides: the store is gone. */
  public synchronized void stop() {
    if (server == null) return;
    NetServer s = server;
    server = null;
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(s.close());
    for (NetSocket socket : List.copyOf(open)) closing.add(socket.close());
    open.clear();
    Stores.await(Future.join(closing));
    awaitListenerGone();
  }

  /**
   * Vert.x completes a server's close before its listening socket is shut (NetServerImpl.doClose
   * does not wait for its channels), so a connection made right after stop() could still be taken
   * by the kernel's backlog: TcpProxyTest saw it once. Returns once the port can be bound again,
   * that is once nothing listens on it.
   */
  private void awaitListenerGone() {
    for (int attempt = 1; !free(port); attempt++) {
      if (attempt >= LISTEN_ATTEMPTS) throw new IllegalStateException(
          "the proxy's port " + port + " still listens after stop");
      Outages.sleep(LISTEN_RETRY_MS);
    }
  }

  public synchronized boolean running() {
    return server != null;
  }

  @Override
  public void close() {
    stop();
    Stores.await(vertx.close());
  }

  private void accept(NetSocket in) {
    if (!running() || open.size() >= MAX_CONNECTIONS) {
      in.close();
      return;
    }
    in.pause();
    track(in);
    in.closeHandler(v -> open.remove(in));
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || !open.contains(in)) {
        in.close();
        if (ar.succeeded()) ar.result().close();
        return;
      }
      NetSocket out = ar.result();
      track(out);
      out.closeHandler(v -> close(in, out));
      in.closeHandler(v -> close(in, out));
      in.pipeTo(out);
      out.pipeTo(in);
    });
  }

  private void track(NetSocket socket) {
    open.add(socket);
  }

  private void close(NetSocket in, NetSocket out) {
    open.remove(in);
    open.remove(out);
    in.close();
    out.close();
  }

  private static boolean portInUse(Throwable t) {
    return t instanceof BindException
        || t != null && String.valueOf(t.getMessage()).contains("Address already in use");
  }

  private static int portOutsideEphemeralRange() {
    for (int i = 0; i < PORT_ATTEMPTS; i++) {
      int candidate = ThreadLocalRandom.current().nextInt(PORT_FROM, PORT_TO);
      if (free(candidate)) return candidate;
    }
    throw new IllegalStateException("no free loopback port between " + PORT_FROM + " and " + PORT_TO);
  }

  /** Whether the loopback port can be bound now: nothing listens on it. */
  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static String requireLoopback(String host) {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("the proxy only fronts loopback stores, not " + host);
      }
      return host;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host, e);
    }
  }
}
