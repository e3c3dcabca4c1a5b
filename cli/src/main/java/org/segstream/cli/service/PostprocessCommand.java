package org.segstream.cli.service;

import java.util.concurrent.Callable;
import org.segstream.postprocess.PostprocessMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segstream postprocess}: masks to scene statistics, served over gRPC. */
@Command(name = "postprocess", mixinStandardHelpOptions = true,
    description = "Run the scene-statistics postprocessor and its gRPC server until Ctrl-C. "
        + "Options override SEGSTREAM_* variables.")
public final class PostprocessCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (SEGSTREAM_BOOTSTRAP_SERVERS, default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--grpc-port", description = "gRPC port (SEGSTREAM_GRPC_PORT, default 50051).")
  Integer grpcPort;

  @Option(names = "--state-dir", description = "Kafka Streams state directory (SEGSTREAM_STATE_DIR).")
  String stateDir;

  @Override
  public Integer call() throws InterruptedException {
    return PostprocessMain.run(new Env().set("SEGSTREAM_BOOTSTRAP_SERVERS", bootstrap)
        .set("SEGSTREAM_GRPC_PORT", grpcPort).set("SEGSTREAM_STATE_DIR", stateDir).values());
  }
}
