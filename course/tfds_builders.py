"""TensorFlow Datasets builders for course data, so that ``tfds.load`` works offline.

Importing this module registers the builders with TFDS::

    import course.tfds_builders  # registers "course_digits"
    ds = tfds.load("course_digits", split="train", as_supervised=True,
                   data_dir=course.tfds_builders.DATA_DIR)

The builders read the files the course ships; nothing is downloaded.

Introduced in m1_foundations/04_data_pipelines.
"""

from __future__ import annotations

import numpy as np
import tensorflow_datasets as tfds

from . import data

#: Where TFDS keeps the prepared course datasets (inside the course cache).
DATA_DIR = str(data.cache_dir() / "tensorflow_datasets")


class CourseDigits(tfds.core.GeneratorBasedBuilder):
    """The course's 8×8 handwritten digits (see ``course.data.info("digits")``).

    Splits: ``train`` (the first 1,200 shipped images) and ``validation`` (the other 300).
    """

    VERSION = tfds.core.Version("1.0.0")
    RELEASE_NOTES = {"1.0.0": "First release, built from course/datasets/digits/digits.npz."}

    def _info(self) -> tfds.core.DatasetInfo:
        entry = data.info("digits")
        return self.dataset_info_from_configs(
            description=entry.source,
            features=tfds.features.FeaturesDict({
                "image": tfds.features.Tensor(shape=(8, 8), dtype=np.uint8),
                "label": tfds.features.ClassLabel(num_classes=10),
            }),
            supervised_keys=("image", "label"),
            homepage=entry.canonical.get("url"),
            citation=entry.citation,
            license=entry.licence,
        )

    def _split_generators(self, dl_manager):
        arrays = data.load("digits")
        return {"train": self._generate_examples(arrays, slice(0, 1200)),
                "validation": self._generate_examples(arrays, slice(1200, None))}

    def _generate_examples(self, arrays, rows):
        images, labels = arrays["images"][rows], arrays["labels"][rows]
        start = rows.start
        for i, (image, label) in enumerate(zip(images, labels)):
            yield start + i, {"image": image, "label": int(label)}
