package org.segstream.cli.service;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.segstream.ingest.IngestMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segstream ingest}: a fleet file's cameras, or one camera, to {@code segstream.frames}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest a camera fleet (--fleet FILE, watched for changes) or one camera (--source) into Kafka.",
        "Options override SEGSTREAM_* variables."})
public final class IngestCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (SEGSTREAM_BOOTSTRAP_SERVERS, default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--fleet", description = "Fleet file (YAML; SEGSTREAM_FLEET_FILE). Edits apply while running.")
  Path fleet;

  @Option(names = "--metrics-port", description = "Serve Prometheus /metrics on this port (SEGSTREAM_METRICS_PORT).")
  Integer metricsPort;

  @Option(names = "--source", description = "One camera: video file, image directory, URL or /dev/videoN (SEGSTREAM_SOURCE).")
  String source;

  @Option(names = "--camera", description = "One camera's id (SEGSTREAM_CAMERA_ID, default cam-0).")
  String camera;

  @Option(names = "--fps", description = "One camera's frames per second to publish; 0 = every frame (SEGSTREAM_TARGET_FPS).")
  Double fps;

  @Option(names = "--projection", description = "One camera's projection: pinhole or equirectangular (SEGSTREAM_PROJECTION).")
  String projection;

  @Option(names = "--loop", description = "Restart one camera's file at its end (SEGSTREAM_LOOP).")
  Boolean loop;

  @Override
  public Integer call() throws InterruptedException {
    return IngestMain.run(new Env().set("SEGSTREAM_BOOTSTRAP_SERVERS", bootstrap)
        .set("SEGSTREAM_FLEET_FILE", fleet).set("SEGSTREAM_METRICS_PORT", metricsPort)
        .set("SEGSTREAM_SOURCE", source).set("SEGSTREAM_CAMERA_ID", camera).set("SEGSTREAM_TARGET_FPS", fps)
        .set("SEGSTREAM_PROJECTION", projection).set("SEGSTREAM_LOOP", loop).values());
  }
}
