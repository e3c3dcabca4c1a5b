"""Label sets: class names by output index plus an RGB palette, keyed by a stable id.

The id is what travels on the wire (masks carry it), so an id's classes and colours must never
change once published; add a new id instead. To add a set, define a LabelSet, list it in
LABEL_SETS and rewrite the Java side's copy (a test fails until it matches):

    /usr/bin/python3 -m segstream_models.labels --write ../proto/src/main/resources/org/segstream/proto/label-sets.json
"""

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

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

# ADE20K SceneParsing's 150 classes in the order of the 150-class checkpoints (label 0, "other",
# is dropped in training: do_reduce_labels), named and coloured as mmsegmentation's ADE20KDataset.
ADE20K_150 = LabelSet(
    id="ade20k-150",
    classes=("wall", "building", "sky", "floor", "tree", "ceiling", "road", "bed", "windowpane",
             "grass", "cabinet", "sidewalk", "person", "earth", "door", "table", "mountain",
             "plant", "curtain", "chair", "car", "water", "painting", "sofa", "shelf", "house",
             "sea", "mirror", "rug", "field", "armchair", "seat", "fence", "desk", "rock",
             "wardrobe", "lamp", "bathtub", "railing", "cushion", "base", "box", "column",
             "signboard", "chest of drawers", "counter", "sand", "sink", "skyscraper", "fireplace",
             "refrigerator", "grandstand", "path", "stairs", "runway", "case", "pool table",
             "pillow", "screen door", "stairway", "river", "bridge", "bookcase", "blind",
             "coffee table", "toilet", "flower", "book", "hill", "bench", "countertop", "stove",
             "palm", "kitchen island", "computer", "swivel chair", "boat", "bar", "arcade machine",
             "hovel", "bus", "towel", "light", "truck", "tower", "chandelier", "awning",
             "streetlight", "booth", "television receiver", "airplane", "dirt track", "apparel",
             "pole", "land", "bannister", "escalator", "ottoman", "bottle", "buffet", "poster",
             "stage", "van", "ship", "fountain", "conveyer belt", "canopy", "washer", "plaything",
             "swimming pool", "stool", "barrel", "basket", "waterfall", "tent", "bag", "minibike",
             "cradle", "oven", "ball", "food", "step", "tank", "trade name", "microwave", "pot",
             "animal", "bicycle", "lake", "dishwasher", "screen", "blanket", "sculpture", "hood",
             "sconce", "vase", "traffic light", "tray", "ashcan", "fan", "pier", "crt screen",
             "plate", "monitor", "bulletin board", "shower", "radiator", "glass", "clock", "flag"),
    palette=((120, 120, 120), (180, 120, 120), (6, 230, 230), (80, 50, 50), (4, 200, 3),
             (120, 120, 80), (140, 140, 140), (204, 5, 255), (230, 230, 230), (4, 250, 7),
             (224, 5, 255), (235, 255, 7), (150, 5, 61), (120, 120, 70), (8, 255, 51), (255, 6, 82),
             (143, 255, 140), (204, 255, 4), (255, 51, 7), (204, 70, 3), (0, 102, 200),
             (61, 230, 250), (255, 6, 51), (11, 102, 255), (255, 7, 71), (255, 9, 224), (9, 7, 230),
             (220, 220, 220), (255, 9, 92), (112, 9, 255), (8, 255, 214), (7, 255, 224),
             (255, 184, 6), (10, 255, 71), (255, 41, 10), (7, 255, 255), (224, 255, 8),
             (102, 8, 255), (255, 61, 6), (255, 194, 7), (255, 122, 8), (0, 255, 20), (255, 8, 41),
             (255, 5, 153), (6, 51, 255), (235, 12, 255), (160, 150, 20), (0, 163, 255),
             (140, 140, 140), (250, 10, 15), (20, 255, 0), (31, 255, 0), (255, 31, 0),
             (255, 224, 0), (153, 255, 0), (0, 0, 255), (255, 71, 0), (0, 235, 255), (0, 173, 255),
             (31, 0, 255), (11, 200, 200), (255, 82, 0), (0, 255, 245), (0, 61, 255), (0, 255, 112),
             (0, 255, 133), (255, 0, 0), (255, 163, 0), (255, 102, 0), (194, 255, 0), (0, 143, 255),
             (51, 255, 0), (0, 82, 255), (0, 255, 41), (0, 255, 173), (10, 0, 255), (173, 255, 0),
             (0, 255, 153), (255, 92, 0), (255, 0, 255), (255, 0, 245), (255, 0, 102),
             (255, 173, 0), (255, 0, 20), (255, 184, 184), (0, 31, 255), (0, 255, 61), (0, 71, 255),
             (255, 0, 204), (0, 255, 194), (0, 255, 82), (0, 10, 255), (0, 112, 255), (51, 0, 255),
             (0, 194, 255), (0, 122, 255), (0, 255, 163), (255, 153, 0), (0, 255, 10),
             (255, 112, 0), (143, 255, 0), (82, 0, 255), (163, 255, 0), (255, 235, 0),
             (8, 184, 170), (133, 0, 255), (0, 255, 92), (184, 0, 255), (255, 0, 31), (0, 184, 255),
             (0, 214, 255), (255, 0, 112), (92, 255, 0), (0, 224, 255), (112, 224, 255),
             (70, 184, 160), (163, 0, 255), (153, 0, 255), (71, 255, 0), (255, 0, 163),
             (255, 204, 0), (255, 0, 143), (0, 255, 235), (133, 255, 0), (255, 0, 235),
             (245, 0, 255), (255, 0, 122), (255, 245, 0), (10, 190, 212), (214, 255, 0),
             (0, 204, 255), (20, 0, 255), (255, 255, 0), (0, 153, 255), (0, 41, 255), (0, 255, 204),
             (41, 0, 255), (41, 255, 0), (173, 0, 255), (0, 245, 255), (71, 0, 255), (122, 0, 255),
             (0, 255, 184), (0, 92, 255), (184, 255, 0), (0, 133, 255), (255, 214, 0),
             (25, 194, 194), (102, 255, 0), (92, 0, 255)),
)

