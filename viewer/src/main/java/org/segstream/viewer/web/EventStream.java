package org.segstream.viewer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Server-sent events to every open page. Each named event is also kept as the latest of its key,
 * so a page that connects later starts from the current state instead of a blank screen.
 */
public final class EventStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CopyOnWriteArrayList<HttpExchange> clients = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
  private final Supplier<Object> hello;

  /** @param hello the first event a page receives ({@code hello}), e.g. its label sets */
  public EventStream(Supplier<Object> hello) {
    this.hello = hello;
  }

  /** Sends {@code data} as JSON to every page and keeps it as the latest for {@code key}. */
  public void publish(String event, String key, Object data) {
    byte[] message = encode(event, data);
    latest.put(event + "/" + key, message);
    for (HttpExchange client : clients) {
      write(client, message);
    }
  }

  /** Opens a stream on this exchange: the hello, the latest state, then every event until the page goes. */
  void open(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    synchronized (exchange) {
      OutputStream out = exchange.getResponseBody();
      out.write(encode("hello", hello.get()));
      for (byte[] message : latest.values()) {
        out.write(message);
      }
      out.flush();
    }
    clients.add(exchange);
  }

  /** A comment line to every page, so a closed one is noticed and dropped. */
  public void ping() {
    byte[] ping = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
    clients.forEach(client -> write(client, ping));
  }

  public int clients() {
    return clients.size();
  }

  public void closeAll() {
    clients.forEach(HttpExchange::close);
    clients.clear();
  }

  private void write(HttpExchange client, byte[] message) {
    try {
      synchronized (client) {
        OutputStream out = client.getResponseBody();
        out.write(message);
        out.flush();
      }
    } catch (IOException e) {
      clients.remove(client);
      client.close();
    }
  }

  private static byte[] encode(String event, Object data) {
    try {
      return ("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event " + event + " is not serialisable", e);
    }
  }
}
