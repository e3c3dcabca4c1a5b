"""Label sets: class names by output index plus an RGB palette, keyed by a stable id.

The id is what travels on the wire (masks carry it, the Java side has the same table in
proto's LabelSets), so an id's classes and colours must never change once published; add a new id
instead. To add a set, define a LabelSet and list it in LABEL_SETS.
"""

from dataclasses import dataclass
from typing import Dict, List, Tuple

RGB = Tuple[int, int, int]


@dataclass(frozen=True)
class LabelSet:
    id: str
    classes: Tuple[str, ...]
    palette: Tuple[RGB, ...]

    def __post_init__(self):
        if len(self.classes) != len(self.palette):
            raise ValueError(f"label set {self.id}: {len(self.classes)} classes but "
                             f"{len(self.palette)} colours")
        if len(set(self.classes)) != len(self.classes):
            raise ValueError(f"label set {self.id}: class names repeat")
        for colour in self.palette:
            if len(colour) != 3 or not all(0 <= c <= 255 for c in colour):
                raise ValueError(f"label set {self.id}: colour {colour} is not 8-bit RGB")

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def to_card(self) -> dict:
        """The ``label_set`` object of model.json."""
        return {"id": self.id, "classes": list(self.classes),
                "palette": [list(colour) for colour in self.palette]}


# Cityscapes' 19 evaluation classes (trainId order) with the palette of the official
# cityscapesScripts; the order is the one every Cityscapes-trained checkpoint predicts in.
CITYSCAPES_19 = LabelSet(
    id="cityscapes-19",
    classes=("road", "sidewalk", "building", "wall", "fence", "pole", "traffic light",
             "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck",
             "bus", "train", "motorcycle", "bicycle"),
    palette=((128, 64, 128), (244, 35, 232), (70, 70, 70), (102, 102, 156), (190, 153, 153),
             (153, 153, 153), (250, 170, 30), (220, 220, 0), (107, 142, 35), (152, 251, 152),
             (70, 130, 180), (220, 20, 60), (255, 0, 0), (0, 0, 142), (0, 0, 70), (0, 60, 100),
             (0, 80, 100), (0, 0, 230), (119, 11, 32)),
)

LABEL_SETS: Dict[str, LabelSet] = {s.id: s for s in (CITYSCAPES_19,)}


def label_set(label_set_id: str) -> LabelSet:
    if label_set_id not in LABEL_SETS:
        raise ValueError(f"unknown label set '{label_set_id}' (known: {', '.join(LABEL_SETS)})")
    return LABEL_SETS[label_set_id]


def known_ids() -> List[str]:
    return list(LABEL_SETS)
