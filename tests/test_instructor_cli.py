"""The instructor's command line: finding the course, the roster, and every kind of bad input.

Each bad input must give one line on stderr, exit status 2, and change nothing.
These tests work on a small copy of the course (one module, never graded), in process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_course

from course import cli, coursedir, data
from course.instructor import roster
from course.instructor.nbgrader_api import Course
from course.instructor.settings import NOTEBOOK_LEFTOVERS

MODULE = "m4_time_series"


@pytest.fixture
def course_dir(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the course with one module, its exchange inside it, the current folder elsewhere."""
    monkeypatch.delenv("COURSE_EXCHANGE", raising=False)
    monkeypatch.delenv("COURSE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    return copy_course(tmp_path / "course", [MODULE])


def run(*args, expect=0, capsys=None) -> tuple[str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr() if capsys else ("", "")
    assert code == expect, f"exit {code}, expected {expect}; stdout: {out[-2000:]} stderr: {err[-2000:]}"
    return out, err


def one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"


# ---------------------------------------------------------------- finding the course directory

def test_course_dir_is_found_from_the_current_folder_the_option_or_the_environment(course_dir, monkeypatch):
    deep = course_dir / "autograded" / "ada" / MODULE
    deep.mkdir(parents=True)
    assert coursedir.find(start=deep) == course_dir.resolve()
    assert coursedir.find(str(course_dir)) == course_dir.resolve()
    monkeypatch.setenv("COURSE_DIR", str(course_dir))
    assert coursedir.find() == course_dir.resolve()
    monkeypatch.setenv("COURSE_DIR", str(course_dir / "source"))
    with pytest.raises(coursedir.CourseDirError, match="COURSE_DIR names .* not a course directory"):
        coursedir.find()


def test_heldout_data_belongs_to_the_course_a_notebook_is_graded_in(course_dir, monkeypatch):
    monkeypatch.delenv("COURSE_HELDOUT_DIR", raising=False)
    graded_in = course_dir / "autograded" / "ada" / MODULE
    graded_in.mkdir(parents=True)
    monkeypatch.chdir(graded_in)
    assert data.heldout_dir() == course_dir.resolve() / "heldout"
    assert data.load_heldout("sunspots").shape[0] > 0
    monkeypatch.chdir(course_dir.parent)
    with pytest.raises(data.DatasetError, match="only available in the instructor's copy"):
        data.heldout_dir()
    monkeypatch.setenv("COURSE_HELDOUT_DIR", str(course_dir / "heldout"))
    assert data.heldout_dir() == course_dir / "heldout"


def test_outside_a_course_every_instructor_command_says_where_to_run_it(course_dir, capsys):
    _, err = run("status", expect=2, capsys=capsys)
    one_line_error(err, "no course directory", "--course-dir")


def test_release_in_a_second_clone_builds_that_clone(course_dir, capsys, monkeypatch):
    """The package is installed from the repository; a command run in another clone works on that clone."""
    committed = ROOT / "release" / MODULE / "01_series_and_baselines.ipynb"
    before = committed.stat().st_mtime_ns
    monkeypatch.chdir(course_dir)
    out, _ = run("release", "--build-only", MODULE, capsys=capsys)
    assert f"release/{MODULE}" in out
    assert (course_dir / "release" / MODULE / "01_series_and_baselines.ipynb").is_file()
    assert committed.stat().st_mtime_ns == before
    assert not (course_dir / "exchange").exists(), "--build-only must not touch the exchange"


# ---------------------------------------------------------------- the roster

def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_roster_import_and_list(course_dir, capsys):
    file = write(course_dir / "roster.csv", "ID, First Name, Last Name, E-mail\n"
                                            "ada,Ada,Lovelace,ada@example.org\ngrace,Grace,Hopper,grace@example.org\n")
    out, _ = run("--course-dir", str(course_dir), "roster", "import", str(file), capsys=capsys)
    assert "imported 2 learner(s)" in out
    out, _ = run("--course-dir", str(course_dir), "roster", "list", capsys=capsys)
    assert out.split()[:4] == ["id", "first_name", "last_name", "email"]
    assert "Hopper" in out and "ada@example.org" in out
    # importing again updates, never duplicates
    write(file, "id,first_name,last_name,email\nada,Ada,King,ada@example.org\n")
    run("--course-dir", str(course_dir), "roster", "import", str(file), capsys=capsys)
    table = roster.listing(Course(course_dir))
    assert table["id"].tolist() == ["ada", "grace"] and table.loc[0, "last_name"] == "King"


@pytest.mark.parametrize("text, words", [
    ("id,first_name,email\nada,Ada,ada@example.org\n", ["no column last_name"]),
    ("id,first_name,last_name,email\nada,Ada,L,ada@example.org\nada,Ada,M,other@example.org\n",
     ["ids listed twice: ada"]),
    ("id,first_name,last_name,email\nada,Ada,L,ada@example.org\nbob,Bob,B,not-an-address\n",
     ["line 3", "not an e-mail address"]),
    ("id,first_name,last_name,email\nada+1,Ada,L,ada@example.org\n", ["line 2", "'ada+1' is not usable"]),
    ("id,first_name,last_name,email\nada,,L,ada@example.org\n", ["needs a first and a last name"]),
    ("", ["not a readable CSV file"]),
])
def test_a_roster_with_errors_imports_nothing(course_dir, capsys, text, words):
    file = write(course_dir / "roster.csv", text)
    _, err = run("--course-dir", str(course_dir), "roster", "import", str(file), expect=2, capsys=capsys)
    one_line_error(err, "was not imported (nothing changed)", *words)
    assert roster.listing(Course(course_dir)).empty


def test_a_missing_roster_file_is_named(course_dir, capsys):
    _, err = run("--course-dir", str(course_dir), "roster", "import", "nowhere.csv", expect=2, capsys=capsys)
    one_line_error(err, "no roster file at nowhere.csv")


# ---------------------------------------------------------------- modules, learners, exchange

@pytest.mark.parametrize("command", ["release", "collect", "autograde", "feedback"])
def test_an_unknown_module_is_refused_and_nothing_is_made(course_dir, capsys, command):
    _, err = run("--course-dir", str(course_dir), command, "m9_nothing", expect=2, capsys=capsys)
    one_line_error(err, "unknown module 'm9_nothing'", MODULE)
    assert not (course_dir / "release").exists() and not (course_dir / "exchange").exists()


def test_an_unknown_learner_is_refused(course_dir, capsys):
    (course_dir / "submitted" / "ada" / MODULE).mkdir(parents=True)
    _, err = run("--course-dir", str(course_dir), "autograde", MODULE, "--student", "nobody", expect=2, capsys=capsys)
    one_line_error(err, "unknown learner 'nobody'", "roster")
    assert not (course_dir / "autograded" / "nobody").exists()


def test_a_missing_exchange_folder_is_refused_before_anything_is_built(course_dir, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_EXCHANGE", str(course_dir / "no-such-exchange"))
    _, err = run("--course-dir", str(course_dir), "release", MODULE, expect=2, capsys=capsys)
    one_line_error(err, "does not exist", "COURSE_EXCHANGE")
    assert not (course_dir / "release").exists() and not (course_dir / "no-such-exchange").exists()
    _, err = run("--course-dir", str(course_dir), "collect", MODULE, expect=2, capsys=capsys)
    one_line_error(err, "does not exist")


def test_an_exchange_that_is_a_file_is_refused(course_dir, capsys, monkeypatch):
    blocker = write(course_dir / "exchange-file", "not a folder")
    monkeypatch.setenv("COURSE_EXCHANGE", str(blocker))
    _, err = run("--course-dir", str(course_dir), "release", MODULE, expect=2, capsys=capsys)
    one_line_error(err, "is not a folder")


def test_an_exchange_that_is_not_writable_is_refused(tmp_path):
    """Run as an unprivileged user when the tests run as root (root may write anywhere)."""
    import tempfile

    with tempfile.TemporaryDirectory() as shared:  # in /tmp, readable by every user
        shared = Path(shared)
        shared.chmod(0o755)
        course_dir = copy_course(shared / "course", [MODULE])
        exchange = shared / "readonly-exchange"
        exchange.mkdir(mode=0o755)
        env = {**os.environ, "COURSE_EXCHANGE": str(exchange), "HOME": str(shared)}
        user = {"user": "nobody"} if os.geteuid() == 0 else {}
        if not user:
            exchange.chmod(0o555)
        result = subprocess.run([sys.executable, "-m", "course", "--course-dir", str(course_dir), "release", MODULE],
                                capture_output=True, text=True, env=env, cwd=shared, **user)
        assert result.returncode == 2, result.stdout + result.stderr
        one_line_error(result.stderr, "is not writable")
        assert not (course_dir / "release").exists()


def test_status_of_a_fresh_course(course_dir, capsys):
    out, _ = run("--course-dir", str(course_dir), "status", capsys=capsys)
    header, row = out.strip().splitlines()
    assert header.split() == ["module", "released", "fetched", "submitted", "collected", "graded", "feedback"]
    assert row.split() == [MODULE, "False", "not", "recorded", "0", "0", "0", "0"]


def test_gitignore_covers_every_file_notebooks_leave_behind():
    names = [pattern.replace("*", "x") for pattern in NOTEBOOK_LEFTOVERS]
    samples = [f"{top}/{MODULE}/{name}/probe" for name in names for top in ("release", "source", "work")]
    result = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=ROOT, input="\n".join(samples),
                            capture_output=True, text=True)
    ignored = set(result.stdout.splitlines())
    assert ignored == set(samples), f"not ignored by .gitignore: {sorted(set(samples) - ignored)}"
