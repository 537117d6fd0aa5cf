"""Module 2's grading helpers and plots pass good work and fail bad work with messages that say what to fix."""

from __future__ import annotations

import keras
import matplotlib
import numpy as np
import pytest

from course import checks, plots

matplotlib.use("agg")

IMAGES = np.random.default_rng(0).uniform(0, 255, size=(4, 16, 16, 3)).astype("float32")


def augmentation(*extra):
    return keras.Sequential([keras.layers.RandomFlip("horizontal_and_vertical"), keras.layers.RandomZoom(0.2),
                             *extra])


def augmented_cnn(dropout=True):
    layers = [keras.Input((16, 16, 3)), augmentation(), keras.layers.Rescaling(1 / 255),
              keras.layers.Conv2D(4, 3, activation="relu"), keras.layers.MaxPooling2D(), keras.layers.Flatten()]
    layers += [keras.layers.Dropout(0.5)] if dropout else []
    return keras.Sequential(layers + [keras.layers.Dense(3, activation="softmax")])


class AlwaysNoisy(keras.layers.Layer):
    """A badly written augmentation: random at inference too."""

    def call(self, x):
        return x + keras.random.normal(keras.ops.shape(x))


def test_augmentation_layers_are_found_at_every_depth():
    model = augmented_cnn()
    assert [type(layer).__name__ for layer in checks.augmentation_layers(model)] == ["RandomFlip", "RandomZoom"]
    checks.check_augmentation_layers(model, at_least=2)


def test_missing_augmentation_layers_are_explained():
    expected = r"at least 2 random augmentation layers, found 1 \(RandomFlip\).*RandomRotation"
    with pytest.raises(AssertionError, match=expected):
        checks.check_augmentation_layers(keras.Sequential([keras.Input((8, 8, 3)), keras.layers.RandomFlip()]),
                                         at_least=2)
    plain = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Rescaling(1 / 255)])
    with pytest.raises(AssertionError, match="at least 1 random augmentation layer, found 0: add layers"):
        checks.check_augmentation_layers(plain)


def test_resizing_inside_the_model_is_found_at_every_depth():
    nested = keras.Sequential([keras.Input((40, 30, 3)),
                               keras.Sequential([keras.layers.Resizing(20, 16), keras.layers.Rescaling(1 / 255)]),
                               keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
    checks.check_resizing(nested, (20, 16))
    inputs = keras.Input((40, 30, 3))
    functional = keras.Model(inputs, keras.layers.Resizing(24, 24)(inputs))
    checks.check_resizing(functional, [24, 24])


def test_resizing_missing_or_to_another_size_is_explained():
    with pytest.raises(AssertionError, match=r"no Resizing layer: put keras.layers.Resizing\(150, 150\) right after"):
        checks.check_resizing(keras.Sequential([keras.Input((200, 200, 3)), keras.layers.Rescaling(1 / 255)]),
                              (150, 150))
    swapped = keras.Sequential([keras.Input((200, 200, 3)), keras.layers.Resizing(100, 150)])
    with pytest.raises(AssertionError, match=r"resizes to 100x150, expected 150x100: .*height first"):
        checks.check_resizing(swapped, (150, 100))


def test_augmentation_and_dropout_active_only_in_training_pass():
    checks.check_active_only_in_training(augmentation(), IMAGES, identity=True)
    checks.check_active_only_in_training(augmented_cnn(), IMAGES)
    checks.check_active_only_in_training(augmented_cnn(dropout=False), IMAGES)


def test_randomness_at_inference_is_explained():
    noisy = keras.Sequential([keras.Input((16, 16, 3)), AlwaysNoisy()])
    with pytest.raises(AssertionError, match="different outputs for the same images with training=False"):
        checks.check_active_only_in_training(noisy, IMAGES, what="the model")


def test_no_randomness_in_training_is_explained():
    plain = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Rescaling(1 / 255)])
    with pytest.raises(AssertionError, match="the same output twice with training=True"):
        checks.check_active_only_in_training(plain, IMAGES)
    with pytest.raises(AssertionError, match="same output twice with training=True"):
        checks.check_active_only_in_training(keras.Sequential([keras.layers.RandomZoom(0.0)]), IMAGES)


def test_augmentation_that_changes_inference_images_is_explained():
    with pytest.raises(AssertionError, match="changed the images with training=False.*no Rescaling"):
        checks.check_active_only_in_training(augmentation(keras.layers.Rescaling(1 / 255)), IMAGES, identity=True,
                                             what="the augmentation model")


def base_and_model():
    base = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(4, 3, name="block1_conv"),
                             keras.layers.Conv2D(4, 3, name="block2_conv")], name="base")
    model = keras.Sequential([keras.Input((16, 16, 3)), base, keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(3, activation="softmax")])
    return base, model


def test_frozen_base_passes_and_trainable_base_is_explained():
    base, _ = base_and_model()
    with pytest.raises(AssertionError, match=r"the base has 4 trainable weight tensors \(.*\): freeze it with "
                                             "`base.trainable = False` before you compile"):
        checks.check_frozen(base, what="the base")
    base.trainable = False
    checks.check_frozen(base)


def test_trainable_layers_for_fine_tuning():
    base, model = base_and_model()
    base.get_layer("block1_conv").trainable = False
    checks.check_trainable_layers(model, trainable=["block2_conv"], frozen=["block1_conv"])
    with pytest.raises(AssertionError, match="layer 'block2_conv' is trainable, but it should stay frozen"):
        checks.check_trainable_layers(model, frozen=["block2_conv"])
    with pytest.raises(AssertionError, match="layer 'block1_conv' is frozen, but fine-tuning should train it"):
        checks.check_trainable_layers(model, trainable=["block1_conv"])
    with pytest.raises(AssertionError, match="no layer named 'block9_conv'; its layers are"):
        checks.check_trainable_layers(model, trainable=["block9_conv"])


def test_learning_rate_check():
    _, model = base_and_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss="sparse_categorical_crossentropy")
    checks.check_learning_rate_at_most(model, 1e-4)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy")
    expected = r"learning rate is 0.001, above the 0.0001 allowed.*Adam\(learning_rate=0.0001\)"
    with pytest.raises(AssertionError, match=expected):
        checks.check_learning_rate_at_most(model, 1e-4)
    _, uncompiled = base_and_model()
    with pytest.raises(AssertionError, match="not compiled"):
        checks.check_learning_rate_at_most(uncompiled, 1e-4)


def test_show_feature_maps_and_image_files(tmp_path):
    from PIL import Image

    fig = plots.show_feature_maps(np.random.rand(1, 6, 6, 5), ncols=4, title="maps")
    assert sum(ax.has_data() for ax in fig.axes) == 5
    with pytest.raises(ValueError, match=r"height, width, channels"):
        plots.show_feature_maps(np.zeros((6, 6)))
    paths = []
    for i, size in enumerate([(10, 20), (30, 15)]):
        paths.append(tmp_path / "cls" / f"{i}.png")
        paths[-1].parent.mkdir(exist_ok=True)
        Image.fromarray(np.full(size[::-1], 100, dtype=np.uint8)).save(paths[-1])
    fig = plots.show_image_files(paths, ncols=2, color_mode="grayscale")
    assert [ax.get_title() for ax in fig.axes] == ["cls 10×20", "cls 30×15"]
    assert fig.axes[0].get_xlim() == (0.0, 30.0)
