package org.segstream.postprocess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Optional protection of the gRPC server: TLS with this certificate and key, client certificates
 * checked against a CA (mutual TLS), and bearer tokens. Every part is off when its paths are null.
 *
 * @param certificate PEM certificate chain the server presents
 * @param privateKey PEM (PKCS#8) private key of the certificate
 * @param clientCa PEM CA that client certificates must chain to; null accepts clients without one
 * @param trustCa PEM CA the server's own calls to other instances trust; null trusts the JDK's CAs
 * @param tokensFile file of accepted bearer tokens, one per line; null lets any caller in
 */
public record GrpcSecurity(Path certificate, Path privateKey, Path clientCa, Path trustCa, Path tokensFile) {

  public static final GrpcSecurity NONE = new GrpcSecurity(null, null, null, null, null);

  public GrpcSecurity {
    if ((certificate == null) != (privateKey == null)) {
      throw new IllegalArgumentException("TLS needs both SEGSTREAM_TLS_CERT and SEGSTREAM_TLS_KEY, or neither");
    }
    if (clientCa != null && certificate == null) {
      throw new IllegalArgumentException("SEGSTREAM_TLS_CLIENT_CA (mutual TLS) needs SEGSTREAM_TLS_CERT and SEGSTREAM_TLS_KEY");
    }
    readable(certificate, "SEGSTREAM_TLS_CERT");
    readable(privateKey, "SEGSTREAM_TLS_KEY");
    readable(clientCa, "SEGSTREAM_TLS_CLIENT_CA");
    readable(trustCa, "SEGSTREAM_TLS_CA");
    readable(tokensFile, "SEGSTREAM_AUTH_TOKENS_FILE");
  }

  /** From {@code SEGSTREAM_TLS_CERT}, {@code _KEY}, {@code _CLIENT_CA}, {@code SEGSTREAM_TLS_CA}, {@code SEGSTREAM_AUTH_TOKENS_FILE}. */
  public static GrpcSecurity fromEnv(Map<String, String> env) {
    return new GrpcSecurity(path(env, "SEGSTREAM_TLS_CERT"), path(env, "SEGSTREAM_TLS_KEY"),
        path(env, "SEGSTREAM_TLS_CLIENT_CA"), path(env, "SEGSTREAM_TLS_CA"), path(env, "SEGSTREAM_AUTH_TOKENS_FILE"));
  }

  public boolean tls() {
    return certificate != null;
  }

  private static Path path(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static void readable(Path file, String variable) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException(variable + ": cannot read " + file);
    }
  }
}
