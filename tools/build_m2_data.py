"""Build Module 2's image datasets and the course's pretrained base, reproducibly.

- ``faces``: the 200 real 25x25 photos of scikit-image's ``lfw_subset`` (100 faces
  and 100 backgrounds from Labeled Faces in the Wild), written as PNG files in
  one folder per class, each enlarged to its own size between 25 and 50 pixels
  so that the sizes vary as in real-world folders.
- ``textures``: crops of three real CC0 texture photographs bundled with
  scikit-image (brick, grass, gravel), each crop 32 to 64 pixels wide and high
  at full resolution. Training, validation and held-out crops come from three
  separate regions of each photograph, so no two splits share pixels.
- ``patch_cnn``: the weights of the course's small convolutional base
  (``course.pretrained.build_patch_cnn_base``), pre-trained on patches of 11
  public-domain photographs bundled with scikit-image: each patch is labelled
  with the photograph it comes from (a surrogate task, as in Exemplar CNNs).
  Training runs on one CPU thread with TensorFlow's op determinism, so the
  weights file is the same byte for byte on every run.

Every archive is written with fixed timestamps and sorted entries, so the
output depends only on the inputs. Build-only packages come from the
``build-data`` extra (scikit-image, Pillow).

Usage::

    python tools/build_m2_data.py                   # build all three
    python tools/build_m2_data.py faces textures    # build some
    python tools/build_m2_data.py --out DIR         # build into another root (tests)
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_datasets import ROOT, build_main, write_npz  # noqa: E402

SEED = 20212  # fixed so that the data never change


def png_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array, (h, w) or (h, w, 3), as PNG bytes (Pillow, no metadata)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(array)).save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """Write a zip archive whose bytes depend only on ``members`` (name -> content)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])


def resized(array: np.ndarray, width: int, height: int) -> np.ndarray:
    """Resize a uint8 image with Pillow's bicubic filter (integer arithmetic: reproducible)."""
    from PIL import Image

    return np.asarray(Image.fromarray(array).resize((width, height), Image.Resampling.BICUBIC))


# --- faces -----------------------------------------------------------------------------------------

def build_faces(root: Path) -> dict:
    from skimage import data as skdata

    images = skdata.lfw_subset()  # (200, 25, 25) float in 0..1: 100 faces, then 100 backgrounds
    images = np.round(images * 255).astype(np.uint8)
    labels = np.array(["face"] * 100 + ["background"] * 100)
    rng = np.random.default_rng(SEED)
    heldout = np.sort(np.r_[rng.choice(100, 20, replace=False), 100 + rng.choice(100, 20, replace=False)])
    shipped = np.setdiff1d(np.arange(200), heldout)
    sides = rng.integers(25, 51, size=200)
    aspect = rng.uniform(0.85, 1.15, size=200)

    def members(rows, top):
        out = {}
        for i in rows:
            height = int(sides[i])
            width = int(np.clip(round(height * aspect[i]), 24, 50))
            out[f"{top}/{labels[i]}/lfw_{i:03d}.png"] = png_bytes(resized(images[i], width, height))
        return out

    write_zip(root / "course/datasets/faces/faces.zip", members(shipped, "faces"))
    write_zip(root / "heldout/faces/faces_heldout.zip", members(heldout, "faces_heldout"))
    return {"faces.zip": "160 grayscale PNG photos in faces/background/ (80) and faces/face/ (80), "
                         "24 to 50 pixels wide and 25 to 50 high",
            "faces_heldout.zip": "40 more photos in faces_heldout/background/ (20) and faces_heldout/face/ (20)"}


# --- textures --------------------------------------------------------------------------------------

TEXTURES = ("brick", "grass", "gravel")
#: Regions (rows, columns) of each 512x512 photograph that feed each split: disjoint, 6 to 12 pixels apart.
TEXTURE_REGIONS = {"train": ((0, 512), (0, 300)), "validation": ((0, 250), (306, 512)),
                   "heldout": ((262, 512), (306, 512))}
TEXTURE_COUNTS = {"train": 60, "validation": 30, "heldout": 40}
CROP_SIZES = (32, 64)  # smallest and largest height and width of a crop, in pixels


def texture_crops(photo: np.ndarray, count: int, region, rng) -> list[np.ndarray]:
    """Cut ``count`` crops 32 to 64 pixels high and wide from ``region`` = ((top, bottom), (left, right))."""
    (top, bottom), (left, right) = region
    crops = []
    for _ in range(count):
        height = int(rng.integers(CROP_SIZES[0], CROP_SIZES[1] + 1))
        width = int(np.clip(round(height * rng.uniform(0.75, 1.33)), *CROP_SIZES))
        row = int(rng.integers(top, bottom - height + 1))
        column = int(rng.integers(left, right - width + 1))
        crops.append(photo[row:row + height, column:column + width])
    return crops


