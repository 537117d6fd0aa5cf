"""End to end: the student copy fails when blank, the reference autogrades to full marks, blank to zero.

The reference submission is the source notebooks themselves, so autograding it
is also how we prove that every source notebook executes and passes all of its
tests, hidden ones included. It is autograded with nbgrader's IgnorePattern
switched off, so a test cell that writes anything to stderr fails here exactly
as it would under a learner's Validate button.
"""

from __future__ import annotations

import json
import time

import pytest

from course import grading

pytestmark = pytest.mark.slow


def test_every_test_fails_on_the_blank_student_copy(course_copy, monkeypatch):
    from nbgrader.validator import Validator
    from traitlets.config import Config

    for name, value in grading.GRADING_ENV.items():  # as nbgrader_config.py sets for the Validate button
        monkeypatch.setenv(name, value)
    config = Config()
    config.Execute.timeout = 600
    for module in grading.modules(course_copy):
        for notebook in grading.notebooks(course_copy / "release" / module):
            results = Validator(config=config, invert=True).validate(str(notebook))
            assert not results.get("changed") and not results.get("type_changed"), f"{notebook.name}: {results}"
            passed = [cell["source"].splitlines()[0] for cell in results.get("passed", [])]
            assert not passed, f"{module}/{notebook.name}: these tests pass with nothing filled in: {passed}"


def failing_cells(autograded_notebook) -> list[str]:
    """Name each graded cell that lost points, with the end of its error."""
    out = []
    for cell in json.loads(autograded_notebook.read_text())["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or cell["cell_type"] != "code":
            continue
        bad = [o for o in cell.get("outputs", []) if o["output_type"] == "error"
               or (o["output_type"] == "stream" and o["name"] == "stderr")]
        if bad:
            detail = bad[0].get("evalue") or "".join(bad[0].get("text", ""))
            out.append(f"{meta['grade_id']}: {detail[-300:]}")
    return out


@pytest.fixture(scope="module")
def graded(course_copy):
    """Autograde a reference, a blank and a broken submission of every module."""
    runs = {}
    for module in grading.modules(course_copy):
        release = course_copy / "release" / module
        grading.submit(course_copy, module, "reference", release, notebooks_from=course_copy / "source" / module)
        grading.submit(course_copy, module, "blank", release)
        broken = grading.submit(course_copy, module, "broken", release)
        first, *others = grading.notebooks(broken)
        first.write_text(first.read_text()[:200])  # truncated JSON: not a notebook any more
        for notebook in others:  # missing notebooks score zero
            notebook.unlink()
        for student in ("broken", "reference", "blank"):
            start = time.perf_counter()
            runs[module, student] = grading.autograde(course_copy, module, student, "--IgnorePattern.enabled=False")
            print(f"autograde {module} {student}: {time.perf_counter() - start:.0f} s")
            grading.generate_feedback(course_copy, module, student)
    return runs, grading.grades(course_copy)


def test_reference_gets_full_marks_in_every_notebook(graded, course_copy):
    runs, rows = graded
    for module in grading.modules(course_copy):
        assert runs[module, "reference"].ok, runs[module, "reference"].log[-3000:]
        per_notebook = grading.totals([r for r in rows if r.student == "reference" and r.module == module],
                                      by=("notebook",))
        assert {nb for (nb,) in per_notebook} == {p.stem for p in grading.notebooks(course_copy / "source" / module)}
        for (notebook,), (score, most) in per_notebook.items():
            graded_nb = course_copy / "autograded" / "reference" / module / f"{notebook}.ipynb"
            assert score == most, f"{module}/{notebook}: {score}/{most}; failing: {failing_cells(graded_nb)}"


def test_blank_submission_gets_zero_without_crashing(graded, course_copy):
    runs, rows = graded
    for module in grading.modules(course_copy):
        assert runs[module, "blank"].ok, runs[module, "blank"].log[-3000:]
        score, most = grading.totals(rows)[module, "blank"]
        assert most > 0 and score == 0, f"{module}: blank submission scored {score}/{most}"


def test_broken_submission_is_reported_and_does_not_stop_the_others(graded, course_copy):
    runs, rows = graded
    for module in grading.modules(course_copy):
        assert not runs[module, "broken"].ok, "a truncated notebook should be reported as a failure"
        assert (module, "reference") in grading.totals(rows)


def test_feedback_and_grade_table_are_produced(graded, course_copy):
    _, rows = graded
    for module in grading.modules(course_copy):
        feedback = list((course_copy / "feedback" / "reference" / module).glob("*.html"))
        assert len(feedback) == len(grading.notebooks(course_copy / "source" / module))
    table = grading.grade_table(rows)
    assert "reference" in table and "blank" in table and "(total)" in table
