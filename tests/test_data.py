"""The dataset registry: provenance, hashes, offline loading, rebuilding and the download path."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from course import data

ROOT = Path(__file__).resolve().parents[1]
REQUIRED_FIELDS = ("name", "title", "source", "licence", "citation", "canonical", "built_by", "files", "heldout")


@pytest.mark.parametrize("name", data.names())
def test_registry_entry_is_complete(name):
    entry = data.info(name).entry
    missing = [f for f in REQUIRED_FIELDS if not entry.get(f)]
    assert not missing, f"dataset.yml of {name} lacks {missing}"
    assert entry["name"] == name
    assert entry["files"], f"{name} ships no file"
    for section in ("files", "heldout"):
        for filename, meta in entry[section].items():
            assert len(meta.get("sha256", "")) == 64, f"{name}/{filename} has no SHA-256"
            assert meta.get("description"), f"{name}/{filename} has no description"


@pytest.mark.parametrize("name", data.names())
def test_shipped_and_heldout_files_match_their_hashes(name):
    entry = data.info(name)
    for filename in entry.files:
        assert data.path(name, filename).is_file()
    for filename in entry.heldout:
        assert data.heldout_path(name, filename).is_file()


def test_the_registry_lists_every_file_in_the_datasets_folder():
    for folder in sorted(data.DATASETS_DIR.iterdir()):
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            listed = set(data.info(folder.name).files) | {"dataset.yml"}
            present = {p.name for p in folder.iterdir()}
            assert present == listed, f"{folder}: unlisted or missing files {present ^ listed}"


def test_digits_load_offline_with_the_documented_shapes():
    digits = data.load("digits")
    assert digits["images"].shape == (1500, 8, 8) and digits["images"].dtype == np.uint8
    assert digits["labels"].shape == (1500,)
    assert digits["images"].max() == 16 and set(np.unique(digits["labels"])) == set(range(10))
    again = data.load("digits")
    np.testing.assert_array_equal(digits["images"], again["images"])


def test_csv_and_json_datasets_load():
    frame = data.load("breast_cancer")
    assert frame.shape == (469, 31) and set(frame["diagnosis"]) == {"malignant", "benign"}
    records = data.load("iris")
    assert len(records) == 120 and set(records[0]) == {
        "sepal_length", "sepal_width", "petal_length", "petal_width", "species"}


def test_heldout_rows_are_not_in_the_shipped_data():
    shipped = data.load("digits")["images"].reshape(1500, -1)
    heldout = data.load_heldout("digits")["images"].reshape(-1, 64)
    shipped_rows = {row.tobytes() for row in shipped}
    overlap = sum(row.tobytes() in shipped_rows for row in heldout)
    assert overlap <= 3, f"{overlap} held-out digits also appear in the shipped file"  # a few real duplicates


def test_unknown_dataset_and_file_give_clear_errors():
    with pytest.raises(data.DatasetError, match="unknown dataset 'mnist'.*digits"):
        data.info("mnist")
    with pytest.raises(data.DatasetError, match="no file 'x.csv'"):
        data.path("digits", "x.csv")


def test_a_changed_file_is_detected(tmp_path, monkeypatch):
    copy = tmp_path / "datasets"
    shutil.copytree(data.DATASETS_DIR, copy)
    (copy / "iris" / "iris.json").write_text("[]\n")
    monkeypatch.setattr(data, "DATASETS_DIR", copy)
    with pytest.raises(data.DatasetError, match="corrupted or was changed"):
        data.load("iris")


def test_missing_heldout_data_says_it_is_for_instructors(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_HELDOUT_DIR", str(tmp_path))
    with pytest.raises(data.DatasetError, match="only available in the instructor's copy"):
        data.load_heldout("digits")


@pytest.mark.parametrize("name", data.names())
def test_build_script_reproduces_every_file(name, tmp_path):
    """Each dataset's `built_by` command, run into an empty folder, recreates its files byte for byte."""
    pytest.importorskip("sklearn", reason="the build-data extra is not installed")
    script, *arguments = data.info(name).entry["built_by"].split()
    result = subprocess.run([sys.executable, str(ROOT / script), *arguments, "--out", str(tmp_path)],
                            capture_output=True, text=True)
    if result.returncode == 75:  # EX_TEMPFAIL: the source (e.g. a Debian package) cannot be obtained here
        pytest.skip(f"{name}: {result.stderr.strip()}")
    assert result.returncode == 0, f"{script} failed:\n{result.stderr[-2000:]}"
    entry = data.info(name)
    trained = entry.entry.get("trained_files", {})
    folders = {"files": tmp_path / "course" / "datasets" / name, "heldout": tmp_path / "heldout" / name}
    for section, folder in folders.items():
        for filename, meta in getattr(entry, section).items():
            built = folder / filename
            if hashlib.sha256(built.read_bytes()).hexdigest() == meta["sha256"]:
                continue
            assert filename in trained, f"{name}/{filename} differs"
            shipped = data.load(name, filename) if section == "files" else data.load_heldout(name, filename)
            with np.load(built) as archive:
                rebuilt = {key: archive[key] for key in archive.files}
            assert_close_weights(rebuilt, shipped, trained[filename]["max_relative_difference"], f"{name}/{filename}")


