"""The Cityscapes-19 ids the scene generator draws, looked up by name so they cannot drift."""

from ..labels import CITYSCAPES_19

LABEL_SET = CITYSCAPES_19
IGNORE = 255


def _id(name: str) -> int:
    return LABEL_SET.classes.index(name)


ROAD, SIDEWALK, BUILDING, POLE = _id("road"), _id("sidewalk"), _id("building"), _id("pole")
TRAFFIC_SIGN, VEGETATION, TERRAIN, SKY = _id("traffic sign"), _id("vegetation"), _id("terrain"), _id("sky")
PERSON, CAR = _id("person"), _id("car")

# Every class a generated scene can contain; metrics are reported over these.
DRAWN = (ROAD, SIDEWALK, BUILDING, POLE, TRAFFIC_SIGN, VEGETATION, TERRAIN, SKY, PERSON, CAR)
