package org.segstream.postprocess.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.segstream.proto.MaskCodec;
import org.segstream.proto.MaskMaps;
import org.segstream.proto.v1.Mask;
import org.segstream.proto.v1.MaskEncoding;
import org.segstream.proto.v1.Projection;

/**
 * Blob counts per class and, for an equirectangular mask, class area per azimuth sector.
 *
 * @param blobs connected regions per class present, by class id
 * @param sectorFractions per class present, its share of each sector's pixels (sector 0 starts at
 *     the left edge); empty for a pinhole mask
 */
public record FrameGeometry(SortedMap<Integer, Long> blobs, SortedMap<Integer, List<Double>> sectorFractions) {

  private static final FrameGeometry NONE = new FrameGeometry(new TreeMap<>(), new TreeMap<>());
  // Per thread, as a stream thread measures one mask at a time: the counter's and the decoder's
  // row arrays and the mask's bytes, reused rather than ~37 KB allocated per 1024-wide mask.
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
   */
  public record Measurement(FrameGeometry geometry, SortedMap<Integer, Long> pixels) {}

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
    SortedMap<Integer, Long> pixels = new TreeMap<>();
    SortedMap<Integer, Long> present = new TreeMap<>();
    SortedMap<Integer, List<Double>> sectorFractions = new TreeMap<>();
    for (int cls = 0; cls < 256; cls++) {
      if (blobs.blobs(cls) > 0) {
        present.put(cls, blobs.blobs(cls));
        pixels.put(cls, blobs.pixels(cls));
        double[] fractions = areas == null ? null : areas.fractions(cls);
        if (fractions != null) {
          sectorFractions.put(cls, Arrays.stream(fractions).boxed().toList());
        }
      }
    }
    return new Measurement(new FrameGeometry(present, sectorFractions), pixels);
  }
}
