"""Label sets: the ids, names and colours that masks and the Java side rely on."""

import os
import unittest

from segstream_models import labels


CATALOGUE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "proto", "src", "main", "resources", "org", "segstream", "proto",
                         "label-sets.json")


class JavaCatalogueTest(unittest.TestCase):
    def test_the_java_stages_read_exactly_these_label_sets(self):
        with open(CATALOGUE) as f:
            self.assertEqual(f.read(), labels.catalogue_json(),
                             "rewrite it: python3 -m segstream_models.labels --write " + CATALOGUE)


class LabelSetTest(unittest.TestCase):
    def test_cityscapes_19_has_the_evaluation_classes_in_train_id_order(self):
        cityscapes = labels.label_set("cityscapes-19")
        self.assertEqual(cityscapes.num_classes, 19)
        self.assertEqual(cityscapes.classes[:3], ("road", "sidewalk", "building"))
        self.assertEqual(cityscapes.classes[11:14], ("person", "rider", "car"))
        self.assertEqual(cityscapes.classes[-1], "bicycle")

    def test_cityscapes_19_uses_the_official_palette(self):
        palette = dict(zip(*(lambda s: (s.classes, s.palette))(labels.label_set("cityscapes-19"))))
        self.assertEqual(palette["road"], (128, 64, 128))
        self.assertEqual(palette["sky"], (70, 130, 180))
        self.assertEqual(palette["car"], (0, 0, 142))
        self.assertEqual(palette["bicycle"], (119, 11, 32))

    def test_panoramic_and_indoor_sets_have_one_colour_per_class(self):
        for set_id, count in (("ade20k-150", 150), ("stanford2d3d-13", 13), ("synpass-22", 22)):
            with self.subTest(set_id):
                label_set = labels.label_set(set_id)
                self.assertEqual(label_set.num_classes, count)
                self.assertEqual(len(label_set.palette), count)

    def test_ade20k_150_follows_the_checkpoint_order_and_the_standard_palette(self):
        ade = labels.label_set("ade20k-150")
        colours = dict(zip(ade.classes, ade.palette))
        self.assertEqual(ade.classes[:4], ("wall", "building", "sky", "floor"))
        self.assertEqual(ade.classes[12], "person")
        self.assertEqual(ade.classes[-1], "flag")
        self.assertEqual(colours["wall"], (120, 120, 120))
        self.assertEqual(colours["person"], (150, 5, 61))
        self.assertEqual(colours["flag"], (92, 0, 255))
        self.assertTrue(all(name == name.strip() for name in ade.classes))

    def test_stanford2d3d_13_and_synpass_22_follow_trans4pass_class_order(self):
        stanford = labels.label_set("stanford2d3d-13")
        self.assertEqual(stanford.classes[:4], ("beam", "board", "bookcase", "ceiling"))
        self.assertEqual(stanford.classes[-1], "window")
        self.assertEqual(dict(zip(stanford.classes, stanford.palette))["ceiling"], (205, 255, 0))
        synpass = labels.label_set("synpass-22")
        self.assertEqual(synpass.classes[:3], ("building", "fence", "other"))
        self.assertEqual(synpass.classes[-1], "terrain")
        colours = dict(zip(synpass.classes, synpass.palette))
        self.assertEqual(colours["road"], (128, 64, 128))
        self.assertEqual(colours["road line"], (157, 234, 50))

    def test_card_form_is_plain_json_lists(self):
        card = labels.label_set("cityscapes-19").to_card()
        self.assertEqual(card["id"], "cityscapes-19")
        self.assertEqual(card["palette"][10], [70, 130, 180])
        self.assertIsInstance(card["classes"], list)

    def test_a_set_with_more_names_than_colours_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "2 classes but 1 colours"):
            labels.LabelSet("bad", ("a", "b"), ((0, 0, 0),))

    def test_out_of_range_colours_and_repeated_names_are_rejected(self):
        with self.assertRaises(ValueError):
            labels.LabelSet("bad", ("a",), ((0, 0, 256),))
        with self.assertRaises(ValueError):
            labels.LabelSet("bad", ("a", "a"), ((0, 0, 0), (1, 1, 1)))

    def test_unknown_id_names_the_known_ones(self):
        with self.assertRaisesRegex(ValueError, "cityscapes-19"):
            labels.label_set("ade20k-151")


if __name__ == "__main__":
    unittest.main()
