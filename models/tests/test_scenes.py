"""The procedural scene generator: deterministic, labels exact, panoramas seamless."""

import math
import unittest

import numpy as np

from segstream_models.scenes import Scene, sprites
from segstream_models.scenes.camera import Equirectangular, Pinhole
from segstream_models.scenes.canvas import Canvas
from segstream_models.scenes.classes import CAR, DRAWN, PERSON, POLE, TRAFFIC_SIGN, VEGETATION

BLANK = (1, 2, 3)  # a colour no object part uses
FREE = 254         # a label no class uses


def blank(width, height):
    rgb = np.empty((height, width, 3), np.float32)
    rgb[:] = BLANK
    return rgb, np.full((height, width), FREE, np.uint8)


def draw_one(camera, kind, x, y, seed=3):
    """One object of ``kind`` at (x, y) on a blank canvas: (image, label)."""
    canvas = Canvas(*blank(camera.width, camera.height), wraps=camera.wraps)
    look = sprites.sample(kind, np.random.default_rng(seed))
    bb = sprites.Billboard(camera, x, y)
    if kind == "car":
        sprites.car(canvas, bb, look, heading=0.3)
    elif kind == "person":
        sprites.person(canvas, bb, look, phase=1.0)
    else:
        getattr(sprites, kind)(canvas, bb, look)
    return canvas.arrays()


class DeterminismTest(unittest.TestCase):
    def test_same_seed_and_time_give_identical_frames(self):
        for kind in ("pinhole", "equirectangular"):
            a = Scene(kind, 17, 192, 96).render(2.5)
            b = Scene(kind, 17, 192, 96).render(2.5)
            np.testing.assert_array_equal(a.image, b.image)
            np.testing.assert_array_equal(a.label, b.label)

    def test_different_seeds_give_different_scenes(self):
        a = Scene("pinhole", 17, 192, 96).render(0.0)
        b = Scene("pinhole", 18, 192, 96).render(0.0)
        self.assertGreater(np.mean(a.label != b.label), 0.05)

    def test_things_move_over_time(self):
        scene = Scene("equirectangular", 4, 256, 128, layout="plaza")
        a, b = scene.render(0.0, clean=True), scene.render(1.0, clean=True)
        moved = (a.label != b.label) & np.isin(a.label, (CAR, PERSON))
        self.assertGreater(moved.sum(), 0)

    def test_frames_use_only_cityscapes_ids_the_generator_draws(self):
        for kind in ("pinhole", "equirectangular"):
            frame = Scene(kind, 5, 192, 96).render(1.0)
            self.assertTrue(set(np.unique(frame.label)) <= set(DRAWN))


class LabelAlignmentTest(unittest.TestCase):
    """The label map covers exactly the pixels the object's colours were drawn on."""

    def check_exact(self, camera, kind, cls, x, y):
        image, label = draw_one(camera, kind, x, y)
        painted = np.any(image != BLANK, axis=2)
        self.assertGreater(painted.sum(), 20, f"{kind} not visible")
        np.testing.assert_array_equal(painted, label != FREE)
        # A sign is a pole plus a plate; everything else is one class.
        self.assertIn(cls, np.unique(label[painted]))
        self.assertTrue(set(np.unique(label[painted])) <= {cls, POLE})

    def test_every_object_kind_in_both_projections(self):
        cameras = [Pinhole(320, 180, 70, yaw=0.0, cam_height=1.6),
                   Equirectangular(512, 256, yaw=0.0, cam_height=2.0)]
        kinds = [("car", CAR), ("person", PERSON), ("tree", VEGETATION), ("lamp", POLE),
                 ("sign", TRAFFIC_SIGN), ("bush", VEGETATION)]
        for camera in cameras:
            for kind, cls in kinds:
                with self.subTest(camera=camera.projection, kind=kind):
                    self.check_exact(camera, kind, cls, 9.0, 1.0)

    def test_a_cars_body_colour_is_drawn_only_where_the_label_says_car(self):
        scene = Scene("pinhole", 21, 320, 180, layout="street")
        magenta = np.array([255, 0, 255])
        for mover in scene.movers:
            if mover.kind == "car":
                mover.look["body"] = magenta
        for t in np.arange(0, 20, 0.5):
            frame = scene.render(float(t), clean=True)
            body = np.all(frame.image == magenta, axis=2)
            if body.sum() > 50:
                break
        self.assertGreater(body.sum(), 50, "no car in view in 20 s")
        self.assertTrue(np.all(frame.label[body] == CAR))


