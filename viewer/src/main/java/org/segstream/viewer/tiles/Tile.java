package org.segstream.viewer.tiles;

/**
 * The latest picture of one camera and what the page shows beside it.
 *
 * @param jpeg the overlay (or the colour mask when the frame is gone), JPEG-encoded; null before any
 * @param notice what is wrong with the latest mask or its frame, or null
 */
public record Tile(String camera, long sequence, String projection, int width, int height, byte[] jpeg,
    String notice, long publishedMs, long renderedMs, String labelSet) {

  /** What the page receives for this tile (everything but the picture, which it fetches by URL). */
  public java.util.Map<String, Object> event() {
    java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("camera", camera);
    event.put("sequence", sequence);
    event.put("projection", projection);
    event.put("width", width);
    event.put("height", height);
    event.put("image", jpeg == null ? null
        : "/tile/" + java.net.URLEncoder.encode(camera, java.nio.charset.StandardCharsets.UTF_8) + ".jpg?seq=" + sequence);
    event.put("notice", notice);
    event.put("publishedMs", publishedMs);
    event.put("renderedMs", renderedMs);
    event.put("labelSet", labelSet);
    return event;
  }
}
