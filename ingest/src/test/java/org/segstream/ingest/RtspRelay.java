package org.segstream.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live RTSP camera on loopback, the way the compose fleet's sample cameras work: Debian's
 * {@code ffmpeg} pushes a clip in a loop at its own rate ({@code -re}) to an RTSP relay
 * ({@code rtsp-server-perl}, apt), from which ingest pulls it. ffmpeg alone cannot be pulled from:
 * {@code -rtsp_flags listen} is an input flag, and its RTSP muxer only pushes. The relay speaks
 * RTP over UDP only, so cameras read from it use {@code rtsp_transport: udp}.
 */
final class RtspRelay implements AutoCloseable {
  static final Path SERVER = Path.of("/usr/bin/rtsp-server-perl");

  private final Path clip;
  private final Path log;
  private final int clientPort;
  private final int sourcePort;
  private Process relay;
  private Process pusher;

  RtspRelay(Path clip, Path log) throws IOException {
    this.clip = clip;
    this.log = log;
    this.clientPort = freePort();
    this.sourcePort = freePort();
  }

  static boolean installed() {
    return Files.isExecutable(SERVER);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Where a camera reads the stream. */
  String url() {
    return "rtsp://127.0.0.1:" + clientPort + "/live";
  }

  /** Starts the relay, waits until it listens, then starts pushing the clip into it. */
  void start() throws IOException, InterruptedException {
    relay = process(SERVER.toString(), "-c", "" + clientPort, "-s", "" + sourcePort,
        "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1", "-l", "2");
    awaitListening(sourcePort);
    pusher = process("/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
        "-i", clip.toString(), "-c", "copy", "-f", "rtsp", "rtsp://127.0.0.1:" + sourcePort + "/live");
  }

  private Process process(String... command) throws IOException {
    return new ProcessBuilder(List.of(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static void awaitListening(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("RTSP relay not listening on " + port + " after 20 s", e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Kills the pusher and the relay, as a camera losing power would go. */
  void stop() throws InterruptedException {
    for (Process p : new Process[] {pusher, relay}) {
      if (p != null) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    pusher = null;
    relay = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
