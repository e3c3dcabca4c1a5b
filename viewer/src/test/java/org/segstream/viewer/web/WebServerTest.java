package org.segstream.viewer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.segstream.viewer.web.WebServer.Picture;

/** The page's HTTP side on 127.0.0.1: the page, pictures, a clear 404, and the event stream's start. */
class WebServerTest {
  private final EventStream events = new EventStream(() -> Map.of("cameras", java.util.List.of()));
  private final WebServer server = start();
  private final HttpClient http = HttpClient.newHttpClient();

  private WebServer start() {
    try {
      return new WebServer("127.0.0.1", 0, events, camera -> camera.equals("cam")
          ? new Picture(Optional.of(new byte[] {(byte) 0xff, (byte) 0xd8}), "")
          : new Picture(Optional.empty(), "unknown camera " + camera));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndPicturesAndNamesAnUnknownCamera() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/app.js\"></script>");
    assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(get("/tile/cam.jpg").statusCode()).isEqualTo(200);
    HttpResponse<String> unknown = get("/tile/nobody.jpg");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown camera nobody");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void aNewPageGetsTheHelloThenTheLatestStateThenLiveEvents() throws Exception {
    events.publish("tile", "cam", Map.of("camera", "cam", "sequence", 7));
    HttpResponse<java.io.InputStream> stream = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("event: hello");
      lines.readLine();
      lines.readLine();
      assertThat(lines.readLine()).isEqualTo("event: tile");
      assertThat(lines.readLine()).contains("\"sequence\":7");
      lines.readLine();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (events.clients() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      events.publish("tile", "cam", Map.of("camera", "cam", "sequence", 8));
      assertThat(lines.readLine()).isEqualTo("event: tile");
      assertThat(lines.readLine()).contains("\"sequence\":8");
    }
  }
}
