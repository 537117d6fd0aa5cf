"""Image-model checks (m2_image_classification): augmentation layers.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet
from .models import _all_layers, check_model


def augmentation_layers(model) -> list:
    """Return the random augmentation layers of a model, at every depth.

    They are the Keras preprocessing layers whose class name starts with
    ``Random`` (``RandomFlip``, ``RandomRotation``, ``RandomZoom``,
    ``RandomContrast``, ``RandomTranslation``, ...): layers that change the
    images during training only.

    Introduced in m2_image_classification/04_augmentation.
    """
    return [layer for layer in _all_layers(model) if type(layer).__name__.startswith("Random")]


def check_augmentation_layers(model, at_least: int = 1) -> None:
    """Check that a model has at least ``at_least`` random augmentation layers (see :func:`augmentation_layers`).

    Example:
        >>> check_augmentation_layers(keras.Sequential([keras.Input((8, 8, 3)), keras.layers.RandomFlip()]))

    Introduced in m2_image_classification/04_augmentation.
    """
    check_model(model)
    found = augmentation_layers(model)
    assert len(found) >= at_least, (
        f"expected at least {at_least} random augmentation layer{'s' if at_least > 1 else ''}, found {len(found)}"
        + (f" ({', '.join(type(layer).__name__ for layer in found)})" if found else "")
        + ": add layers such as keras.layers.RandomFlip(\"horizontal\"), RandomRotation(0.1) or RandomZoom(0.2)")


def check_active_only_in_training(model, x, identity: bool = False, what: str = "the model") -> None:
    """Check that a model's random layers act in training only.

    ``model(x, training=False)`` must give the same output twice (random layers
    off at inference), and ``model(x, training=True)`` must give two different
    outputs (augmentation or dropout on while training).

    Args:
        model: a Keras model (or layer) containing random layers.
        x: a batch of inputs, e.g. a few images.
        identity: also require that the inference output equals ``x`` (for a
            model made of augmentation layers only).
        what: how to name the model in messages.

    Introduced in m2_image_classification/04_augmentation.
    """
    import keras

    x = np.asarray(x, dtype="float32")
    with quiet():
        first = keras.ops.convert_to_numpy(model(x, training=False))
        second = keras.ops.convert_to_numpy(model(x, training=False))
        noisy = keras.ops.convert_to_numpy(model(x, training=True))
        noisier = keras.ops.convert_to_numpy(model(x, training=True))
    assert np.allclose(first, second, atol=1e-6), (
        f"{what} gave different outputs for the same images with training=False: random changes must happen "
        "in training only; use Keras' Random* layers inside the model (they switch themselves off at inference) "
        "rather than random tf.image functions")
    if identity:
        assert first.shape == x.shape and np.allclose(first, x, atol=1e-4), (
            f"{what} changed the images with training=False: augmentation must leave them as they are at "
            "inference; use only Random* layers (no Rescaling or Resizing) in it")
    assert not np.allclose(noisy, noisier, atol=1e-6), (
        f"{what} gave the same output twice with training=True: its random layers change nothing while "
        "training; check that they are inside the model and that their factors are not 0")


def check_resizing(model, size) -> None:
    """Check that a model resizes its images itself: it holds a ``Resizing`` layer to ``size`` = (height, width).

    A model that resizes inside takes image files at their own size, so the saved file works on
    new images without the notebook's loading code. The layer may sit at any depth (in a
    preprocessing ``Sequential``, for instance).

    Example:
        >>> check_resizing(keras.Sequential([keras.Input((200, 200, 3)), keras.layers.Resizing(150, 150)]), (150, 150))

    Introduced in m2_image_classification/06_exam_practice.
    """
    check_model(model)
    height, width = (int(side) for side in size)
    found = [(int(layer.height), int(layer.width)) for layer in _all_layers(model)
             if type(layer).__name__ == "Resizing"]
    assert found, (
        f"the model has no Resizing layer: put keras.layers.Resizing({height}, {width}) right after its Input, "
        "so that it takes the images at their own size and resizes them itself")
    assert (height, width) in found, (
        f"the model resizes to {' and '.join(f'{h}x{w}' for h, w in found)}, expected {height}x{width}: "
        f"use keras.layers.Resizing({height}, {width}) (height first, then width)")
