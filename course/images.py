"""Image folders: unpack the course's image datasets and read folders of images into arrays.

The image datasets ship as zip archives, like the horses-or-humans and
rock-paper-scissors archives of the exam: one folder per class, images of
different sizes. :func:`folder` unpacks an archive (once, after checking its
hash) and returns the folder, ready for ``keras.utils.image_dataset_from_directory``
or ``ImageDataGenerator().flow_from_directory``::

    faces_dir = images.folder("faces")          # .../faces/{background,face}/*.png
    textures_dir = images.folder("textures")    # .../textures/{train,validation}/{brick,grass,gravel}/*.png

Nothing here downloads; TensorFlow is imported only by the functions that need it.

Introduced in m2_image_classification/01_image_folders.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from . import data

#: File name endings the Keras directory loaders read.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def _unpack(archive: Path, label: str) -> Path:
    """Unpack ``archive`` into the course cache, once per archive content; return the top folder."""
    digest = data._sha256(archive)[:12]
    target = data.cache_dir() / "images" / f"{label}-{digest}"
    if not (target / ".complete").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{label}-"))
        try:
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(staging)
            (staging / ".complete").write_text(archive.name + "\n", encoding="utf-8")
            if target.exists():  # an interrupted earlier unpacking
                shutil.rmtree(target, ignore_errors=True)
            try:
                os.replace(staging, target)
            except OSError:  # another process unpacked it at the same moment
                if not (target / ".complete").is_file():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    tops = [p for p in target.iterdir() if p.is_dir()]
    if len(tops) != 1:
        raise data.DatasetError(f"{archive.name} should hold exactly one top folder, found {len(tops)}")
    return tops[0]


def folder(name: str) -> Path:
    """Unpack a shipped image dataset (once) and return its folder.

    The archive's hash is checked first; the folder lives in the course cache
    (``course.data.cache_dir()``), so your working folder stays clean.

    Args:
        name: a registered image dataset, ``"faces"`` or ``"textures"``.

    Returns:
        The :class:`pathlib.Path` of the dataset's top folder.

    Example:
        >>> sorted(p.name for p in folder("faces").iterdir())
        ['background', 'face']
    """
    return _unpack(data.path(name, f"{name}.zip"), name)


def heldout_folder(name: str) -> Path:
    """Unpack the held-out images of ``name`` (instructors only) and return their folder."""
    return _unpack(data.heldout_path(name, f"{name}_heldout.zip"), f"{name}_heldout")


def image_files(directory) -> list[Path]:
    """Return every image file under ``directory`` (all depths), sorted by path.

    Example:
        >>> len(image_files(folder("faces")))
        160
    """
    return sorted(p for p in Path(directory).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def describe(directory) -> str:
    """Describe a folder of class folders: images per class and the range of their sizes.

    Args:
        directory: a folder whose sub-folders hold images, one sub-folder per class.

    Returns:
        A few lines of text, one per class folder, e.g.
        ``face/  80 images, widths 24 to 50, heights 25 to 50 pixels``, or
        ``flags/  162 images, all 200 × 200 pixels`` when they share one size.
    """
    from PIL import Image

    directory = Path(directory)
    lines = [f"{directory.name}/"]
    for sub in sorted(p for p in directory.iterdir() if p.is_dir()):
        files = image_files(sub)
        if not files:
            lines.append(f"  {sub.name}/ (no images)")
            continue
        sizes = []
        for file in files:
            with Image.open(file) as image:
                sizes.append(image.size)
        widths, heights = zip(*sizes)
        name = f"  {sub.name + '/':<17} {len(files):>4} images"
        if len(set(sizes)) == 1:
            lines.append(f"{name}, all {widths[0]} × {heights[0]} pixels")
        else:
            lines.append(f"{name}, widths {min(widths)} to {max(widths)}, "
                         f"heights {min(heights)} to {max(heights)} pixels")
    return "\n".join(lines)


def load_arrays(directory, image_size=(32, 32), color_mode: str = "rgb"):
    """Read a folder of class folders into NumPy arrays, exactly as the Keras loader does.

    Uses ``keras.utils.image_dataset_from_directory`` without shuffling, so the
    images are resized the same way (bilinear) and ordered by class, then by
    file name; pixel values stay in 0..255.

    Args:
        directory: a folder with one sub-folder per class.
        image_size: ``(height, width)`` every image is resized to.
        color_mode: ``"rgb"`` (3 channels) or ``"grayscale"`` (1 channel).

    Returns:
        ``(images, labels, class_names)``: float32 images of shape
        ``(n, height, width, channels)``, int labels of shape ``(n,)`` and the
        list of class names (the sorted sub-folder names).
    """
    import keras

    from .checks import quiet

    with quiet():
        dataset = keras.utils.image_dataset_from_directory(
            str(directory), image_size=tuple(image_size), color_mode=color_mode, batch_size=None,
            shuffle=False, verbose=False)
        pairs = [(np.asarray(x), int(y)) for x, y in dataset.as_numpy_iterator()]
    images = np.stack([x for x, _ in pairs]).astype("float32")
    labels = np.array([y for _, y in pairs], dtype="int32")
    return images, labels, list(dataset.class_names)


def read_image(path, color_mode: str = "rgb") -> np.ndarray:
    """Read one image file at its own size as a float32 array of shape ``(height, width, channels)``, 0..255."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("L" if color_mode == "grayscale" else "RGB")
        array = np.asarray(image, dtype="float32")
    return array[..., None] if array.ndim == 2 else array
