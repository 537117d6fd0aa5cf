"""Build the small real datasets the course ships, reproducibly.

Each builder writes the learner's files to ``course/datasets/<name>/`` and the
instructor-only held-out split to ``heldout/<name>/``, then records the SHA-256
of every file in ``course/datasets/<name>/dataset.yml``. Running it twice gives
byte-identical files.

Build-only packages (not needed to take the course) come from the
``build-data`` extra: ``pip install -e .[build-data]``.

Usage::

    python tools/build_datasets.py            # build every dataset
    python tools/build_datasets.py digits     # build one
    python tools/build_datasets.py --out DIR  # build into another root (tests)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = 20211  # fixed so that the split never changes

UCI_LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


def write_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write an .npz file whose bytes depend only on the arrays (no timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_json(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_indices(labels: np.ndarray, n_heldout: int) -> tuple[np.ndarray, np.ndarray]:
    """Stratified split: returns (shipped, heldout) index arrays, both sorted."""
    rng = np.random.default_rng(SEED)
    classes, counts = np.unique(labels, return_counts=True)
    quota = np.floor(counts / counts.sum() * n_heldout).astype(int)
    quota[: n_heldout - quota.sum()] += 1
    heldout = []
    for cls, k in zip(classes, quota):
        members = np.flatnonzero(labels == cls)
        heldout.extend(rng.choice(members, size=k, replace=False))
    heldout = np.sort(np.array(heldout))
    shipped = np.setdiff1d(np.arange(len(labels)), heldout)
    return rng.permutation(shipped), rng.permutation(heldout)


def build_digits(root: Path) -> dict:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = bunch.images.astype(np.uint8)  # values 0..16
    labels = bunch.target.astype(np.uint8)
    shipped, heldout = split_indices(labels, 297)
    write_npz(root / "course/datasets/digits/digits.npz", images=images[shipped], labels=labels[shipped])
    write_npz(root / "heldout/digits/digits_heldout.npz", images=images[heldout], labels=labels[heldout])
    return {"digits.npz": f"images {images[shipped].shape} uint8 in 0..16, labels ({len(shipped)},) uint8 in 0..9",
            "digits_heldout.npz": f"images {images[heldout].shape}, labels ({len(heldout)},)"}


def build_breast_cancer(root: Path) -> dict:
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    header = [name.replace(" ", "_") for name in bunch.feature_names] + ["diagnosis"]
    names = np.array(["malignant", "benign"])

    def rows(index):
        return [[repr(float(v)) for v in bunch.data[i]] + [names[bunch.target[i]]] for i in index]

    shipped, heldout = split_indices(bunch.target, 100)
    write_csv(root / "course/datasets/breast_cancer/breast_cancer.csv", header, rows(shipped))
    write_csv(root / "heldout/breast_cancer/breast_cancer_heldout.csv", header, rows(heldout))
    return {"breast_cancer.csv": f"{len(shipped)} rows, 30 numeric features and a 'diagnosis' column",
            "breast_cancer_heldout.csv": f"{len(heldout)} rows, same columns"}


def build_iris(root: Path) -> dict:
    from sklearn.datasets import load_iris

    bunch = load_iris()
    keys = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

    def records(index):
        return [dict(zip(keys, map(float, bunch.data[i])), species=str(bunch.target_names[bunch.target[i]]))
                for i in index]

    shipped, heldout = split_indices(bunch.target, 30)
    write_json(root / "course/datasets/iris/iris.json", records(shipped))
    write_json(root / "heldout/iris/iris_heldout.json", records(heldout))
    return {"iris.json": f"a JSON list of {len(shipped)} records: four measurements in cm and 'species'",
            "iris_heldout.json": f"{len(heldout)} records, same fields"}


BUILDERS = {"digits": build_digits, "breast_cancer": build_breast_cancer, "iris": build_iris}


def record_hashes(root: Path, name: str, descriptions: dict) -> None:
    """Write the SHA-256 and description of each built file into dataset.yml."""
    entry_path = ROOT / "course/datasets" / name / "dataset.yml"
    entry = yaml.safe_load(entry_path.read_text(encoding="utf-8"))
    for section, folder in (("files", root / "course/datasets" / name), ("heldout", root / "heldout" / name)):
        entry[section] = {
            filename: {"sha256": sha256(folder / filename), "description": descriptions[filename]}
            for filename in sorted(entry.get(section) or {})
        }
    out = root / "course/datasets" / name / "dataset.yml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def build_main(builders: dict, description: str, argv: list[str] | None = None) -> int:
    """The command line of every build script: build the named datasets (default: all) into ``--out``.

    Args:
        builders: ``{name: function(root) -> {filename: description}}``.
        description: the script's one-line summary, for ``--help``.
        argv: the arguments (default: ``sys.argv[1:]``).
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("names", nargs="*", help=f"datasets to build (default: all of {', '.join(sorted(builders))})")
    parser.add_argument("--out", type=Path, default=ROOT, help="root folder to write into")
    args = parser.parse_args(argv)
    names = args.names or sorted(builders)
    unknown = sorted(set(names) - set(builders))
    if unknown:
        parser.error(f"unknown dataset(s) {unknown}; known: {sorted(builders)}")
    for name in names:
        descriptions = builders[name](args.out)
        record_hashes(args.out, name, descriptions)
        print(f"built {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return build_main(BUILDERS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
