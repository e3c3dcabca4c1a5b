"""Procedural street and 360° scenes with exact Cityscapes-19 ground truth (see scene.py)."""

from .scene import DEFAULT_SIZE, KINDS, Frame, Scene, degrade, encode

__all__ = ["DEFAULT_SIZE", "KINDS", "Frame", "Scene", "degrade", "encode"]
