package org.segstream.cli.masks;

/** File names from camera ids, which may hold characters a file system does not take. */
final class CameraNames {

  private CameraNames() {}

  static String safe(String camera) {
    String name = camera.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
  }
}
