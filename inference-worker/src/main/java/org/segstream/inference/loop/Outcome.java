package org.segstream.inference.loop;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How a consumed record was settled: the record to publish for it (a mask or a dead letter) or
 * none (skipped as too old). Its offset commits in the transaction that publishes the record.
 *
 * @param kind what happened
 * @param output the record to publish; {@code null} when skipped
 * @param reason metrics tag of a dead letter's reason
 * @param batchStartNanos when the frame's batch entered the model; 0 if it never did
 */
record Outcome(Kind kind, ProducerRecord<String, byte[]> output, String reason, long batchStartNanos) {
  enum Kind { MASK, DEAD_LETTER, SKIPPED }

  static Outcome mask(ProducerRecord<String, byte[]> mask, long batchStartNanos) {
    return new Outcome(Kind.MASK, mask, null, batchStartNanos);
  }

  static Outcome deadLetter(ProducerRecord<String, byte[]> deadLetter, String reason) {
    return new Outcome(Kind.DEAD_LETTER, deadLetter, reason, 0);
  }

  static Outcome skipped() {
    return new Outcome(Kind.SKIPPED, null, null, 0);
  }
}
