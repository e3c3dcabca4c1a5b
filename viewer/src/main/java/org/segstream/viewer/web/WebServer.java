package org.segstream.viewer.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The page's HTTP side on the JDK's server: the page itself (plain HTML/JS/CSS from the jar, no
 * build step), its event stream, and each camera's latest picture.
 */
public final class WebServer implements AutoCloseable {
  private static final String RESOURCES = "/org/segstream/viewer/web/";
  private static final Map<String, String> PAGES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * @param pictures the latest JPEG of a camera by id, or an error text when there is none
   */
  public WebServer(String host, int port, EventStream events, Function<String, Picture> pictures) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    // A thread per open page stream, plus the short requests.
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "segstream-view-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> handle(exchange, () -> page(exchange)));
    server.createContext("/events", exchange -> handle(exchange, () -> events.open(exchange)));
    server.createContext("/tile/", exchange -> handle(exchange, () -> picture(exchange, pictures)));
    server.createContext("/healthz", exchange -> handle(exchange, () -> send(exchange, 200, "text/plain", "ok\n")));
    server.start();
  }

  /** A camera's picture, or why there is none. */
  public record Picture(Optional<byte[]> jpeg, String error) {}

  public int port() {
    return server.getAddress().getPort();
  }

  private interface Action {
    void run() throws IOException;
  }

  private static void handle(HttpExchange exchange, Action action) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "only GET\n");
        return;
      }
      action.run();
    } catch (IOException | RuntimeException e) {
      exchange.close();
      throw e;
    }
  }

  private static void page(HttpExchange exchange) throws IOException {
    String resource = PAGES.get(exchange.getRequestURI().getPath());
    if (resource == null) {
      send(exchange, 404, "text/plain", "no page " + exchange.getRequestURI().getPath() + "\n");
      return;
    }
    try (InputStream in = WebServer.class.getResourceAsStream(RESOURCES + resource)) {
      String type = TYPES.get(resource.substring(resource.lastIndexOf('.') + 1));
      send(exchange, 200, type, in.readAllBytes());
    }
  }

  private static void picture(HttpExchange exchange, Function<String, Picture> pictures) throws IOException {
    String name = exchange.getRequestURI().getRawPath().substring("/tile/".length());
    if (!name.endsWith(".jpg")) {
      send(exchange, 404, "text/plain", "pictures are /tile/CAMERA.jpg\n");
      return;
    }
    String camera = URLDecoder.decode(name.substring(0, name.length() - 4), StandardCharsets.UTF_8);
    Picture picture = pictures.apply(camera);
    if (picture.jpeg().isEmpty()) {
      send(exchange, 404, "text/plain", picture.error() + "\n");
      return;
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "image/jpeg", picture.jpeg().get());
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
