"""Module 2's image folders, the course's pretrained base, and the online routes tested offline."""

from __future__ import annotations

import socket
import zipfile

import numpy as np
import pytest

from course import data, images, pretrained


def test_image_folders_unpack_once_with_one_folder_per_class(cache_dir):
    faces = images.folder("faces")
    assert faces.is_relative_to(cache_dir) and faces.name == "faces"
    assert sorted(p.name for p in faces.iterdir()) == ["background", "face"]
    assert len(images.image_files(faces / "face")) == 80 and len(images.image_files(faces / "background")) == 80
    first = images.image_files(faces)[0]
    stamp = first.stat().st_mtime_ns
    assert images.folder("faces") == faces and first.stat().st_mtime_ns == stamp  # not unpacked again
    textures = images.folder("textures")
    for split, count in (("train", 60), ("validation", 30)):
        assert sorted(p.name for p in (textures / split).iterdir()) == ["brick", "grass", "gravel"]
        assert {len(images.image_files(textures / split / c)) for c in ("brick", "grass", "gravel")} == {count}


def test_images_have_varying_sizes(cache_dir):
    from PIL import Image

    for folder in (images.folder("faces"), images.folder("textures")):
        sizes = set()
        for file in images.image_files(folder):
            with Image.open(file) as image:
                sizes.add(image.size)
        assert len(sizes) > 50, f"{folder.name}: only {len(sizes)} different sizes"
    text = images.describe(images.folder("textures") / "train")
    assert "brick/" in text and "60 images, widths 32 to 64" in text


def test_load_arrays_matches_the_folders(cache_dir):
    x, y, names = images.load_arrays(images.folder("textures") / "validation", image_size=(20, 24))
    assert x.shape == (90, 20, 24, 3) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 255
    assert names == ["brick", "grass", "gravel"] and y.tolist() == [0] * 30 + [1] * 30 + [2] * 30
    gray, labels, names = images.load_arrays(images.folder("faces"), color_mode="grayscale")
    assert gray.shape == (160, 32, 32, 1) and names == ["background", "face"] and labels.sum() == 80
    raw = images.read_image(images.image_files(images.folder("faces"))[0], color_mode="grayscale")
    assert raw.ndim == 3 and raw.shape[-1] == 1


def test_heldout_images_are_separate_and_for_instructors_only(cache_dir, monkeypatch):
    heldout = images.heldout_folder("faces")
    assert len(images.image_files(heldout)) == 40
    shipped_names = {p.name for p in images.image_files(images.folder("faces"))}
    assert not shipped_names & {p.name for p in images.image_files(heldout)}, "a photo is both shipped and held out"
    assert len(images.image_files(images.heldout_folder("textures"))) == 120
    monkeypatch.setenv("COURSE_HELDOUT_DIR", str(cache_dir / "nothing"))
    with pytest.raises(data.DatasetError, match="only available in the instructor's copy"):
        images.heldout_folder("textures")


def test_emoji_are_colour_images_of_the_exam_scale_in_six_groups(cache_dir):
    from PIL import Image

    groups = ["animals-nature", "flags", "food-drink", "smileys-emotion", "symbols", "travel-places"]
    emoji = images.folder("emoji")
    counts = {}
    for folder in (emoji / "train", emoji / "validation", images.heldout_folder("emoji")):
        assert sorted(p.name for p in folder.iterdir()) == groups
        counts[folder.name] = len(images.image_files(folder))
    assert counts == {"train": 734, "validation": 183, "emoji_heldout": 230}  # 1,147 files, a fifth held out
    for file in images.image_files(emoji)[::50]:
        with Image.open(file) as image:
            assert image.size == (200, 200) and image.mode == "RGB", f"{file.name}: {image.size} {image.mode}"
    assert "flags/             162 images, all 200 × 200 pixels" in images.describe(emoji / "train")
    shipped = {p.name for p in images.image_files(emoji)}
    assert not shipped & {p.name for p in images.image_files(images.heldout_folder("emoji"))}


