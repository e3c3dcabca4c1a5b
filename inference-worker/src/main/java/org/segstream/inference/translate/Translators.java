package org.segstream.inference.translate;

import org.segstream.inference.model.ModelCard;
import org.segstream.inference.model.ModelException;

/**
 * The translator a model's card asks for. SegFormer runs whole-image or sliding-window as its card
 * says; Trans4PASS, trained on panoramas, runs whole-image with circular padding for
 * equirectangular frames (both families pad equirectangular frames circularly in whole-image mode).
 */
public final class Translators {
  private Translators() {}

  public static SegmentationTranslator forCard(ModelCard card) {
    boolean sliding = "sliding".equals(card.input().resize());
    return switch (card.family()) {
      case "segformer" -> sliding ? new SlidingWindowTranslator(card) : new WholeImageTranslator(card);
      case "trans4pass" -> {
        if (sliding) {
          throw new ModelException("trans4pass models run on whole panoramas: input.resize must be stretch");
        }
        yield new WholeImageTranslator(card);
      }
      default -> throw new ModelException("no translator for model family '" + card.family() + "'");
    };
  }
}
