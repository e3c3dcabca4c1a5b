"""Write the demo's video clips from the scene generator, with Debian's ffmpeg (H.264, yuv420p).

    /usr/bin/python3 -m segstream_models.scenes.clips --out demo/clips

street.mp4      a street seen by an ordinary camera, 640x360
plaza-360.mp4   a 360° equirectangular view from the middle of a plaza, 1024x512
clips.json      projection, field of view, size, fps, frame count and seed of each, and the command

Both scenes use held-out seeds (splits.py): the demo model never trained on them. A key frame
every second, so a reader joining late or looping waits at most a second for a picture.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
from typing import Optional, Sequence

from . import splits
from .scene import Scene

CLIPS = (
    # file, kind, layout, seed, bits per pixel per frame: 0.25 keeps edges crisp and files ~1 MB
    ("street.mp4", "pinhole", "street", 2035, 0.25),
    ("plaza-360.mp4", "equirectangular", "plaza", 364, 0.25),
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m segstream_models.scenes.clips", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--fps", type=int, default=10)
    p.add_argument("--ffmpeg", default="/usr/bin/ffmpeg")
    return p


def ffmpeg_command(ffmpeg: str, width: int, height: int, fps: int, bitrate: int, path: str):
    return [ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "-",
            "-c:v", "libx264", "-preset", "medium", "-b:v", str(bitrate), "-maxrate", str(bitrate * 2),
            "-bufsize", str(bitrate * 2), "-g", str(fps), "-pix_fmt", "yuv420p",
            # One encoder thread and no version strings: the same command gives the same bytes.
            "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
            "-movflags", "+faststart", path]


def write_clip(out: str, name: str, kind: str, layout: str, seed: int, bpp: float, seconds: int,
               fps: int, ffmpeg: str) -> dict:
    if not splits.is_held_out(seed, 1):
        raise ValueError(f"clip seed {seed} is not a held-out seed")
    scene = Scene(kind, seed, layout=layout)
    width, height = scene.camera.width, scene.camera.height
    frames = seconds * fps
    path = os.path.join(out, name)
    bitrate = int(width * height * fps * bpp)
    encoder = subprocess.Popen(ffmpeg_command(ffmpeg, width, height, fps, bitrate, path), stdin=subprocess.PIPE)
    try:
        for i in range(frames):
            encoder.stdin.write(scene.render(i / fps).image.tobytes())
    finally:
        encoder.stdin.close()
    if encoder.wait() != 0:
        raise RuntimeError(f"ffmpeg failed writing {path} (exit {encoder.returncode})")
    return {"file": name, "projection": kind, "layout": layout, "hfov_deg": round(scene.camera.hfov_deg, 3),
            "width": width, "height": height, "fps": fps, "frames": frames, "seed": seed,
            "codec": "h264 (libx264), yuv420p", "bitrate": bitrate, "bytes": os.path.getsize(path)}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    clips = [write_clip(args.out, name, kind, layout, seed, bpp, args.seconds, args.fps, args.ffmpeg)
             for name, kind, layout, seed, bpp in CLIPS]
    command = ["python3", "-m", "segstream_models.scenes.clips"] + list(argv if argv is not None else sys.argv[1:])
    meta = {"generator": "segstream_models.scenes", "label_set": "cityscapes-19",
            "command": "cd models && " + " ".join(shlex.quote(c) for c in command), "clips": clips}
    with open(os.path.join(args.out, "clips.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    for clip in clips:
        print(f"wrote {clip['file']}: {clip['width']}x{clip['height']}, {clip['frames']} frames, "
              f"{clip['bytes']:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