def test_archive_with_several_top_folders_is_refused(cache_dir, tmp_path):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a/x.png", b"")
        zipped.writestr("b/y.png", b"")
    with pytest.raises(data.DatasetError, match="exactly one top folder, found 2"):
        images._unpack(archive, "bad")


def test_patch_cnn_base_shapes_and_weights():
    base = pretrained.patch_cnn_base()
    assert base.input_shape == (None, 32, 32, 3) and base.output_shape == (None, 4, 4, 64)
    assert base.trainable and base.count_params() == 23_584
    arrays = data.load("patch_cnn")
    np.testing.assert_array_equal(base.get_layer("block3_conv").get_weights()[0], arrays["block3_conv.kernel"])
    assert set(pretrained.weight_arrays(base)) == set(arrays)
    random_base = pretrained.patch_cnn_base(weights=False)
    assert not np.array_equal(random_base.get_layer("block1_conv").get_weights()[0], arrays["block1_conv.kernel"])


def nearest_centroid_accuracy(train_features, train_labels, test_features, test_labels):
    """Classify each test row by the nearest class centroid of the (standardised) training rows."""
    mean, scale = train_features.mean(0), train_features.std(0) + 1e-6
    train_features, test_features = (train_features - mean) / scale, (test_features - mean) / scale
    classes = np.unique(train_labels)
    centroids = np.stack([train_features[train_labels == c].mean(0) for c in classes])
    guesses = classes[np.argmin(((test_features[:, None] - centroids[None]) ** 2).sum(-1), axis=1)]
    return float(np.mean(guesses == test_labels))


def test_pretrained_features_are_useful_without_any_training(cache_dir):
    """No training at all: class centroids of the base's pooled features already classify new images."""
    import keras

    keras.utils.set_random_seed(0)
    patches = data.load_heldout("patch_cnn")
    x, y = patches["images"].astype("float32"), patches["labels"]
    train_x, train_y, _ = images.load_arrays(images.folder("textures") / "train")
    val_x, val_y, _ = images.load_arrays(images.folder("textures") / "validation")
    scores = {}
    for name, weights in (("pretrained", True), ("random", False)):
        extractor = keras.Sequential([pretrained.patch_cnn_base(weights), keras.layers.GlobalAveragePooling2D()])
        features = extractor.predict(x, verbose=0)
        scores[name, "patches"] = nearest_centroid_accuracy(features[::2], y[::2], features[1::2], y[1::2])
        scores[name, "textures"] = nearest_centroid_accuracy(
            extractor.predict(train_x, verbose=0), train_y, extractor.predict(val_x, verbose=0), val_y)
    assert scores["pretrained", "patches"] > max(0.6, scores["random", "patches"]), scores  # 11 photos
    assert scores["pretrained", "textures"] > max(0.8, scores["random", "textures"] + 0.05), scores


def test_imagenet_base_offline_falls_back_with_a_clear_message(tmp_path, monkeypatch, capsys):
    import keras
    from keras.src.applications import mobilenet_v2
    from keras.src.backend import config

    with socket.socket() as probe:  # a port on which nothing listens: no network needed, none used
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(mobilenet_v2, "BASE_WEIGHT_PATH", f"http://127.0.0.1:{port}/")
    monkeypatch.setattr(config, "_KERAS_DIR", str(tmp_path / "keras"))  # no cached weights
    assert pretrained.imagenet_base((96, 96, 3)) is None
    out = capsys.readouterr().out
    assert "Could not get the ImageNet weights of MobileNetV2" in out and "pretrained.patch_cnn_base()" in out
    assert keras.config  # keras still usable


def test_imagenet_base_does_not_download_while_nbgrader_runs(monkeypatch, capsys):
    import keras

    def no_download(*args, **kwargs):
        raise AssertionError("MobileNetV2 should not be built while nbgrader runs")

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setattr(keras.applications, "MobileNetV2", no_download)
    assert pretrained.imagenet_base() is None
    assert "disabled while nbgrader runs" in capsys.readouterr().out


