package com.queuehall.support;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A WebSocket subscriber on a plain TCP socket with a tiny receive buffer, so that it can stop
 * reading after the handshake, like a phone that froze, and read the server's frames later.
 */
public final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and completes the handshake; from then on nothing is read until asked. */
  public static RawWebSocket open(int port, String path) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(5_000);
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    RawWebSocket ws = new RawWebSocket(s);
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + head);
    return ws;
  }

  private String readHead() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) sb.append((char) in.readUnsignedByte());
    return sb.toString();
  }

  /** Reads frames until a text frame's JSON matches; null if the connection ended first. */
  public JsonObject readUntil(Predicate<JsonObject> wanted, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int b0;
      try {
        b0 = in.read();
      } catch (SocketException e) {
        return null;
      }
      if (b0 < 0) return null;
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) length = in.readUnsignedShort();
      else if (length == 127) length = in.readLong();
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if ((b0 & 0x0f) == 1 && wanted.test(new JsonObject(new String(payload, StandardCharsets.UTF_8)))) {
        return new JsonObject(new String(payload, StandardCharsets.UTF_8));
      }
    }
    throw new SocketTimeoutException("no matching frame within " + timeout);
  }

  /** True when the server closed the connection: it ends (or is reset) once what was sent is read. */
  public boolean endsWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    InputStream raw = socket.getInputStream();
    byte[] sink = new byte[8192];
    while (System.nanoTime() < deadline) {
      try {
        if (raw.read(sink) < 0) return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
