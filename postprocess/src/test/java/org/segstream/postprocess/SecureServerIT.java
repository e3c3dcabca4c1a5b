package org.segstream.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segstream.kafka.OnBroker;
import org.segstream.proto.v1.ListCamerasRequest;
import org.segstream.proto.v1.SceneStatsServiceGrpc.SceneStatsServiceBlockingStub;
import org.segstream.proto.v1.SceneStatsServiceGrpc;

/**
 * The postprocessor with mutual TLS and bearer tokens on a real broker: a call without a valid
 * token is refused UNAUTHENTICATED, a client without a certificate or without TLS gets no
 * connection, and a client with both is served. Certificates are made here with openssl.
 */
class SecureServerIT extends OnBroker {
  private static final String TOKEN = "s3cret-token";

  @Test
  void onlyCallersWithACertificateAndAValidTokenAreServed(@TempDir Path dir, @TempDir Path stateDir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Path tokens = Files.writeString(dir.resolve("tokens"), "# accepted tokens\n" + TOKEN + "\n");
    String id = UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopics(1, "masks-" + id, "stats-" + id, "dlq-" + id, "cameras-" + id);
    PostprocessConfig config = new PostprocessConfig(kafka.bootstrapServers(), "postprocess-tls-" + id, "masks-" + id,
        "stats-" + id, "dlq-" + id, "cameras-" + id, List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5),
        Duration.ofHours(1), stateDir, "127.0.0.1", 0, Duration.ofMillis(100), 0, 8, "",
        new GrpcSecurity(certs.serverCert(), certs.serverKey(), certs.ca(), certs.ca(), tokens));

    try (Postprocessor postprocessor = Postprocessor.start(config)) {
      assertThat(postprocessor.awaitRunning(Duration.ofSeconds(60))).isTrue();
      int port = postprocessor.grpcPort();
      ManagedChannel mutual = channel(port, GrpcSslContexts.forClient().trustManager(certs.ca().toFile())
          .keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()));
      ManagedChannel noClientCert = channel(port, GrpcSslContexts.forClient().trustManager(certs.ca().toFile()));
      ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        assertThat(stub(mutual, TOKEN).listCameras(ListCamerasRequest.getDefaultInstance()).getCamerasList()).isEmpty();
        assertRefused(() -> stub(mutual, null).listCameras(ListCamerasRequest.getDefaultInstance()),
            Status.Code.UNAUTHENTICATED);
        assertRefused(() -> stub(mutual, "wrong").listCameras(ListCamerasRequest.getDefaultInstance()),
            Status.Code.UNAUTHENTICATED);
        assertRefused(() -> stub(noClientCert, TOKEN).listCameras(ListCamerasRequest.getDefaultInstance()),
            Status.Code.UNAVAILABLE);
        assertRefused(() -> stub(plaintext, TOKEN).listCameras(ListCamerasRequest.getDefaultInstance()),
            Status.Code.UNAVAILABLE);
        // Probes need no token, only the connection.
        assertThat(HealthGrpc.newBlockingStub(mutual).withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      } finally {
        for (ManagedChannel c : List.of(mutual, noClientCert, plaintext)) {
          c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static ManagedChannel channel(int port, SslContextBuilder ssl) throws Exception {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
  }

  private static SceneStatsServiceBlockingStub stub(ManagedChannel channel, String token) {
    SceneStatsServiceBlockingStub stub = SceneStatsServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS);
    if (token == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static void assertRefused(Runnable call, Status.Code code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }
}
