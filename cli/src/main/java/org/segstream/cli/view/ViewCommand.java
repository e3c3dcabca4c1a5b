package org.segstream.cli.view;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.segstream.cli.stats.GrpcClientOptions;
import org.segstream.viewer.Viewer;
import org.segstream.viewer.ViewerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segstream view}: the live page of a running fleet. */
@Command(name = "view", mixinStandardHelpOptions = true,
    description = "Serve a live page: each camera's latest mask over its frame, camera health and class areas per "
        + "window, updated as masks arrive. Runs until Ctrl-C.")
public final class ViewCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = free).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to serve on (default ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
  String host;

  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--grpc", defaultValue = "127.0.0.1:50051",
      description = "The postprocessor's SceneStats service for health and charts (default ${DEFAULT-VALUE}; '' for none).")
  String grpc;

  @Mixin
  GrpcClientOptions grpcClient;

  @Option(names = "--camera", paramLabel = "ID", split = ",", description = "Cameras to show (default: every camera).")
  List<String> cameras = List.of();

  @Option(names = "--alpha", defaultValue = "0.5", description = "Mask opacity over the frame (default ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--window-seconds", defaultValue = "0",
      description = "Chart window size; 0 = the smallest the postprocessor aggregates (default ${DEFAULT-VALUE}).")
  int windowSeconds;

  @Option(names = "--windows", defaultValue = "30", description = "Windows per chart (default ${DEFAULT-VALUE}).")
  int windows;

  @Override
  public Integer call() throws Exception {
    ViewerConfig config = new ViewerConfig(host, port, bootstrap, grpc, grpcClient.token(), new LinkedHashSet<>(cameras), alpha, 960,
        windowSeconds, windows);
    CountDownLatch forever = new CountDownLatch(1);
    try (Viewer viewer = Viewer.start(config, grpcClient::channel)) {
      System.out.println("segstream view: " + viewer.url() + " (Ctrl-C to stop)");
      Runtime.getRuntime().addShutdownHook(new Thread(viewer::close, "segstream-view-stop"));
      forever.await();
    }
    return 0;
  }
}