class PanoramaWrapTest(unittest.TestCase):
    def test_labels_continue_across_the_seam_like_any_other_column_pair(self):
        frame = Scene("equirectangular", 8, 512, 256).render(3.0, clean=True)
        label = frame.label
        seam = np.mean(label[:, -1] != label[:, 0])
        inside = np.mean(label[:, 1:] != label[:, :-1], axis=0)
        self.assertLessEqual(seam, np.percentile(inside, 99))
        self.assertLess(seam, 0.05)

    def test_colours_continue_across_the_seam(self):
        image = Scene("equirectangular", 9, 512, 256).render(3.0, clean=True).image.astype(float)
        seam = np.abs(image[:, -1] - image[:, 0]).mean()
        inside = np.abs(image[:, 1:] - image[:, :-1]).mean(axis=(0, 2))
        self.assertLessEqual(seam, np.percentile(inside, 99))

    def test_a_car_crossing_the_seam_is_one_piece(self):
        camera = Equirectangular(512, 256, yaw=0.0, cam_height=2.0)
        # The seam looks straight behind the centre column's direction (yaw + 180°).
        image, label = draw_one(camera, "car", -8.0, 0.0)
        self.assertTrue((label[:, 0] == CAR).any() and (label[:, -1] == CAR).any())
        joined = np.roll(label, 256, axis=1)
        row = int(np.argmax((joined == CAR).sum(axis=1)))
        columns = np.flatnonzero(joined[row] == CAR)
        self.assertEqual(columns[-1] - columns[0] + 1, len(columns), "gap in the car at the seam")
        self.assertLess(abs((columns[0] + columns[-1]) / 2 - 256), 3)


class ProjectionTest(unittest.TestCase):
    def test_equirectangular_horizon_is_the_middle_row_and_columns_are_azimuth(self):
        camera = Equirectangular(1024, 512, yaw=0.0, cam_height=2.0)
        x, y = camera.project(np.array([[100.0, 0.0, 2.0], [0.0, -100.0, 2.0]])).T
        self.assertAlmostEqual(y[0], 255.5, places=6)   # between rows 255 and 256
        self.assertAlmostEqual(x[0], 511.5, places=6)   # straight ahead: the centre
        self.assertAlmostEqual(x[1], 767.5, places=6)   # 90° to the right: three quarters across

    def test_pinhole_rays_and_projection_agree(self):
        camera = Pinhole(64, 36, 70, yaw=0.7, cam_height=1.5, pitch=-0.05)
        rays = camera.rays().reshape(-1, 3)
        points = rays * 10 + np.array([0, 0, 1.5])
        xy = camera.project(points)
        expected = np.stack(np.meshgrid(np.arange(64), np.arange(36)), axis=2).reshape(-1, 2)
        np.testing.assert_allclose(xy, expected, atol=1e-4)

    def test_equirectangular_rays_and_projection_agree(self):
        camera = Equirectangular(64, 32, yaw=2.0, cam_height=1.5)
        rays = camera.rays().reshape(-1, 3)
        xy = camera.project(rays * 10 + np.array([0, 0, 1.5]))
        expected = np.stack(np.meshgrid(np.arange(64), np.arange(32)), axis=2).reshape(-1, 2)
        np.testing.assert_allclose(xy, expected, atol=1e-3)
        self.assertAlmostEqual(camera.azimuth_of_column(np.array([31.5]))[0], 2.0)
        self.assertAlmostEqual(math.degrees(camera.azimuth_of_column(np.array([-0.5]))[0] - 2.0), 180.0)


if __name__ == "__main__":
    unittest.main()


class StillTest(unittest.TestCase):
    def test_a_still_is_a_jpeg_of_the_asked_size_with_labels_to_match(self):
        import io
        from PIL import Image
        from segstream_models.scenes import still
        jpeg, label = still.render("pinhole", "street", 2035, 256, 128, 3.0, 90)
        image = Image.open(io.BytesIO(jpeg))
        self.assertEqual(image.format, "JPEG")
        self.assertEqual(image.size, (256, 128))
        self.assertEqual(label.shape, (128, 256))

    def test_a_seed_that_was_trained_on_is_refused(self):
        from segstream_models.scenes import still, splits
        with self.assertRaises(ValueError):
            still.render("pinhole", "street", splits.HELD_OUT_END, 64, 32, 0.0, 90)
