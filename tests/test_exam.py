"""The mock exam: starting it, its clock, its attempt history, and scores from saved model files.

The reference answers of the five tasks live in tests/exam_reference/ (the starters with
their TODOs done); ``benchmarks/exam.py`` trains them under several seeds and prints the
figures behind the bands. Here: each bad model file gets its message and 0, a naive model
scores low, and (slow) each reference scores 5.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import subprocess
import sys

import keras
import numpy as np
import pytest
from conftest import ROOT

from course import cli
from course.exam import TASKS, Exam, ExamError, session, task

sys.path.insert(0, str(ROOT / "tests" / "exam_reference"))
from naive import naive_model  # noqa: E402


@pytest.fixture(autouse=True)
def hidden_data(monkeypatch):
    """The exams of these tests live outside the course folder: say where its hidden data is."""
    monkeypatch.setenv("COURSE_HELDOUT_DIR", str(ROOT / "heldout"))


@pytest.fixture
def exam(tmp_path):
    made = Exam(tmp_path / "exam")
    made.start()
    return made


def test_start_writes_each_starter_as_a_script_and_a_notebook(exam):
    names = sorted(path.name for path in exam.folder.iterdir())
    assert names == sorted(["exam.json"] + [f"{t.stem}{ext}" for t in TASKS for ext in (".py", ".ipynb")])
    notebook = json.loads((exam.folder / "task1_numbers.ipynb").read_text())
    kinds = [cell["cell_type"] for cell in notebook["cells"]]
    assert kinds[0] == "markdown" and "code" in kinds
    assert "".join(notebook["cells"][0]["source"]).startswith("# Task 1 of 5")


def test_start_twice_or_over_a_learners_files_overwrites_nothing(exam, tmp_path):
    (exam.folder / "task1_numbers.py").write_text("my work")
    with pytest.raises(ExamError, match="already started"):
        exam.start()
    assert (exam.folder / "task1_numbers.py").read_text() == "my work"
    other = tmp_path / "other"
    other.mkdir()
    (other / "task3_textures.ipynb").write_text("my notebook")
    with pytest.raises(ExamError, match="already holds task3_textures.ipynb"):
        Exam(other).start()
    assert (other / "task3_textures.ipynb").read_text() == "my notebook" and not (other / "exam.json").exists()


def test_the_clock_counts_five_hours_and_late_attempts_are_marked(exam):
    assert dt.timedelta(hours=4, minutes=59) < exam.time_left() <= dt.timedelta(hours=5)
    state = json.loads(exam.record.read_text())
    state["started"] = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=6)).isoformat()
    exam.record.write_text(json.dumps(state))
    assert exam.time_left() < -dt.timedelta(minutes=59)
    row = exam.score([1]).iloc[0]
    assert not row.in_time and row.score == 0 and "no model file task1_numbers.keras" in row.message


def test_an_exam_outside_a_course_says_where_the_hidden_data_is(exam, monkeypatch):
    monkeypatch.delenv("COURSE_HELDOUT_DIR")
    with pytest.raises(ExamError, match="start the exam inside your copy of the course"):
        exam.score([1])
    assert Exam(ROOT / "exam").hidden_data() == ROOT / "heldout"  # the default folder, in the course


def test_every_attempt_is_kept_and_the_best_counts(exam):
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.layers[0].set_weights([np.array([[2.0]]), np.array([-1.0])])  # the rule itself
    model.save(exam.folder / "task1_numbers.keras")
    assert exam.score(["numbers"]).iloc[0].score == 5
    naive_model(1).save(exam.folder / "task1_numbers.keras")
    assert exam.score(["1"]).iloc[0].score <= 1
    attempts = exam.attempts()
    assert attempts.task.tolist() == [1, 1] and attempts.score.iloc[0] == 5
    best = exam.best().set_index("task")
    assert best.loc[1, "best"] == 5 and best.loc[1, "tries"] == 2 and best.loc[2, "tries"] == 0
    assert exam.passed() == (5, False)


def test_scores_follow_the_bands():
    digits = task(2)
    assert [digits.score(a) for a in (0.99, 0.9, 0.88, 0.5, 0.1, float("nan"))] == [5, 5, 4, 1, 0, 0]
    sunspots = task("task5_sunspots")
    assert [sunspots.score(mae) for mae in (5.0, 9.85, 9.9, 10.8, 10.84)] == [5, 5, 4, 1, 0]
    assert sunspots.rule().startswith("5 for mae at most 9.85, 4 for mae at most 10.1")
    with pytest.raises(KeyError, match="no exam task"):
        task(6)


def lambda_model():
    return keras.Sequential([keras.Input(shape=(30, 1)), keras.layers.Lambda(lambda x: x[:, -1, :])])


BAD_FILES = {
    "not a model": (lambda path: path.write_bytes(b"PK\x03\x04 this is not a Keras archive"), "could not be loaded"),
    "a pickle": (lambda path: path.write_bytes(pickle.dumps({"weights": [1, 2, 3]})), "could not be loaded"),
    "a Lambda layer carrying code": (lambda path: lambda_model().save(path), "no Lambda layer"),
    "the wrong input shape": (lambda path: naive_model(2).save(path), "start it with keras.Input(shape=(30, 1))"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_model_file_gets_its_message_and_zero(exam, kind):
    make, says = BAD_FILES[kind]
    make(exam.folder / "task5_sunspots.keras")
    row = exam.score([5]).iloc[0]
    assert row.score == 0 and says in row.message, row.message


def test_an_oversized_file_is_not_even_loaded(exam, monkeypatch):
    naive_model(5).save(exam.folder / "task5_sunspots.keras")
    monkeypatch.setattr(session, "MAX_MODEL_BYTES", 1000)
    row = exam.score([5]).iloc[0]
    assert row.score == 0 and "over the 0 MiB a task's model may take" in row.message


@pytest.mark.parametrize("number", [t.number for t in TASKS])
def test_a_naive_model_scores_at_most_one(exam, number):
    naive_model(number).save(exam.folder / f"{task(number).stem}.keras")
    row = exam.score([number]).iloc[0]
    assert row.message == "" and row.score <= 1, row


def test_the_command_line_starts_scores_and_shows_the_status(tmp_path, capsys):
    folder = str(tmp_path / "mock")
    assert cli.main(["exam", "--folder", folder, "start"]) == 0
    assert cli.main(["exam", "--folder", folder, "start"]) == 2
    assert cli.main(["exam", "--folder", folder, "score", "2"]) == 0
    assert cli.main(["exam", "--folder", folder, "score", "7"]) == 2
    assert cli.main(["exam", "--folder", folder, "status"]) == 0
    out, err = capsys.readouterr()
    assert "task 2 (digits): 0/5  no model file task2_digits.keras" in out
    assert re.search(r"time left: (4 h 5\d|5 h 00) min", out)
    assert "best 0/5 in 1 tries" in out and "total (best of each task): 0/25: not a pass yet" in out
    assert "already started" in err and "no exam task '7'" in err


@pytest.mark.slow
@pytest.mark.parametrize("number", [t.number for t in TASKS])
def test_each_reference_answer_scores_five(exam, number):
    script = ROOT / "tests" / "exam_reference" / f"{task(number).stem}.py"
    run = subprocess.run([sys.executable, str(script)], cwd=exam.folder, capture_output=True, text=True,
                         env={**os.environ, "EXAM_SEED": "1"}, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    row = exam.score([number]).iloc[0]
    assert row.score == 5, row
