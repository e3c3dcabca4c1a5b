package org.segstream.postprocess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.segstream.kafka.EmbeddedKafka;

/** A real in-process KRaft broker shared by one test class's tests (each test uses its own topics). */
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
