package org.segstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) running inside this
 * JVM, for the demo and for integration tests. Listens on 127.0.0.1 only.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  /** Frames of 360° cameras exceed Kafka's 1 MB default. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Starts a broker on free ports with a temporary data directory removed on close. */
  public static EmbeddedKafka start() {
    return start(0, null);
  }

  /**
   * Starts a broker.
   *
   * @param port the client port, or 0 for a free one
   * @param dataDir where the log lives, kept on close; {@code null} for a temporary directory
   *     removed on close. An existing directory formatted before is reused with its data.
   */
  public static EmbeddedKafka start(int port, Path dataDir) {
    boolean temporary = dataDir == null;
    try {
      Path dir = temporary ? Files.createTempDirectory("segstream-kafka-") : dataDir;
      Files.createDirectories(dir);
      int brokerPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(brokerPort, controllerPort, dir);
      formatIfNew(props, dir);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + brokerPort, dir, temporary);
      kafka.awaitReady(Duration.ofSeconds(60));
      LOG.info("Kafka broker ready at {} (data in {})", kafka.bootstrapServers, dir);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker's data directory: " + e.getMessage(), e);
    }
  }

  static Properties brokerProperties(int brokerPort, int controllerPort, Path dir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    return p;
  }

  private static void formatIfNew(Properties props, Path dir) throws IOException {
    // Formatting an already formatted directory with a new cluster id fails, so only format once.
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "segstream embedded broker");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code;
    try (PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(new String[] {
          "format", "--config", config.toString(), "--cluster-id", Uuid.randomUuid().toString()}, print);
    }
    if (code != 0) {
      throw new IllegalStateException("formatting " + dir + " failed: " + log.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("broker at " + bootstrapServers + " not ready in " + timeout, e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
      }
    }
  }

  /** The {@code host:port} clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's log. */
  public Path dataDir() {
    return dataDir;
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Creates topics with the given partition count (replication 1); existing ones are left alone. */
  public void createTopics(int partitions, String... names) {
    createTopics(Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
  }

  /**
   * Creates the given topics; existing ones are left alone. Returns once the broker leads every
   * partition: the controller answers the creation before the broker has taken the leadership up,
   * and a producer sending at once then meets retriable errors (an idempotent one, out-of-order
   * sequence errors on its later batches) that can hold its records back.
   */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
          }
        }
      }
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
    } catch (InterruptedException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("creating topics timed out", e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names, long deadlineNanos)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        boolean led = true;
        for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
          for (TopicPartitionInfo partition : topic.partitions()) {
            led &= partition.leader() != null && !partition.leader().isEmpty();
            partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
          }
        }
        // The metadata names the leader before the broker's replica manager has taken the lead,
        // which answers produce requests; offsets are asked of that same replica manager.
        if (led) {
          admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // The broker's metadata does not have the topic yet, or its replica manager does not lead
        // every partition yet: ask again.
        LOG.debug("topics {} not led yet: {}", names, String.valueOf(e.getCause() == null ? e : e.getCause()));
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException("no leader for every partition of " + names);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    LOG.info("Kafka broker at {} stopped", bootstrapServers);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", dir, e.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Topic names this broker has, for tests and diagnostics. */
  public List<String> topics() {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted().toList();
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot list topics on " + bootstrapServers, e);
    }
  }
}
