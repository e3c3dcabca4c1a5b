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
    System.exit(run(System.getenv()));
  }

  /** Runs the postprocessor configured by {@code env} until the JVM stops; returns the exit code. */
  public static int run(java.util.Map<String, String> env) throws InterruptedException {
    PostprocessConfig config;
    try {
      config = PostprocessConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      LOG.error("bad configuration: {}", e.getMessage());
      return 2;
    }
    Postprocessor postprocessor;
    try {
      postprocessor = Postprocessor.start(config);
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(postprocessor::close, "segstream-postprocess-shutdown"));
    postprocessor.awaitTermination();
    if (postprocessor.failed()) {
      LOG.error("Kafka Streams stopped with an error; exiting");
      postprocessor.close();
      return 1;
    }
    return 0;
  }
}
