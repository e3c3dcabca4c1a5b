package org.segstream.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live network camera on loopback: Debian's {@code ffmpeg} serving a clip in a loop at its own
 * rate ({@code -re}) as an MPEG-TS stream over HTTP ({@code -listen 1}), as a child process the
 * test can kill and start again on the same port. HTTP rather than RTSP because ffmpeg cannot
 * serve RTSP to a client that pulls: {@code -rtsp_flags listen} is an input (demuxer) flag, and
 * the RTSP muxer only pushes to a server. The clip is re-encoded on the fly so every segment of the
 * loop carries its decoder configuration in-band, as a camera's stream does.
 */
final class StreamServer implements AutoCloseable {
  private final Path clip;
  private final int port;
  private final Path log;
  private Process process;

  StreamServer(Path clip, Path log) throws IOException {
    this.clip = clip;
    this.log = log;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = socket.getLocalPort();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port + "/live.ts";
  }

  void start() throws IOException {
    process = new ProcessBuilder(List.of("/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        "-re", "-stream_loop", "-1", "-i", clip.toString(), "-c:v", "mpeg4", "-q:v", "5", "-g", "10",
        "-f", "mpegts", "-listen", "1", url()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** Kills the server, as a camera losing power would go. */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
