package org.segstream.postprocess.topology;

/**
 * A masks-topic record that cannot be counted.
 *
 * @param reason one line for the dead-letter reason header
 * @param original the record's value as received, so the dead letter can be replayed
 */
record RejectedMask(String reason, byte[] original) implements CheckedMask {}
