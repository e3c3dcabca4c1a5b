package org.segstream.client.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.segstream.proto.LabelSets.LabelSet;

/**
 * A legend of classes: a colour swatch and the class name per row, on white. Rows are the classes
 * asked for in index order, so the same classes always give the same picture.
 */
public final class Legend {
  /** Height of a row and side of its swatch, in pixels. */
  public static final int ROW = 20;
  /** Swatch side. */
  public static final int SWATCH = 14;
  /** Margin around the swatch. */
  public static final int MARGIN = 3;
  private static final int WIDTH = 220;

  private Legend() {}

  /** Class indices of the label set that are present, in index order. */
  public static List<Integer> classes(LabelSet labels, boolean[] present) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < labels.classes().size(); i++) {
      if (present == null || present[i]) {
        ids.add(i);
      }
    }
    return ids;
  }

  /** Swatch of row {@code r} spans x in [MARGIN, MARGIN + SWATCH), y in [r*ROW + MARGIN, … + SWATCH). */
  public static BufferedImage render(LabelSet labels, List<Integer> classIds) {
    Palette palette = Palette.of(labels);
    BufferedImage out = new BufferedImage(WIDTH, Math.max(1, classIds.size()) * ROW, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int row = 0; row < classIds.size(); row++) {
        int id = classIds.get(row);
        int top = row * ROW;
        g.setColor(new Color(palette.rgb(id)));
        g.fillRect(MARGIN, top + MARGIN, SWATCH, SWATCH);
        g.setColor(Color.BLACK);
        g.drawString(id + " " + labels.name(id), MARGIN * 2 + SWATCH + 4, top + ROW - 6);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The legend as text lines ({@code "  7 car  #00008e"}), for a terminal or a README. */
  public static List<String> lines(LabelSet labels, List<Integer> classIds) {
    Palette palette = Palette.of(labels);
    return classIds.stream()
        .map(id -> String.format(java.util.Locale.ROOT, "%3d %-16s #%06x", id, labels.name(id), palette.rgb(id)))
        .toList();
  }
}
