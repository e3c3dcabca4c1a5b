package org.segstream.postprocess.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Lets a call in only with {@code authorization: Bearer <token>} naming one of the accepted
 * tokens; any other call is closed UNAUTHENTICATED before it reaches the service. The header is
 * kept in the call's context so a forwarded query carries the caller's own token on.
 */
final class TokenAuth implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<String> CALLER_AUTHORIZATION = Context.key("segstream-authorization");
  private static final String BEARER = "Bearer ";

  private final List<byte[]> tokens;

  private TokenAuth(List<byte[]> tokens) {
    this.tokens = tokens;
  }

  /** The tokens of {@code file}: one per line, blank lines and {@code #} comments ignored. */
  static TokenAuth fromFile(Path file) {
    try {
      List<byte[]> tokens = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException("SEGSTREAM_AUTH_TOKENS_FILE " + file + " holds no token");
      }
      return new TokenAuth(tokens);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokens from " + file, e);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String authorization = headers.get(AUTHORIZATION);
    if (authorization == null || !authorization.startsWith(BEARER) || !accepted(authorization.substring(BEARER.length()))) {
      call.close(Status.UNAUTHENTICATED.withDescription("a valid bearer token is required"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER_AUTHORIZATION, authorization), call, headers, next);
  }

  private boolean accepted(String token) {
    byte[] given = token.trim().getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    // Compare with every token in constant time, so timing tells nothing about a near miss.
    for (byte[] t : tokens) {
      match |= MessageDigest.isEqual(t, given);
    }
    return match;
  }
}
