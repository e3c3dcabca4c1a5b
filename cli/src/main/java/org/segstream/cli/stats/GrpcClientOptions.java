package org.segstream.cli.stats;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;

/** How a command reaches the postprocessor's SceneStats service: plaintext, TLS, mutual TLS, a bearer token. */
public final class GrpcClientOptions {
  @Option(names = "--tls-ca", description = "PEM CA to trust: talk TLS to the postprocessor.")
  Path tlsCa;

  @Option(names = "--tls-cert", description = "PEM client certificate, for a postprocessor that requires one.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM (PKCS#8) key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--token", defaultValue = "${env:SEGSTREAM_TOKEN}",
      description = "Bearer token, for a postprocessor with tokens (default: $SEGSTREAM_TOKEN).")
  String token;

  public String token() {
    return token;
  }

  /** A channel to {@code target} (host:port) as these options say. */
  public ManagedChannel channel(String target) {
    if (tlsCa == null && tlsCert == null) {
      return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    try {
      var ssl = GrpcSslContexts.forClient();
      if (tlsCa != null) {
        ssl.trustManager(tlsCa.toFile());
      }
      if (tlsCert != null) {
        ssl.keyManager(tlsCert.toFile(), tlsKey.toFile());
      }
      return NettyChannelBuilder.forTarget(target).sslContext(ssl.build()).build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS to " + target + ": " + e.getMessage(), e);
    }
  }
}
