package org.segstream.postprocess.grpc;

import static org.segstream.postprocess.grpc.RequestArguments.invalid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.segstream.proto.EpochMicros;

/**
 * One page of a GetWindowStats answer: how many windows and from which start. A page token is
 * the start of the first window not yet returned, opaque to callers (base64 of {@code v1:<µs>}).
 *
 * @param size most windows in the page
 * @param from lower bound of the window starts in the page
 */
record WindowPage(int size, Instant from) {
  static final int DEFAULT_SIZE = 500;
  static final int MAX_SIZE = 5000;
  /** A range wider than this many windows is refused: the store would walk it all. */
  static final long MAX_WINDOWS = 100_000;
  private static final String PREFIX = "v1:";

  static WindowPage of(int pageSize, String pageToken, Duration windowSize, Instant from, Instant to) {
    long requested = Integer.toUnsignedLong(pageSize);
    if (requested > MAX_SIZE) {
      throw invalid("page_size " + requested + " is over " + MAX_SIZE);
    }
    // From the epoch means "from the oldest window kept": the retention bounds that walk already.
    long windows = from.equals(Instant.EPOCH) ? 0 : Duration.between(from, to).dividedBy(windowSize);
    if (windows > MAX_WINDOWS) {
      throw invalid("the time range spans " + windows + " windows of " + windowSize.toSeconds() + " s; at most "
          + MAX_WINDOWS + ": narrow from_us/to_us");
    }
    Instant start = from;
    if (!pageToken.isEmpty()) {
      Instant resume = decode(pageToken);
      if (resume.isBefore(from) || resume.isAfter(to)) {
        throw invalid("page_token does not belong to this time range");
      }
      start = resume;
    }
    return new WindowPage(requested == 0 ? DEFAULT_SIZE : (int) requested, start);
  }

  /** The token resuming at the window that starts at {@code windowStartUs}. */
  static String token(long windowStartUs) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + windowStartUs).getBytes(StandardCharsets.US_ASCII));
  }

  private static Instant decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (text.startsWith(PREFIX)) {
        long micros = Long.parseLong(text.substring(PREFIX.length()));
        if (micros >= 0) {
          return EpochMicros.toInstant(micros);
        }
      }
    } catch (IllegalArgumentException e) {
      // Not base64 or not a number: the same answer as any other bad token, below.
      return badToken();
    }
    return badToken();
  }

  private static Instant badToken() {
    throw invalid("page_token is not one this server issued");
  }
}
