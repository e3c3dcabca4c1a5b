package org.segstream.postprocess.analysis;

import org.segstream.proto.MaskCodec;

/**
 * Pixels per class in each of {@code sectors} equal azimuth sectors of an equirectangular map:
 * sector {@code k} holds columns {@code [k * width / sectors, (k + 1) * width / sectors)}, i.e.
 * azimuths {@code [k, k + 1) * 360° / sectors} from the left edge.
 */
final class SectorAreas implements MaskCodec.RowVisitor {
  private final int width;
  private final int height;
  private final int sectors;
  private final long[][] pixels;

  SectorAreas(int width, int height, int sectors) {
    this.width = width;
    this.height = height;
    this.sectors = sectors;
    this.pixels = new long[256][];
  }

  @Override
  public void row(int row, int[] ends, int[] classes, int count) {
    int from = 0;
    for (int k = 0; k < count; k++) {
      segment(from, ends[k], classes[k]);
      from = ends[k];
    }
  }

  private void segment(int from, int to, int cls) {
    long[] perSector = pixels[cls];
    if (perSector == null) {
      perSector = new long[sectors];
      pixels[cls] = perSector;
    }
    int col = from;
    while (col < to) {
      int sector = (int) ((long) col * sectors / width);
      int sectorEnd = Math.min(to, start(sector + 1));
      perSector[sector] += sectorEnd - col;
      col = sectorEnd;
    }
  }

  /** The class's share of each sector's pixels, or null for a class absent from the map. */
  double[] fractions(int cls) {
    long[] perSector = pixels[cls];
    if (perSector == null) {
      return null;
    }
    double[] fractions = new double[sectors];
    for (int k = 0; k < sectors; k++) {
      fractions[k] = (double) perSector[k] / ((long) (start(k + 1) - start(k)) * height);
    }
    return fractions;
  }

  /** First column of sector {@code k}: the smallest column whose sector is k. */
  private int start(int k) {
    return (int) (((long) k * width + sectors - 1) / sectors);
  }
}
