package org.segstream.postprocess.topology;

import java.util.function.IntFunction;
import org.segstream.proto.LabelSets;

/** Class names of a label set id; the empty name (as the contract asks) when the set is unknown. */
final class ClassNames {
  private ClassNames() {}

  static IntFunction<String> of(String labelSetId) {
    return LabelSets.byId(labelSetId).<IntFunction<String>>map(set -> set::name).orElse(id -> "");
  }
}
