/** Live updates from the topology to WatchStats callers in the same JVM. */
package org.segstream.postprocess.watch;
