"""The course's datasets: a registry of small real data files shipped with the course.

Every dataset has a folder ``course/datasets/<name>/`` holding its files and a
``dataset.yml`` entry with provenance, licence, the SHA-256 of each file and the
canonical online source. Loading is offline and checks the hash; nothing here
downloads unless you call :func:`fetch` (or ``python -m course fetch NAME``).

The held-out split that hidden tests grade against lives outside the package, in
``heldout/<name>/`` at the course root, and is never part of the student copy.

Introduced in m1_foundations/02_classification.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PACKAGE_DIR = Path(__file__).resolve().parent
DATASETS_DIR = PACKAGE_DIR / "datasets"


class DatasetError(RuntimeError):
    """A dataset is unknown, missing, corrupted or cannot be fetched."""


@dataclass(frozen=True)
class DatasetInfo:
    """One registry entry, read from ``course/datasets/<name>/dataset.yml``."""

    name: str
    title: str
    source: str
    licence: str
    citation: str
    files: dict = field(repr=False)
    heldout: dict = field(repr=False)
    canonical: dict = field(default_factory=dict)
    used_in: tuple = ()
    entry: dict = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> Path:
        return DATASETS_DIR / self.name


def names() -> list[str]:
    """Return the names of all registered datasets, sorted.

    Returns:
        A list such as ``['breast_cancer', 'digits', 'iris']``.
    """
    return sorted(p.parent.name for p in DATASETS_DIR.glob("*/dataset.yml"))


def info(name: str) -> DatasetInfo:
    """Return the registry entry of dataset ``name``.

    Args:
        name: a registered dataset name, see :func:`names`.

    Returns:
        A :class:`DatasetInfo` with provenance, licence and file hashes.
    """
    import yaml

    entry_path = DATASETS_DIR / name / "dataset.yml"
    if not entry_path.is_file():
        raise DatasetError(f"unknown dataset {name!r}; the course ships: {', '.join(names())}")
    entry = yaml.safe_load(entry_path.read_text(encoding="utf-8"))
    return DatasetInfo(
        name=entry["name"],
        title=entry["title"],
        source=" ".join(entry["source"].split()),
        licence=entry["licence"],
        citation=" ".join(entry["citation"].split()),
        files=entry.get("files") or {},
        heldout=entry.get("heldout") or {},
        canonical=entry.get("canonical") or {},
        used_in=tuple(entry.get("used_in") or ()),
        entry=entry,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str, what: str) -> Path:
    if not path.is_file():
        raise DatasetError(f"{what} is missing: {path}. Restore it with `git checkout -- {path.name}` "
                           "or rebuild it with `python tools/build_datasets.py`.")
    actual = _sha256(path)
    if actual != expected:
        raise DatasetError(f"{what} is corrupted or was changed: {path} has SHA-256 {actual[:12]}…, "
                           f"the registry expects {expected[:12]}…. Restore the original file.")
    return path


def path(name: str, filename: str | None = None) -> Path:
    """Return the local path of a shipped data file, after checking its hash.

    Args:
        name: a registered dataset name.
        filename: one of the dataset's files; may be omitted when it has only one.

    Returns:
        A :class:`pathlib.Path` to the file inside the installed course.

    Example:
        >>> import pandas as pd
        >>> pd.read_csv(path("breast_cancer")).shape
        (469, 31)
    """
    entry = info(name)
    if filename is None:
        # a licence or copyright notice shipped beside the data (e.g. LICENSE.txt) is not a candidate
        readable = [f for f in entry.files if Path(f).suffix in (".npz", ".json", ".csv")]
        if len(readable) != 1:
            raise DatasetError(f"dataset {name!r} has several files, name one of: {', '.join(entry.files)}")
        filename = readable[0]
    if filename not in entry.files:
        raise DatasetError(f"dataset {name!r} has no file {filename!r}; it has: {', '.join(entry.files)}")
    return _verified(entry.folder / filename, entry.files[filename]["sha256"], f"data file {filename!r}")


def heldout_dir() -> Path:
    """Return the folder that holds the instructor-only held-out splits.

    It is the ``COURSE_HELDOUT_DIR`` environment variable if set, otherwise
    ``heldout/`` in the course directory that the current folder belongs to
    (see :mod:`course.coursedir`): a notebook that nbgrader grades in
    ``autograded/<student>/<module>/`` finds its own course's held-out data.
    """
    from . import coursedir

    if os.environ.get("COURSE_HELDOUT_DIR"):
        return Path(os.environ["COURSE_HELDOUT_DIR"])
    try:
        return coursedir.find() / "heldout"
    except coursedir.CourseDirError:
        raise DatasetError("held-out data is used by hidden tests only and is only available in the "
                           "instructor's copy of the course; this folder is not inside one") from None


def heldout_path(name: str, filename: str | None = None) -> Path:
    """Return the path of a held-out grading file, after checking its hash.

    Held-out files are available to instructors only: learners' copies of the
    course do not include them, and only hidden tests use them.
    """
    entry = info(name)
    if filename is None:
        if len(entry.heldout) != 1:
            raise DatasetError(f"dataset {name!r} has {len(entry.heldout)} held-out files; name one")
        filename = next(iter(entry.heldout))
    if filename not in entry.heldout:
        raise DatasetError(f"dataset {name!r} has no held-out file {filename!r}")
    file = heldout_dir() / name / filename
    if not file.is_file():
        raise DatasetError(f"held-out data {filename!r} is not here ({file}). It is used by hidden tests "
                           "and is only available in the instructor's copy of the course.")
    return _verified(file, entry.heldout[filename]["sha256"], f"held-out file {filename!r}")


def _read(file: Path):
    if file.suffix == ".npz":
        with np.load(file, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    if file.suffix == ".json":
        return json.loads(file.read_text(encoding="utf-8"))
    if file.suffix == ".csv":
        import pandas as pd

        return pd.read_csv(file)
    raise DatasetError(f"no reader for {file.suffix} files; open {file} yourself")


def load(name: str, filename: str | None = None):
    """Load a shipped data file into memory, offline.

    ``.npz`` files give a dict of NumPy arrays, ``.csv`` files a pandas
    DataFrame and ``.json`` files the parsed JSON. Loading the same name twice
    gives equal data.

    Args:
        name: a registered dataset name.
        filename: which file, when the dataset has several.

    Returns:
        The file's contents.

    Example:
        >>> digits = load("digits")
        >>> digits["images"].shape, digits["labels"].shape
        ((1500, 8, 8), (1500,))
    """
    return _read(path(name, filename))


def load_heldout(name: str, filename: str | None = None):
    """Load a held-out grading file like :func:`load` does (instructors only)."""
    return _read(heldout_path(name, filename))


def cache_dir() -> Path:
    """Folder for canonical downloads: ``$COURSE_CACHE_DIR`` or ``~/.cache/tf-course``."""
    return Path(os.environ.get("COURSE_CACHE_DIR", Path.home() / ".cache" / "tf-course"))


def canonical_url(name: str) -> str:
    """Return the canonical download address of a dataset.

    ``$COURSE_MIRROR`` (for example ``http://127.0.0.1:8000``), if set, replaces
    the scheme and host, so that a local mirror or a test server can stand in.
    """
    url = info(name).canonical.get("url")
    if not url:
        raise DatasetError(f"dataset {name!r} has no canonical download address")
    mirror = os.environ.get("COURSE_MIRROR")
    if mirror:
        url = mirror.rstrip("/") + "/" + url.split("://", 1)[1].split("/", 1)[1]
    return url


def fetch(name: str, *, timeout: float = 30.0, force: bool = False, progress: bool = True) -> Path:
    """Download the canonical, full version of a dataset (needs the internet).

    The course never needs this: it ships the data it uses. It is here for
    learners who are online and want the original. The file is saved in
    :func:`cache_dir` and reused on later calls unless ``force`` is true.

    Args:
        name: a registered dataset name with a canonical URL.
        timeout: seconds to wait for the server.
        force: download again even if a copy is cached.
        progress: show a progress bar.

    Returns:
        The path of the downloaded file.

    Raises:
        DatasetError: with advice, if the network is unavailable or the
            download fails; a partial download never replaces a good file.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        raise DatasetError("fetch() is disabled while nbgrader runs a notebook: graded work must use "
                           "the shipped data, e.g. course.data.load(...)")
    url = canonical_url(name)
    target = cache_dir() / name / url.rsplit("/", 1)[-1]
    if target.is_file() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, part_name = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    part = Path(part_name)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, part.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            _copy_with_progress(response, out, total, f"{name}: {target.name}", progress)
    except (urllib.error.URLError, OSError) as error:
        part.unlink(missing_ok=True)
        raise DatasetError(
            f"could not download {name!r} from {url}: {getattr(error, 'reason', error)}. "
            "You seem to be offline, or the server is down. The course does not need this file: "
            f"course.data.load({name!r}) gives the shipped copy. Try again when you are online."
        ) from error
    part.replace(target)
    return target


def _copy_with_progress(source, destination, total, label, progress):
    from tqdm.auto import tqdm

    with tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=not progress) as bar:
        for block in iter(lambda: source.read(1 << 16), b""):
            destination.write(block)
            bar.update(len(block))


def load_canonical_tfds(name: str, split: str = "train", **kwargs):
    """Load the canonical TensorFlow Datasets version of ``name`` (needs the internet once).

    Args:
        name: a registered dataset name whose entry has a ``canonical.tfds`` name.
        split: the TFDS split to load.
        **kwargs: passed to ``tfds.load`` (``as_supervised=True``, ``data_dir=...``).

    Returns:
        A ``tf.data.Dataset``.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        raise DatasetError("downloads are disabled while nbgrader runs a notebook; use the shipped data")
    tfds_name = info(name).canonical.get("tfds")
    if not tfds_name:
        raise DatasetError(f"dataset {name!r} has no TensorFlow Datasets version")
    import tensorflow_datasets as tfds

    try:
        return tfds.load(tfds_name, split=split, **kwargs)
    except Exception as error:  # tfds raises many kinds of network errors
        raise DatasetError(f"could not load {tfds_name!r} from TensorFlow Datasets ({error}). If you are "
                           f"offline, use the shipped copy: course.data.load({name!r}).") from error
