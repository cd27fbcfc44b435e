package com.queuehall.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.queuehall.support.TestHall;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The start's log holds what an on-call engineer must read, not the known gauge false alarm. */
class KnownGaugeWarningTest {

  @Test
  @DisplayName("a server's start logs no 'Gauge has been already registered', and the registry's other warnings pass")
  void onlyTheKnownWarningIsDropped() {
    Logger registry = (Logger) LoggerFactory.getLogger(KnownGaugeWarning.REGISTRY_LOGGER);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    registry.addAppender(seen);
    try {
      TestHall hall = TestHall.start();
      hall.close();
      registry.warn("This Gauge has been already registered (MeterId{name='x'}), the registration will be ignored.");
      registry.warn("A meter named x already exists with type COUNTER");
      assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("A meter named x already exists with type COUNTER");
    } finally {
      registry.detachAppender(seen);
    }
  }
}