def build_textures(root: Path) -> dict:
    from skimage import data as skdata

    rng = np.random.default_rng(SEED + 1)
    shipped, heldout = {}, {}
    for texture in TEXTURES:
        photo = getattr(skdata, texture)()  # (512, 512) uint8
        for split, region in TEXTURE_REGIONS.items():
            for k, crop in enumerate(texture_crops(photo, TEXTURE_COUNTS[split], region, rng)):
                if split == "heldout":
                    heldout[f"textures_heldout/{texture}/{texture}_{k:03d}.png"] = png_bytes(crop)
                else:
                    shipped[f"textures/{split}/{texture}/{texture}_{k:03d}.png"] = png_bytes(crop)
    write_zip(root / "course/datasets/textures/textures.zip", shipped)
    write_zip(root / "heldout/textures/textures_heldout.zip", heldout)
    return {"textures.zip": "grayscale PNG crops 32 to 64 pixels wide and high, in textures/train/ (60 per class) "
                            "and textures/validation/ (30 per class), class folders brick/, grass/, gravel/",
            "textures_heldout.zip": "40 crops per class from a third region of each photo, in "
                                    "textures_heldout/{brick,grass,gravel}/"}


# --- patch_cnn -------------------------------------------------------------------------------------

#: The public-domain (or CC0) photographs of scikit-image the base is pre-trained on.
PATCH_PHOTOS = ("astronaut", "camera", "cell", "chelsea", "clock", "coffee", "coins", "hubble_deep_field",
                "retina", "rocket", "text")
PATCHES_PER_PHOTO = {"train": 180, "heldout": 40}
PRETRAIN_EPOCHS = 8


def photo_patches(rng, per_photo: int) -> tuple[np.ndarray, np.ndarray]:
    """Random square patches (24 to 96 pixels, resized to 32x32, half of them mirrored) of every photo."""
    from PIL import Image
    from skimage import data as skdata

    images, labels = [], []
    for label, name in enumerate(PATCH_PHOTOS):
        photo = getattr(skdata, name)()
        if photo.ndim == 2:
            photo = np.repeat(photo[..., None], 3, axis=-1)
        for _ in range(per_photo):
            side = int(rng.integers(24, 97))
            top = int(rng.integers(0, photo.shape[0] - side + 1))
            left = int(rng.integers(0, photo.shape[1] - side + 1))
            patch = Image.fromarray(np.ascontiguousarray(photo[top:top + side, left:left + side, :3]))
            patch = np.asarray(patch.resize((32, 32), Image.Resampling.BILINEAR, reducing_gap=None))
            images.append(patch[:, ::-1] if rng.random() < 0.5 else patch)
            labels.append(label)
    order = rng.permutation(len(labels))
    return np.stack(images)[order].astype(np.uint8), np.array(labels, dtype=np.uint8)[order]


def build_patch_cnn(root: Path) -> dict:
    # Reproducible training: no oneDNN kernels, deterministic ops, one thread, fixed seeds.
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    sys.path.insert(0, str(ROOT))
    from course.pretrained import PATCH_CNN_CONV_LAYERS, build_patch_cnn_base, weight_arrays

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(SEED + 2)
    x_train, y_train = photo_patches(rng, PATCHES_PER_PHOTO["train"])
    x_held, y_held = photo_patches(rng, PATCHES_PER_PHOTO["heldout"])

    keras.utils.set_random_seed(SEED)
    base = build_patch_cnn_base()
    model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(len(PATCH_PHOTOS), activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train.astype("float32"), y_train, epochs=PRETRAIN_EPOCHS, batch_size=32, verbose=0)

    # Scale the last block so that the pooled features have a root mean square of 0.5: ReLU networks
    # allow it without changing what they compute (the softmax layer is scaled back), and a new head
    # trains well on such features with the default learning rate.
    features = keras.Sequential([base, keras.layers.GlobalAveragePooling2D()]).predict(
        x_train.astype("float32"), batch_size=256, verbose=0)
    scale = np.float32(0.5 / np.sqrt(np.mean(np.square(features, dtype=np.float64))))
    last = base.get_layer(PATCH_CNN_CONV_LAYERS[-1])
    kernel, bias = last.get_weights()
    last.set_weights([kernel * scale, bias * scale])
    head = model.layers[-1]
    head_kernel, head_bias = head.get_weights()
    head.set_weights([head_kernel / scale, head_bias])

    accuracy = float(np.mean(model.predict(x_held.astype("float32"), batch_size=256, verbose=0).argmax(-1) == y_held))
    write_npz(root / "course/datasets/patch_cnn/patch_cnn.npz", **weight_arrays(base))
    write_npz(root / "heldout/patch_cnn/patch_cnn_heldout.npz", images=x_held, labels=y_held)
    print(f"patch_cnn: accuracy on the held-out patches {accuracy:.3f}")
    return {"patch_cnn.npz": "float32 weights of the base's three Conv2D layers, keys '<layer>.kernel' and "
                             "'<layer>.bias' (block1_conv, block2_conv, block3_conv); "
                             "load with course.pretrained.patch_cnn_base()",
            "patch_cnn_heldout.npz": f"images ({len(y_held)}, 32, 32, 3) uint8 patches not used in pre-training, "
                                     f"labels ({len(y_held)},) uint8: index of the source photo in "
                                     "tools/build_m2_data.py PATCH_PHOTOS"}


BUILDERS = {"faces": build_faces, "textures": build_textures, "patch_cnn": build_patch_cnn}


def main(argv: list[str] | None = None) -> int:
    return build_main(BUILDERS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
