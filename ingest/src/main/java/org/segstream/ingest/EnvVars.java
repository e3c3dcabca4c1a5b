package org.segstream.ingest;

import java.util.Locale;
import java.util.Map;
import org.segstream.proto.v1.Projection;

/** Typed reads of {@code SEGSTREAM_*} variables; a malformed value names its variable. */
final class EnvVars {
  private final Map<String, String> env;

  EnvVars(Map<String, String> env) {
    this.env = env;
  }

  String text(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  int integer(String name, int fallback) {
    String value = text(name, null);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  long longInteger(String name, long fallback) {
    String value = text(name, null);
    try {
      return value == null ? fallback : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  double number(String name, double fallback) {
    String value = text(name, null);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }

  boolean flag(String name, boolean fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    // Strict on purpose: Boolean.parseBoolean would read a typo such as "ture" as false.
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  Projection projection(String name, Projection fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "pinhole" -> Projection.PINHOLE;
      case "equirectangular", "equirect", "360" -> Projection.EQUIRECTANGULAR;
      default -> throw new IllegalArgumentException(
          name + " must be pinhole or equirectangular, got '" + value + "'");
    };
  }
}
