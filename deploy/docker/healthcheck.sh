#!/bin/bash
# Container health check of the segstream images. The JRE base has neither curl nor a gRPC probe,
# so bash's /dev/tcp does the talking:
# - a service with a metrics port (worker; ingest once it serves metrics) is healthy while
#   GET /metrics answers 200;
# - the postprocessor is healthy while its gRPC port accepts connections (Kubernetes uses its
#   native gRPC probe against the standard health service instead);
# - anything else is healthy while it runs (the JVM is PID 1: if it dies, the container stops).
set -u

metrics_port="${SEGSTREAM_METRICS_PORT:-0}"
grpc_port="${SEGSTREAM_GRPC_PORT:-}"

if [ "$metrics_port" != "0" ]; then
  exec 3<>"/dev/tcp/127.0.0.1/${metrics_port}" || exit 1
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  IFS= read -r -t 5 status_line <&3 || exit 1
  [[ "$status_line" == HTTP/1.?" 200"* ]] || exit 1
  exit 0
fi

if [ -n "$grpc_port" ]; then
  exec 3<>"/dev/tcp/127.0.0.1/${grpc_port}" || exit 1
  exit 0
fi

exit 0
