"""Which scene seeds are for what, so training never sees a frame it is scored on.

    seeds >= 1,000,000          training scenes (train.py: scene i has seed 1,000,000 + i)
    900,000 <= seed < 1,000,000 validation during training (train.py --val-count)
    seed < 900,000              held out: eval sets (evalset.py) and the demo clips (clips.py)
"""

TRAIN_FIRST = 1_000_000
VALIDATION_FIRST = 900_000
HELD_OUT_END = VALIDATION_FIRST


def kind_of(index: int) -> str:
    """Scenes alternate pinhole / equirectangular, so any run of them is half and half."""
    return "pinhole" if index % 2 == 0 else "equirectangular"


def is_held_out(first_seed: int, count: int) -> bool:
    return 0 <= first_seed and first_seed + count <= HELD_OUT_END
