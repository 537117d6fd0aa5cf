"""Pretrained convolutional bases for transfer learning, offline first.

- :func:`patch_cnn_base` is the course's own small base: three convolution
  blocks pre-trained by the course on patches of 11 public-domain photographs
  (see ``course.data.info("patch_cnn")``). Its architecture is written below;
  its weights ship as ``course/datasets/patch_cnn/patch_cnn.npz``, rebuilt
  by ``tools/build_m2_data.py patch_cnn`` (byte for byte on the same CPU
  model, within rounding on others). No download.
- :func:`imagenet_base` is the canonical route of the exam and of most
  tutorials: MobileNetV2 with ImageNet weights from ``keras.applications``.
  It downloads about 9 MB once; offline, it says so and returns ``None``, and
  you carry on with :func:`patch_cnn_base`.

Introduced in m2_image_classification/05_transfer_learning.
"""

from __future__ import annotations

import os

from . import data

#: Input shape of the course's base: 32x32 RGB images with pixel values 0..255.
PATCH_CNN_INPUT_SHAPE = (32, 32, 3)
#: Names of the base's convolution layers, first to last.
PATCH_CNN_CONV_LAYERS = ("block1_conv", "block2_conv", "block3_conv")


def build_patch_cnn_base():
    """Return the architecture of the course's base, with fresh (random) weights.

    ``Rescaling(1/255)`` comes first, so the base takes pixel values 0..255.
    The output is a feature map of shape ``(None, 4, 4, 64)``, like
    ``keras.applications`` bases built with ``include_top=False``.

    Example:
        >>> build_patch_cnn_base().output_shape
        (None, 4, 4, 64)
    """
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=PATCH_CNN_INPUT_SHAPE),
        layers.Rescaling(1.0 / 255, name="rescaling"),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="block1_conv"),
        layers.MaxPooling2D(name="block1_pool"),
        layers.Conv2D(32, 3, padding="same", activation="relu", name="block2_conv"),
        layers.MaxPooling2D(name="block2_pool"),
        layers.Conv2D(64, 3, padding="same", activation="relu", name="block3_conv"),
        layers.MaxPooling2D(name="block3_pool"),
    ], name="patch_cnn")


def weight_arrays(base) -> dict:
    """Return the base's weights as ``{"<layer>.kernel": array, "<layer>.bias": array}``."""
    arrays = {}
    for name in PATCH_CNN_CONV_LAYERS:
        kernel, bias = base.get_layer(name).get_weights()
        arrays[f"{name}.kernel"], arrays[f"{name}.bias"] = kernel, bias
    return arrays


def patch_cnn_base(weights: bool = True):
    """Return the course's pretrained convolutional base (no download).

    It is trainable when returned, like the bases of ``keras.applications``:
    set ``base.trainable = False`` to freeze it.

    Args:
        weights: load the pretrained weights (``True``) or keep random ones.

    Returns:
        A ``keras.Sequential`` named ``"patch_cnn"``: input ``(None, 32, 32, 3)``,
        pixel values 0..255; output ``(None, 4, 4, 64)``.

    Example:
        >>> base = patch_cnn_base()
        >>> base.input_shape, base.output_shape
        ((None, 32, 32, 3), (None, 4, 4, 64))
    """
    base = build_patch_cnn_base()
    if weights:
        arrays = data.load("patch_cnn")
        for name in PATCH_CNN_CONV_LAYERS:
            base.get_layer(name).set_weights([arrays[f"{name}.kernel"], arrays[f"{name}.bias"]])
    return base


def imagenet_base(input_shape=(96, 96, 3)):
    """Return MobileNetV2 with ImageNet weights and no top, or ``None`` when they cannot be had.

    The weights (about 9 MB) are downloaded once into ``~/.keras/models``.
    When that fails (offline, or while nbgrader grades, where downloads are
    not allowed), the function prints why and what to do, and returns
    ``None``: use :func:`patch_cnn_base` instead.

    Feed it images preprocessed with
    ``keras.applications.mobilenet_v2.preprocess_input`` (pixels scaled to -1..1).

    Args:
        input_shape: ``(height, width, 3)``; 96, 128, 160, 192 or 224 pixels square.

    Returns:
        A ``keras.Model`` with output ``(None, height/32, width/32, 1280)``, or ``None``.
    """
    fallback = "The course's own base needs no download: base = pretrained.patch_cnn_base()."
    if os.environ.get("NBGRADER_EXECUTION"):
        print("Downloads are disabled while nbgrader runs a notebook, so the ImageNet weights of MobileNetV2 "
              f"are not fetched. {fallback}")
        return None
    import keras

    try:
        return keras.applications.MobileNetV2(input_shape=tuple(input_shape), include_top=False,
                                              weights="imagenet")
    except Exception as error:  # keras raises a bare Exception when the download fails
        reason = " ".join(str(error).split())[:300]
        print(f"Could not get the ImageNet weights of MobileNetV2 ({reason}). You seem to be offline. "
              f"{fallback} Try again when you are online.")
        return None
