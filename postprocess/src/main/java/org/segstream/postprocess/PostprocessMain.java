package org.segstream.postprocess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postprocessor service: load config from {@code SEGSTREAM_*} variables → build the topology
 * and server → start → await shutdown (SIGTERM, or Kafka Streams failing).
 */
public final class PostprocessMain {
  private static final Logger LOG = LoggerFactory.getLogger(PostprocessMain.class);

  private PostprocessMain() {}

  public static void main(String[] args) throws InterruptedException {
    PostprocessConfig config;
    try {
      config = PostprocessConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Postprocessor postprocessor;
    try {
      postprocessor = Postprocessor.start(config);
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(postprocessor::close, "segstream-postprocess-shutdown"));
    postprocessor.awaitTermination();
    if (postprocessor.failed()) {
      LOG.error("Kafka Streams stopped with an error; exiting");
      postprocessor.close();
      System.exit(1);
    }
  }
}
