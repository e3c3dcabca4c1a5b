package org.segstream.kafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of integration tests that share one real in-process KRaft broker per test class; each test
 * makes its own topics. Shipped in this module's test jar for the other modules' tests.
 */
public abstract class OnBroker {
  protected static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }
}
