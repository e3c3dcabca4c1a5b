/**
 * The postprocessor's domain records: what the query layer returns and the gRPC layer serves,
 * free of Kafka Streams and gRPC types. {@link org.segstream.postprocess.model.StatsProtos} maps
 * them to and from the wire contract's messages, for the stats topic and the gRPC service alike.
 */
package org.segstream.postprocess.model;
