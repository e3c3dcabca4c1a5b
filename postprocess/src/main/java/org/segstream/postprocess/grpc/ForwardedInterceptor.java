package org.segstream.postprocess.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Notes in the call's context whether another instance forwarded it here. */
final class ForwardedInterceptor implements ServerInterceptor {
  static final Context.Key<Boolean> FORWARDED = Context.key("segstream-forwarded");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(FORWARDED, headers.containsKey(Forwarder.FORWARDED));
    return Contexts.interceptCall(context, call, headers, next);
  }

  static boolean forwarded() {
    return Boolean.TRUE.equals(FORWARDED.get());
  }
}
