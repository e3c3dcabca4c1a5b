#!/bin/bash
# One-shot topic set-up for docker-compose.yml (service topic-init, apache/kafka image). Safe to
# re-run: creates what is missing, raises partition counts to PARTITIONS (never lowers them) and
# applies the configs below to existing topics. Kubernetes declares the same topics as Strimzi
# KafkaTopic resources (deploy/kubernetes/topics.yaml); the deploy module's tests compare both
# with org.segstream.proto.Topics.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
partitions="${PARTITIONS:-12}"
bin=/opt/kafka/bin

# create TOPIC PARTITIONS CONFIG...
create() {
  local topic="$1" count="$2"
  shift 2
  local configs
  configs="$(IFS=,; echo "$*")"
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$count" --replication-factor 1
  local current
  current="$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic "$topic" \
    | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  if [ "${current:-0}" -lt "$count" ]; then
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --alter --topic "$topic" --partitions "$count"
  fi
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --entity-type topics --entity-name "$topic" \
    --alter --add-config "$configs"
  echo "topic $topic: $count partitions, $configs"
}

# Frames and masks can be as large as ingest's producer request (16 MiB, IngestConfig.MAX_REQUEST_BYTES);
# dead letters carry the original record. Retention: frames are worth little once segmented,
# stats are the product. Camera ids key every topic, so partitions bound the consumers of a group.
create segstream.frames     "$partitions" max.message.bytes=16777216 retention.ms=3600000
create segstream.masks      "$partitions" max.message.bytes=16777216 retention.ms=86400000
create segstream.stats      "$partitions" retention.ms=604800000
create segstream.frames.dlq 1             max.message.bytes=16777216 retention.ms=604800000
create segstream.masks.dlq  1             max.message.bytes=16777216 retention.ms=604800000
create segstream.cameras    1             cleanup.policy=compact
