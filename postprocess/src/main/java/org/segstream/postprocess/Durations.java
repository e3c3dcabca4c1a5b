package org.segstream.postprocess;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the duration notation of the {@code SEGSTREAM_*} variables: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT10S}), or bare seconds. */
final class Durations {
  private Durations() {}

  static Duration parse(String text, String name) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
      }
      long amount = Long.parseLong(value.replaceAll("[smh]$", "").trim());
      return switch (value.charAt(value.length() - 1)) {
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be a duration like 500ms, 10s, 5m, 1h or PT10S, got '" + text + "'");
    }
  }
}