def assert_close_weights(built: dict, shipped: dict, tolerance: float, what: str) -> None:
    """Trained weights: the same arrays, each within ``tolerance`` relative L2 distance of the shipped one.

    Training arithmetic differs in the last bits between CPU models (vector instructions, fused
    multiply-add), so byte equality only holds on the CPU model that built the file. Unrelated weights
    of the same size lie about sqrt(2) apart; rounding differences stay far closer.
    """
    assert sorted(built) == sorted(shipped), f"{what}: different arrays"
    for key in shipped:
        a, b = built[key], shipped[key]
        assert a.shape == b.shape and a.dtype == b.dtype, f"{what}[{key}]: {a.shape} {a.dtype} != {b.shape} {b.dtype}"
        distance = float(np.linalg.norm(a - b) / np.linalg.norm(b))
        assert distance < tolerance, f"{what}[{key}] is {distance:.3f} from the shipped weights (limit {tolerance})"


@pytest.fixture
def fake_uci(tmp_path):
    """A local HTTP server that serves a fake copy of the UCI digits archive."""
    url_path = data.info("digits").canonical["url"].split("://", 1)[1].split("/", 1)[1]
    served = tmp_path / "www" / url_path
    served.parent.mkdir(parents=True)
    served.write_bytes(b"fake archive " * 1000)
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", served.read_bytes()
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_fetch_downloads_the_canonical_file_from_a_mirror(fake_uci, cache_dir, monkeypatch):
    mirror, content = fake_uci
    monkeypatch.setenv("COURSE_MIRROR", mirror)
    target = data.fetch("digits", progress=False)
    assert target.read_bytes() == content
    assert target.is_relative_to(cache_dir)
    assert list(target.parent.glob("*.part")) == []
    assert data.fetch("digits", progress=False) == target  # cached


def test_fetch_offline_explains_and_leaves_nothing_behind(cache_dir, monkeypatch):
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("COURSE_MIRROR", f"http://127.0.0.1:{port}")
    with pytest.raises(data.DatasetError, match="offline.*course.data.load\\('digits'\\)"):
        data.fetch("digits", progress=False, timeout=5)
    assert not any(cache_dir.rglob("*.part"))


def test_fetch_is_refused_while_nbgrader_runs(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(data.DatasetError, match="disabled while nbgrader"):
        data.fetch("digits")


def test_course_digits_loads_through_tfds_offline(tmp_path):
    tfds = pytest.importorskip("tensorflow_datasets")
    import course.tfds_builders  # noqa: F401  (registers the builder)

    ds = tfds.load("course_digits", split="validation", as_supervised=True, data_dir=str(tmp_path))
    images, labels = zip(*[(i.numpy(), int(label.numpy())) for i, label in ds])
    assert len(images) == 300 and images[0].shape == (8, 8)
    shipped = data.load("digits")
    np.testing.assert_array_equal(np.sort(shipped["labels"][1200:]), np.sort(labels))


def test_canonical_tfds_path_works_against_mock_data():
    tfds = pytest.importorskip("tensorflow_datasets")
    with tfds.testing.mock_data(num_examples=5):
        ds = data.load_canonical_tfds("iris", split="train", as_supervised=True)
        assert len(list(ds)) == 5
    with pytest.raises(data.DatasetError, match="no TensorFlow Datasets version"):
        data.load_canonical_tfds("digits")
