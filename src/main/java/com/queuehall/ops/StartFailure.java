package com.queuehall.ops;

/**
 * Why a server did not start, in words for the operator: which store or resource, then the
 * cause's own message ("cannot use Redis: Connection refused: /127.0.0.1:6379").
 */
public final class StartFailure extends RuntimeException {

  public StartFailure(String what, Throwable cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
