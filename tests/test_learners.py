"""Simulated learners through nbgrader's exchange, without grading: identities, receipts, answers.

Where no Unix account can be made for each learner, learners who share one login
must still be told apart (nbgrader's student_id setting), or they overwrite each
other's submissions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, copy_course

from course.instructor import cohort, learners
from course.instructor.nbgrader_api import Course

MODULE = "m4_time_series"


@pytest.fixture
def released(monkeypatch):
    """A course with module 4 released to an exchange that other users can reach."""
    monkeypatch.delenv("COURSE_EXCHANGE", raising=False)
    with tempfile.TemporaryDirectory(prefix="learners-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        course = Course(copy_course(root / "course", [MODULE]))
        assert course.generate(MODULE).ok and course.release(MODULE).ok
        yield course


def make(course, ids, unix_user):
    return [learners.Account(learners.Learner(i, i.title(), "Test", f"{i}@example.org", "full"),
                             course.root.parent / "home" / i, course.exchange_root, course.course_id,
                             unix_user).create() for i in ids]


@pytest.mark.parametrize("unix_user", [False, pytest.param(True, marks=pytest.mark.skipif(
    not learners.can_create_accounts(), reason="needs root and useradd to make Unix accounts"))])
def test_learners_are_told_apart_and_leave_fetch_receipts(released, unix_user):
    course = released
    accounts = make(course, ["lrn-one", "lrn-two"], unix_user)
    try:
        for account in accounts:
            account.fetch(MODULE)
            account.submit(MODULE)
        assert course.collect(MODULE).ok
        assert course.submitted_students(MODULE) == ["lrn-one", "lrn-two"]
        status = cohort.status(course).set_index("module").loc[MODULE]
        assert status[["released", "fetched", "submitted", "collected", "graded"]].tolist() == [True, 2, 2, 2, 0]
    finally:
        for account in accounts:
            account.remove(owner=(0, 0))


def test_answer_writes_the_solution_without_its_markers(tmp_path):
    notebook = tmp_path / "01.ipynb"
    release = ROOT / "release" / MODULE / "01_series_and_baselines.ipynb"
    notebook.write_bytes(release.read_bytes())
    learners.answer(notebook, ROOT / "source" / MODULE / "01_series_and_baselines.ipynb")
    solutions = [cell.source for cell in nbformat.read(notebook, as_version=4).cells
                 if cell.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert solutions and not any("NotImplementedError" in s or "SOLUTION" in s for s in solutions)
    learners.break_notebook(notebook)
    assert cohort.unreadable(notebook).startswith("it is not a valid notebook")
