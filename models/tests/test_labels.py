"""Label sets: the ids, names and colours that masks and the Java side rely on."""

import unittest

from segstream_models import labels


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
