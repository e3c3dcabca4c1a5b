package org.segstream.cli.stats;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.segstream.client.stats.StatsClient;
import org.segstream.proto.v1.GetFleetStatsResponse;
import org.segstream.proto.v1.GetWindowStatsResponse;
import org.segstream.proto.v1.ListCamerasResponse;
import org.segstream.proto.v1.WatchStatsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code segstream stats cameras|latest|window|fleet|watch}: query a running postprocessor over gRPC. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Query scene statistics from a running postprocessor over gRPC.")
public final class StatsCommand implements Callable<Integer> {
  enum What { cameras, latest, window, fleet, watch }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "What to show: ${COMPLETION-CANDIDATES}.")
  What what;

  @Option(names = "--target", defaultValue = "127.0.0.1:50051", description = "Postprocessor gRPC address (default ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--camera", description = "Camera id (latest, window); for watch, comma-separated ids (default: all cameras).")
  String camera;

  @Option(names = "--window-seconds", defaultValue = "0", description = "Window size in seconds (default: the smallest configured).")
  int windowSeconds;

  @Option(names = "--for", defaultValue = "60m", converter = DurationConverter.class,
      description = "How long 'watch' streams updates before it ends (default ${DEFAULT-VALUE}).")
  Duration watchFor;

  @picocli.CommandLine.Mixin
  TimeRangeOptions range;

  @picocli.CommandLine.Mixin
  GrpcClientOptions grpc;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--timeout", defaultValue = "5s", description = "Deadline per call, e.g. 5s, 500ms (default ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if ((what == What.latest || what == What.window) && (camera == null || camera.isBlank())) {
      throw new ParameterException(spec.commandLine(), "--camera is required for 'stats " + what + "'");
    }
    TimeRangeOptions.Micros micros = timeRange();
    ManagedChannel channel = channel();
    try {
      StatsClient client = new StatsClient(channel, timeout, grpc.token());
      java.io.PrintWriter out = spec.commandLine().getOut();
      if (what == What.watch) {
        return watch(client, out);
      }
      out.print(switch (what) {
        case cameras -> json
            ? json(ListCamerasResponse.newBuilder().addAllCameras(client.cameras()))
            : Tables.cameras(client.cameras());
        case latest -> json ? json(client.latest(camera)) : Tables.latest(client.latest(camera));
        case window -> {
          var windows = client.windows(camera, windowSeconds, micros.fromUs(), micros.toUs());
          yield json ? json(GetWindowStatsResponse.newBuilder().addAllWindows(windows)) : Tables.windows(windows);
        }
        case watch -> throw new IllegalStateException("watch streams above");
        case fleet -> {
          var windows = client.fleet(windowSeconds, micros.fromUs(), micros.toUs());
          yield json ? json(GetFleetStatsResponse.newBuilder().addAllWindows(windows)) : Tables.windows(windows);
        }
      });
      out.flush();
      return 0;
    } catch (StatusRuntimeException e) {
      spec.commandLine().getErr().println("error: " + target + " answered " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
      return 1;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Prints each update as it arrives until the stream's time is up (then exits 0) or it fails. */
  private int watch(StatsClient client, java.io.PrintWriter out) throws Exception {
    List<String> cameras = camera == null || camera.isBlank() ? List.of() : List.of(camera.split(","));
    try {
      for (var it = client.watch(cameras, watchFor); it.hasNext(); ) {
        WatchStatsResponse update = it.next();
        out.print(json ? json(update) : update.hasWindow() ? Tables.windows(List.of(update.getWindow()))
            : Tables.latest(update.getLatest()));
        out.flush();
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    return 0;
  }

  private TimeRangeOptions.Micros timeRange() {
    if (range.given() && what != What.window && what != What.fleet) {
      throw new ParameterException(spec.commandLine(), "--since, --from and --to choose windows: they go with "
          + "'stats window' and 'stats fleet', not 'stats " + what + "'");
    }
    try {
      return range.micros(Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ManagedChannel channel() {
    try {
      return grpc.channel(target);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static String json(MessageOrBuilder message) throws com.google.protobuf.InvalidProtocolBufferException {
    return JsonFormat.printer().print(message) + System.lineSeparator();
  }

  /** Parses {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}. */
  public static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }
  }
}
