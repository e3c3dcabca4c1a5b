package org.segstream.cli.service;

import java.util.HashMap;
import java.util.Map;

/**
 * The services read their settings from {@code SEGSTREAM_*} variables; command-line options are
 * the same settings, so an option simply overrides its variable. One configuration path, one set
 * of validation messages.
 */
final class Env {
  private final Map<String, String> values = new HashMap<>(System.getenv());

  /** Sets {@code name} when the option was given. */
  Env set(String name, Object value) {
    if (value != null) {
      values.put(name, value.toString());
    }
    return this;
  }

  Map<String, String> values() {
    return values;
  }
}
