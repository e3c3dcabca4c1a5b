package org.segstream.postprocess.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.segstream.proto.EpochMicros;

/**
 * A SceneStatsService request's fields read as query arguments, or INVALID_ARGUMENT naming the
 * field: the checks the calls share, apart from answering them.
 */
final class RequestArguments {
  private RequestArguments() {}

  /** A capture-time range. */
  record TimeRange(Instant from, Instant to) {}

  /** The camera id, which every per-camera call needs. */
  static String camera(String cameraId) {
    if (cameraId.isEmpty()) {
      throw invalid("camera_id is required");
    }
    return cameraId;
  }

  /** One of the aggregated {@code sizes} (ascending); 0 means the smallest. */
  static Duration windowSize(int windowSeconds, List<Duration> sizes) {
    if (windowSeconds == 0) {
      return sizes.get(0);
    }
    Duration size = Duration.ofSeconds(Integer.toUnsignedLong(windowSeconds));
    if (!sizes.contains(size)) {
      throw invalid("window_seconds " + Integer.toUnsignedString(windowSeconds) + " is not aggregated; use one of "
          + sizes.stream().map(Duration::toSeconds).toList());
    }
    return size;
  }

  /** A request's capture-time range: 0 means from the epoch / up to {@code clock}'s now. */
  static TimeRange timeRange(long fromUs, long toUs, Clock clock) {
    Instant from = fromUs == 0 ? Instant.EPOCH : micros(fromUs, "from_us");
    Instant to = toUs == 0 ? clock.instant() : micros(toUs, "to_us");
    if (fromUs != 0 && toUs != 0 && from.isAfter(to)) {
      throw invalid("from_us " + fromUs + " is after to_us " + toUs);
    }
    return new TimeRange(from, to);
  }

  static StatusRuntimeException invalid(String description) {
    return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
  }

  private static Instant micros(long micros, String field) {
    if (micros < 0) {
      throw invalid(field + " must not be negative, got " + micros);
    }
    return EpochMicros.toInstant(micros);
  }
}