@pytest.mark.parametrize("name, tfds_name", [("faces", "horses_or_humans"), ("textures", "rock_paper_scissors"),
                                             ("patch_cnn", "cats_vs_dogs")])
def test_canonical_exam_datasets_are_one_call_away(name, tfds_name):
    tfds = pytest.importorskip("tensorflow_datasets")
    assert data.info(name).canonical["tfds"] == tfds_name
    with tfds.testing.mock_data(num_examples=4):
        ds = data.load_canonical_tfds(name, split="train", as_supervised=True)
        pairs = list(ds.take(4))
    assert len(pairs) == 4 and pairs[0][0].shape[-1] == 3  # RGB photos and a label


def module_2_model(kind: str):
    """A model like those module 2's hidden tests measure, trained briefly on the shipped images.

    ``"transfer"``: the course's base, frozen, and a new head; ``"fine_tuned"``: the same with its last
    block trainable; ``"augmented"``: a CNN behind a nested model of random augmentation layers;
    ``"features"``: the course's extractor followed by a separately trained classifier model;
    ``"faces"``: a grayscale CNN with one sigmoid output.
    """
    import keras

    keras.utils.set_random_seed(1)
    if kind == "faces":
        x, y, _ = images.load_arrays(images.folder("faces"), color_mode="grayscale")
        model = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Rescaling(1 / 255),
                                  keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.MaxPooling2D(2),
                                  keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y, epochs=10, verbose=0)
        return model
    x, y, _ = images.load_arrays(images.folder("textures") / "train")
    if kind == "features":
        extractor = keras.Sequential([pretrained.patch_cnn_base(), keras.layers.GlobalAveragePooling2D()])
        classifier = keras.Sequential([keras.Input((64,)), keras.layers.Dense(3, activation="softmax")])
        classifier.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
        classifier.fit(extractor.predict(x, verbose=0), y, epochs=40, verbose=0)
        return keras.Sequential([keras.Input((32, 32, 3)), pretrained.patch_cnn_base(),
                                 keras.layers.GlobalAveragePooling2D(), classifier])
    if kind == "augmented":
        augmentation = keras.Sequential([keras.layers.RandomFlip("horizontal_and_vertical"),
                                         keras.layers.RandomBrightness(0.1)], name="augmentation")
        body = [augmentation, keras.layers.Rescaling(1 / 255), keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dropout(0.5)]
    else:
        base = pretrained.patch_cnn_base()
        base.trainable = False
        body = [base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dropout(0.2)]
    model = keras.Sequential([keras.Input((32, 32, 3)), *body, keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    if kind == "fine_tuned":
        base.trainable = True
        for layer in base.layers:
            layer.trainable = layer.name.startswith("block3")
        model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, verbose=0)
    return model


@pytest.mark.parametrize("kind", ["transfer", "fine_tuned", "augmented", "features", "faces"])
def test_module_2_models_score_the_same_after_a_safe_reload(cache_dir, kind):
    """Module 2's hidden tests measure these models through the scorer: they load back in safe mode
    (the course's base is plain Keras layers) and score on held-out images what they score in the kernel."""
    from course import checks, heldout

    model = module_2_model(kind)
    if kind == "faces":
        examples = "faces/32x32-grayscale"
        x, y, _ = images.load_arrays(images.heldout_folder("faces"), color_mode="grayscale")
    else:
        examples = "textures/32x32"
        x, y, _ = images.load_arrays(images.heldout_folder("textures"), image_size=(32, 32))
    here = checks.accuracy(model, x, y)
    assert here > 0.6, f"the {kind} model learnt too little ({here:.2f}) for the comparison to mean much"
    assert heldout.measure("accuracy", model, examples=examples) == {"accuracy": pytest.approx(here),
                                                                     "examples": len(y)}
