package com.queuehall.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A test class whose tests share one running server, each on emptied stores. */
public abstract class OneHallPerClass {

  protected static TestHall hall;

  @BeforeAll
  static void startHall() {
    hall = TestHall.start();
  }

  @AfterAll
  static void stopHall() {
    hall.close();
  }

  @BeforeEach
  void emptyStores() {
    Stores.reset();
  }
}
