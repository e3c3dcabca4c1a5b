package org.segstream.cli.service;

import java.util.concurrent.Callable;
import org.segstream.ingest.IngestMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segstream ingest}: one camera or file to {@code segstream.frames}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest one camera (file or URL) into Kafka. Options override SEGSTREAM_* variables.")
public final class IngestCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", description = "Kafka (SEGSTREAM_BOOTSTRAP_SERVERS, default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--source", description = "Video file or URL (SEGSTREAM_SOURCE).")
  String source;

  @Option(names = "--camera", description = "Camera id (SEGSTREAM_CAMERA_ID, default cam-0).")
  String camera;

  @Option(names = "--fps", description = "Frames per second to publish; 0 = every frame (SEGSTREAM_TARGET_FPS).")
  Double fps;

  @Option(names = "--projection", description = "pinhole or equirectangular (SEGSTREAM_PROJECTION).")
  String projection;

  @Option(names = "--loop", description = "Restart a file at its end (SEGSTREAM_LOOP).")
  Boolean loop;

  @Override
  public Integer call() throws InterruptedException {
    return IngestMain.run(new Env().set("SEGSTREAM_BOOTSTRAP_SERVERS", bootstrap).set("SEGSTREAM_SOURCE", source)
        .set("SEGSTREAM_CAMERA_ID", camera).set("SEGSTREAM_TARGET_FPS", fps)
        .set("SEGSTREAM_PROJECTION", projection).set("SEGSTREAM_LOOP", loop).values());
  }
}
