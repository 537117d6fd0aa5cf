"""End to end: the student copy fails when blank, the reference autogrades to full marks, blank to zero.

The reference submission is the source notebooks themselves, so autograding it
is also how we prove that every source notebook executes and passes all of its
tests, hidden ones included. It is autograded with nbgrader's IgnorePattern
switched off, so a test cell that writes anything to stderr fails here exactly
as it would under a learner's Validate button.

The blank-copy test is also what makes it exact to skip running a notebook
submitted exactly as released (course.instructor.preprocessors.CourseExecute):
every one of its tests fails anyway.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from traitlets.config import Config

from course.instructor import cohort, grades
from course.instructor.nbgrader_api import Course
from course.instructor.sandbox import GradingKernelManager
from course.instructor.scratch import place_submission

pytestmark = pytest.mark.slow


def blank_copy_problems(notebook: str) -> list[str]:
    """Validate one released notebook as the Validate button does, inverted: what passes with nothing filled in."""
    from nbgrader.validator import Validator

    config = Config()
    config.Execute.kernel_manager_class = GradingKernelManager  # as nbgrader_config.py sets for the Validate button
    config.Execute.timeout = 600
    results = Validator(config=config, invert=True).validate(notebook)
    if results.get("changed") or results.get("type_changed"):
        return [f"{notebook}: {results}"]
    passed = [cell["source"].splitlines()[0] for cell in results.get("passed", [])]
    return [f"{notebook}: these tests pass with nothing filled in: {passed}"] if passed else []


def test_every_test_fails_on_the_blank_student_copy(course_copy):
    # Two notebooks at a time, each in a process of its own (the machines have two cores)
    notebooks = [str(path) for module in Course(course_copy).modules()
                 for path in sorted((course_copy / "release" / module).glob("*.ipynb"))]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        problems = [problem for found in pool.map(blank_copy_problems, notebooks) for problem in found]
    assert len(notebooks) > 1 and not problems, "\n".join(problems)


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
    """Autograde a reference, a blank and a broken submission of every module, stderr counting as failure."""
    course = Course(course_copy, Config({"IgnorePattern": {"enabled": False}}))
    for module in course.modules():
        place_submission(course, module, "reference", sorted((course_copy / "source" / module).glob("*.ipynb")))
        place_submission(course, module, "blank")
        broken = place_submission(course, module, "broken")
        first, *others = sorted(broken.glob("*.ipynb"))
        first.write_text(first.read_text()[:200])  # truncated JSON: not a notebook any more
        for notebook in others:  # missing notebooks score zero
            notebook.unlink()
    start = time.perf_counter()
    results = cohort.autograde(course, course.modules(), progress=False, workers=2)  # as the main job grades
    print(f"autograded {len(results)} notebooks in {time.perf_counter() - start:.0f} s")
    feedback_log = []
    released = cohort.feedback(course, course.modules(), log=feedback_log.append)
    return course, results, grades.cell_grades(course), (released, feedback_log)


def test_reference_gets_full_marks_in_every_notebook(graded):
    course, results, cells, _ = graded
    assert all(r.ok for r in results if r.student == "reference"), [r.problem for r in results if not r.ok]
    for module in course.modules():
        reference = grades.totals(cells[(cells.student == "reference") & (cells.module == module)], ("notebook",))
        assert set(reference["notebook"]) == set(course.notebooks(module))
        for row in reference.itertuples():
            graded_nb = course.root / "autograded" / "reference" / module / f"{row.notebook}.ipynb"
            assert row.score == row.max_score, (
                f"{module}/{row.notebook}: {row.score}/{row.max_score}; failing: {failing_cells(graded_nb)}")


def test_blank_submission_gets_zero_without_running(graded):
    course, results, cells, _ = graded
    blank = [r for r in results if r.student == "blank"]
    assert blank and all(r.ok for r in blank)
    totals = grades.totals(cells[cells.student == "blank"])
    assert len(totals) == len(course.modules()) and (totals["max_score"] > 0).all() and (totals["score"] == 0).all()
    autograded = course.root / "autograded" / "blank" / course.modules()[0]
    first = json.loads(next(autograded.glob("*.ipynb")).read_text())
    assert all(cell.get("execution_count") is None for cell in first["cells"] if cell["cell_type"] == "code"), \
        "a notebook submitted as released should not be run"


def test_broken_submission_is_reported_and_does_not_stop_the_others(graded):
    course, results, cells, _ = graded
    for module in course.modules():
        broken = [r for r in results if r.student == "broken" and r.module == module]
        assert len(broken) == 1 and not broken[0].ok and "not a valid notebook" in broken[0].problem
        assert (cells[(cells.student == "broken") & (cells.module == module)]["score"] == 0).all()
        assert (cells[(cells.student == "reference") & (cells.module == module)]["score"] > 0).any()


def test_feedback_and_grade_table_are_produced(graded):
    course, _, cells, (released, feedback_log) = graded
    # placed here, not submitted through the exchange: no submission secret, so nothing is released
    assert released == {module: 0 for module in course.modules()}
    assert len(feedback_log) == 3 * len(course.modules())
    assert all("not released (the submission did not come through the exchange)" in line for line in feedback_log)
    for module in course.modules():
        pages = list((course.root / "feedback" / "reference" / module).glob("*.html"))
        assert len(pages) == len(course.notebooks(module))
        broken_page = course.root / "feedback" / "broken" / module / f"{course.notebooks(module)[0]}.html"
        assert "could not be graded" in broken_page.read_text()
    table = grades.grade_table(cells)
    assert "reference" in table and "blank" in table and "(total)" in table
