package org.segstream.inference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.segstream.kafka.EmbeddedKafka;

/** A test class with one embedded broker for all its tests; each test makes its own topics. */
abstract class OnBroker {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }
}