# Stanford2D3D's 13 classes as Trans4PASS predicts them (its name2label.json ids 1..13; id 0,
# "<UNK>", is ignored in training). Colours are the dataset's own label colours for those ids, so
# no class is drawn black.
STANFORD2D3D_13 = LabelSet(
    id="stanford2d3d-13",
    classes=("beam", "board", "bookcase", "ceiling", "chair", "clutter", "column", "door", "floor",
             "sofa", "table", "wall", "window"),
    palette=((255, 0, 40), (255, 72, 0), (255, 185, 0), (205, 255, 0), (91, 255, 0), (0, 255, 21),
             (0, 255, 139), (0, 255, 252), (0, 143, 255), (0, 23, 255), (90, 0, 255), (204, 0, 255),
             (255, 0, 191)),
)

# SynPASS's 22 classes (Trans4PASS's SynPASSSegmentation order): CARLA's semantic tags 1..22,
# coloured with CARLA's own CityScapesPalette for those tags. "guard rail" is CARLA's name for the
# class Trans4PASS lists as "GroundRail".
SYNPASS_22 = LabelSet(
    id="synpass-22",
    classes=("building", "fence", "other", "pedestrian", "pole", "road line", "road", "sidewalk",
             "vegetation", "vehicles", "wall", "traffic sign", "sky", "ground", "bridge",
             "rail track", "guard rail", "traffic light", "static", "dynamic", "water", "terrain"),
    palette=((70, 70, 70), (100, 40, 40), (55, 90, 80), (220, 20, 60), (153, 153, 153),
             (157, 234, 50), (128, 64, 128), (244, 35, 232), (107, 142, 35), (0, 0, 142),
             (102, 102, 156), (220, 220, 0), (70, 130, 180), (81, 0, 81), (150, 100, 100),
             (230, 150, 140), (180, 165, 180), (250, 170, 30), (110, 190, 160), (170, 120, 50),
             (45, 60, 150), (145, 170, 100)),
)

LABEL_SETS: Dict[str, LabelSet] = {
    s.id: s for s in (CITYSCAPES_19, ADE20K_150, STANFORD2D3D_13, SYNPASS_22)}


def label_set(label_set_id: str) -> LabelSet:
    if label_set_id not in LABEL_SETS:
        raise ValueError(f"unknown label set '{label_set_id}' (known: {', '.join(LABEL_SETS)})")
    return LABEL_SETS[label_set_id]


def known_ids() -> List[str]:
    return list(LABEL_SETS)


def catalogue_json() -> str:
    """Every label set as the JSON that proto's LabelSets reads: one set per line, stable order."""
    lines = [json.dumps(s.to_card(), separators=(", ", ": ")) for s in LABEL_SETS.values()]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.labels",
                                description="Write the label-set catalogue the Java stages read.")
    p.add_argument("--write", required=True, metavar="PATH")
    args = p.parse_args(argv)
    with open(args.write, "w") as f:
        f.write(catalogue_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
