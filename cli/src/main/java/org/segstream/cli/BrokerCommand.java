package org.segstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.segstream.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded single-node broker on its own, for local work without Docker. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run an in-process Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}; 0 = free).")
  int port;

  @Option(names = "--data", description = "Data directory, kept across runs (default: temporary, removed on exit).")
  Path data;

  @Option(names = "--partitions", defaultValue = "4",
      description = "Partitions of the segstream topics created at start (default ${DEFAULT-VALUE}; 0 = create none).")
  int partitions;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.start(port, data);
    if (partitions > 0) {
      kafka.createTopics(PipelineTopics.all(partitions));
    }
    System.out.println("Kafka broker listening on " + kafka.bootstrapServers() + " (data in " + kafka.dataDir() + ")");
    System.out.println("Press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }, "segstream-broker-shutdown"));
    stopped.await();
    return 0;
  }
}
