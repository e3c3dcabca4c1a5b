package org.segstream.postprocess.analysis;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.MaskMaps;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

/**
 * Blob counts per class and, for an equirectangular mask, class area per azimuth sector, for the
 * classes present in a mask's class map. Kept as arrays by ascending class id, read by index: the
 * postprocessor builds one per mask, and the sorted maps it built before cost a tenth of a
 * mask's check. {@link #blobs()} and {@link #sectorFractions()} give the maps for reading.
 */
public final class FrameGeometry {

  private static final FrameGeometry NONE = new FrameGeometry(new int[0], new long[0], new double[0][]);
  // Per thread, as a stream thread measures one mask at a time: the counter's and the decoder's
  // row arrays and the mask's bytes, reused rather than ~37 KB allocated per 1024-wide mask.
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final int[] ids;
  private final long[] blobs;
  // Per class, its share of each sector's pixels (sector 0 starts at the left edge); null where
  // the class has none, as every class of a pinhole mask.
  private final double[][] sectors;

  private FrameGeometry(int[] ids, long[] blobs, double[][] sectors) {
    this.ids = ids;
    this.blobs = blobs;
    this.sectors = sectors;
  }

  /**
   * From maps by class id, as a test or a reader would write them.
   *
   * @param blobs connected regions per class present
   * @param sectorFractions per class present, its share of each sector's pixels; empty for a pinhole mask
   */
  public FrameGeometry(SortedMap<Integer, Long> blobs, SortedMap<Integer, List<Double>> sectorFractions) {
    this(blobs.keySet().stream().mapToInt(Integer::intValue).toArray(),
        blobs.values().stream().mapToLong(Long::longValue).toArray(),
        blobs.keySet().stream().map(sectorFractions::get)
            .map(f -> f == null ? null : f.stream().mapToDouble(Double::doubleValue).toArray())
            .toArray(double[][]::new));
  }

  private static final class Scratch {
    final BlobCounter blobs = new BlobCounter();
    int[] ends = new int[0];
    int[] classes = new int[0];
    byte[] data = new byte[0];

    Scratch fit(int width, boolean wraps) {
      blobs.reset(width, wraps);
      if (ends.length < width) {
        ends = new int[width];
        classes = new int[width];
      }
      return this;
    }

    /** The mask's bytes in this thread's buffer (the copy lands in cache, the buffer is not garbage). */
    byte[] data(Mask mask) {
      if (data.length < mask.getData().size()) {
        data = new byte[mask.getData().size()];
      }
      mask.getData().copyTo(data, 0);
      return data;
    }
  }

  /** No geometry: the mask carries class counts but no class map. */
  public static FrameGeometry none() {
    return NONE;
  }

  /** Geometry of a mask whose RLE or indexed-PNG data is well formed; throws IllegalArgumentException otherwise. */
  public static FrameGeometry of(Mask mask, int sectors) {
    return measure(mask, sectors).geometry();
  }

  /**
   * The geometry and the pixels per class present, from one walk over the class map (the
   * postprocessor's costliest step per mask, so the class counts come with it).
   *
   * @param geometry the classes present and their geometry
   * @param ids the ids of those classes, ascending, as {@code geometry} has them
   * @param pixels the pixels of each class, by the same index
   *     (both arrays owned by this measurement and never changed)
   */
  public record Measurement(FrameGeometry geometry, int[] ids, long[] pixels) {}

  /** As {@link #of}, with the pixels per class counted in the same walk. */
  public static Measurement measure(Mask mask, int sectors) {
    int width = mask.getWidth();
    int height = mask.getHeight();
    boolean panorama = mask.getProjection() == Projection.EQUIRECTANGULAR;
    Scratch scratch = SCRATCH.get().fit(width, panorama);
    BlobCounter blobs = scratch.blobs;
    // A sector needs at least one column.
    SectorAreas areas = panorama && sectors > 0 && width >= sectors ? new SectorAreas(width, height, sectors) : null;
    MaskCodec.RowVisitor sink = areas == null ? blobs : (row, ends, classes, count) -> {
      blobs.row(row, ends, classes, count);
      areas.row(row, ends, classes, count);
    };
    if (mask.getEncoding() == MaskEncoding.MASK_RLE) {
      MaskCodec.forEachRow(scratch.data(mask), mask.getData().size(), width, height, scratch.ends, scratch.classes,
          sink);
    } else if (mask.getEncoding() == MaskEncoding.MASK_PNG_INDEXED) {
      RowSegments.ofMap(MaskMaps.indexedPng(mask.getData().toByteArray(), width, height), width, height, scratch.ends,
          scratch.classes, sink);
    } else {
      throw new IllegalArgumentException("mask encoding " + mask.getEncoding() + " has no class map to measure");
    }
    int present = 0;
    for (int cls = 0; cls < 256; cls++) {
      if (blobs.blobs(cls) > 0) {
        present++;
      }
    }
    int[] ids = new int[present];
    long[] regions = new long[present];
    long[] pixels = new long[present];
    double[][] shares = new double[present][];
    for (int cls = 0, k = 0; k < present; cls++) {
      if (blobs.blobs(cls) > 0) {
        ids[k] = cls;
        regions[k] = blobs.blobs(cls);
        pixels[k] = blobs.pixels(cls);
        shares[k++] = areas == null ? null : areas.fractions(cls);
      }
    }
    return new Measurement(new FrameGeometry(ids, regions, shares), ids, pixels);
  }

  /** The number of classes with geometry. */
  public int classCount() {
    return ids.length;
  }

  /** Whether this geometry is of exactly these classes (ascending ids). */
  public boolean hasClasses(int[] classIds) {
    return Arrays.equals(ids, classIds);
  }

  /** The connected regions of the {@code k}-th class. */
  public long blobsAt(int k) {
    return blobs[k];
  }

  /** The {@code k}-th class's share of each sector's pixels, or null for a pinhole mask. */
  public List<Double> sectorsAt(int k) {
    return sectors[k] == null ? null : Arrays.stream(sectors[k]).boxed().toList();
  }

  /** Connected regions per class present, by class id. */
  public SortedMap<Integer, Long> blobs() {
    SortedMap<Integer, Long> map = new TreeMap<>();
    for (int k = 0; k < ids.length; k++) {
      map.put(ids[k], blobs[k]);
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** Per class present, its share of each sector's pixels; empty for a pinhole mask. */
  public SortedMap<Integer, List<Double>> sectorFractions() {
    SortedMap<Integer, List<Double>> map = new TreeMap<>();
    for (int k = 0; k < ids.length; k++) {
      if (sectors[k] != null) {
        map.put(ids[k], sectorsAt(k));
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameGeometry g && Arrays.equals(ids, g.ids) && Arrays.equals(blobs, g.blobs)
        && Arrays.deepEquals(sectors, g.sectors);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Arrays.hashCode(blobs);
  }

  @Override
  public String toString() {
    return "FrameGeometry[blobs=" + blobs() + ", sectorFractions=" + sectorFractions() + "]";
  }
}
