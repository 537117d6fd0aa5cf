"""Module 3's text datasets: shapes, balance, classroom filter, held-out separation and the online path."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import threading
from pathlib import Path

import pytest

from course import data

ROOT = Path(__file__).resolve().parents[1]
TEXT_SETS = ("tech_quotes", "definitions", "songs_poems")


def build_module():
    spec = importlib.util.spec_from_file_location("build_m3_nlp_data", ROOT / "tools" / "build_m3_nlp_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tech_quotes_are_balanced_binary_records():
    records = data.load("tech_quotes")
    assert len(records) > 1500 and set(records[0]) == {"text", "about_computers", "file"}
    labels = [r["about_computers"] for r in records]
    assert set(labels) == {0, 1} and abs(sum(labels) - len(labels) / 2) <= 1
    heldout = data.load_heldout("tech_quotes")
    assert len(heldout) == 300 and sum(r["about_computers"] for r in heldout) == 150
    assert not {r["text"] for r in records} & {r["text"] for r in heldout}


def test_definitions_have_five_balanced_categories():
    frame = data.load("definitions")
    assert list(frame.columns) == ["category", "text"] and frame.shape == (3500, 2)
    assert frame["category"].value_counts().to_dict() == {c: 700 for c in
                                                          ("animal", "artifact", "food", "location", "plant")}
    heldout = data.load_heldout("definitions")
    assert heldout.shape == (600, 2) and not set(frame["text"]) & set(heldout["text"])


def test_songs_poems_hold_lines_of_verse():
    poems = data.load("songs_poems")
    assert len(poems) > 60 and all(set(p) == {"lines", "source"} and len(p["lines"]) >= 2 for p in poems)
    heldout = data.load_heldout("songs_poems")
    assert not {p["lines"][0] for p in poems} & {p["lines"][0] for p in heldout}


@pytest.mark.parametrize("name", TEXT_SETS)
def test_every_text_passes_the_classroom_filter(name):
    clean = build_module().is_clean
    for loader in (data.load, data.load_heldout):
        loaded = loader(name)
        if name == "definitions":
            texts = list(loaded["text"])
        elif name == "songs_poems":
            texts = ["\n".join(p["lines"]) + " " + p["source"] for p in loaded]
        else:
            texts = [r["text"] for r in loaded]
        assert all(clean(text) for text in texts)


def test_the_classroom_filter_catches_words_stems_and_phrases():
    clean = build_module().is_clean
    assert clean("Any given program will expand to fill available memory.")
    assert not clean("Go to HELL.") and not clean("they were drinking") and not clean("making  love")
    assert clean("hello, a stable kernel")  # 'hell' and 'stab' are whole words or stems, not substrings


@pytest.mark.parametrize("name", TEXT_SETS)
def test_the_data_ships_its_licence_notice(name):
    notices = [f for f in data.info(name).files if f.endswith(".txt")]
    assert notices and "Copyright" in data.path(name, notices[0]).read_text(encoding="utf-8")
    assert data.path(name).suffix in (".json", ".csv")  # the notice is not taken for the data file


@pytest.fixture
def fake_canonical(tmp_path):
    """A local HTTP server with small fake copies of the canonical online text sets."""
    fakes = {
        "tech_quotes": json.dumps([{"article_link": "x", "headline": "a fake headline", "is_sarcastic": 1}]),
        "definitions": "category,text\ntech,a fake article\n",
        "songs_poems": "a fake line of a song\nand another\n",
    }
    for name, content in fakes.items():
        url_path = data.info(name).canonical["url"].split("://", 1)[1].split("/", 1)[1]
        (tmp_path / "www" / url_path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "www" / url_path).write_text(content, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", fakes
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("name", TEXT_SETS)
def test_fetch_gets_the_canonical_text_set_from_a_mirror(name, fake_canonical, cache_dir, monkeypatch):
    mirror, fakes = fake_canonical
    monkeypatch.setenv("COURSE_MIRROR", mirror)
    target = data.fetch(name, progress=False)
    assert target.read_text(encoding="utf-8") == fakes[name]
    assert target.name in ("sarcasm.json", "bbc-text.csv", "irish-lyrics-eof.txt")


@pytest.mark.parametrize("name, feature", [("tech_quotes", "text"), ("definitions", "description"),
                                           ("songs_poems", "text")])
def test_canonical_tfds_text_sets_load_against_mock_data(name, feature):
    tfds = pytest.importorskip("tensorflow_datasets")
    with tfds.testing.mock_data(num_examples=4):
        examples = list(data.load_canonical_tfds(name, split="train"))
    assert len(examples) == 4 and feature in examples[0]
