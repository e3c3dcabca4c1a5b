package org.segstream.postprocess.query;

/**
 * The state stores cannot be read right now (streams starting, rebalancing or shutting down).
 * Retriable: the same query is expected to succeed once the rebalance settles.
 */
public final class StoresUnavailableException extends RuntimeException {
  public StoresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
