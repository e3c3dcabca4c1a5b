package org.segstream.postprocess.grpc;

import io.grpc.ServerInterceptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.segstream.postprocess.GrpcSecurity;

/** Applies a {@link GrpcSecurity} to the Netty server: its TLS context and its token check. */
public final class ServerTls {
  private ServerTls() {}

  /** {@code builder} serving TLS (requiring client certificates with a client CA) when configured. */
  public static NettyServerBuilder secure(NettyServerBuilder builder, GrpcSecurity security) {
    if (!security.tls()) {
      return builder;
    }
    try {
      SslContextBuilder ssl = GrpcSslContexts.forServer(security.certificate().toFile(), security.privateKey().toFile());
      if (security.clientCa() != null) {
        ssl.trustManager(security.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.sslContext(ssl.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("SEGSTREAM_TLS_CERT / SEGSTREAM_TLS_KEY: cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The token check in front of the stats service, or null when no tokens are configured. */
  public static ServerInterceptor auth(GrpcSecurity security) {
    return security.tokensFile() == null ? null : TokenAuth.fromFile(security.tokensFile());
  }
}
