"""The whole cohort journey of the main job, on one module: release, fetch, submit, collect, grade, feedback, export.

Four simulated learners, each with their own identity as nbgrader sees it
(separate Unix users where the tests run as root), go through nbgrader's real
exchange. The test checks each learner's exact grade, that the broken
submission stops nobody, that no feedback file holds a line of any hidden test
or a held-out path, and that grading again (Ben's blank submission, and Dev's, which holds
an answered notebook, a broken one and unanswered ones) changes no grade and adds no row.
"""

from __future__ import annotations

import html
import json
import pwd
import re
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, modules_under_test

from course.instructor import cohort, demo, grades

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def journey(pytestconfig):
    """Run the demo on module 4 (the quickest to grade in full), or the first module named with --module."""
    modules = modules_under_test(pytestconfig)
    module = "m4_time_series" if "m4_time_series" in modules else modules[0]
    with tempfile.TemporaryDirectory(prefix="journey-") as tmp:  # in /tmp: the learners' accounts can reach it
        Path(tmp).chmod(0o755)
        yield module, demo.run(ROOT, Path(tmp) / "cohort-demo", [module], progress=False)


def code_lines(folder, hidden: bool) -> set[str]:
    """The stripped lines of code (over 10 characters) of a folder's notebooks: inside hidden tests, or all."""
    lines = set()
    for notebook in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            source = "".join(cell["source"])
            blocks = re.findall(r"BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN", source, re.S) if hidden else [source]
            lines |= {line.strip() for block in blocks for line in block.splitlines() if len(line.strip()) > 10}
    return lines


def hidden_test_lines(module) -> set[str]:
    """Every line of the module's hidden tests that the student copy does not show anyway."""
    return code_lines(ROOT / "source" / module, hidden=True) - code_lines(ROOT / "release" / module, hidden=False)


def visible_text(page: str) -> str:
    """The text of an HTML page, as a reader sees it (tags and syntax highlighting removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page, flags=re.S)))


def test_every_learner_gets_exactly_the_grade_their_work_earns(journey):
    module, result = journey
    scores = result["scores"].set_index("student")
    maxima = grades.module_maxima(result["course"]).set_index("notebook")["max_score"]
    assert scores.loc["demo-ada", "score"] == maxima.sum(), "the full solution earns every point"
    assert scores.loc["demo-ben", "score"] == 0, "a blank submission earns nothing"
    assert scores.loc["demo-cleo", "score"] == maxima.iloc[1::2].sum(), "every other notebook answered"
    assert scores.loc["demo-dev", "score"] == maxima.iloc[1], "only the second notebook answered"
    assert scores["as_expected"].all()


def test_the_broken_submission_is_reported_and_stops_nobody(journey):
    module, result = journey
    failed = [(r.student, r.notebook) for r in result["results"] if not r.ok]
    first = sorted(grades.module_maxima(result["course"])["notebook"])[0]
    assert failed == [("demo-dev", first)]
    page = result["course"].root / "feedback" / "demo-dev" / module / f"{first}.html"
    assert "could not be graded" in page.read_text() and "not a valid notebook" in page.read_text()


def test_each_learner_submitted_under_an_identity_of_their_own(journey):
    module, result = journey
    course = result["course"]
    inbound = sorted((course.exchange_root / course.course_id / "inbound").iterdir())
    assert [p.name.split("+")[0] for p in inbound] == ["demo-ada", "demo-ben", "demo-cleo", "demo-dev"]
    if result["unix_users"]:
        owners = {p.stat().st_uid for p in inbound}
        assert len(owners) == 4, "each submission belongs to its learner's own Unix user"
        for learner in demo.COHORT:  # the accounts were made for the run only
            with pytest.raises(KeyError):
                pwd.getpwnam(learner.id)
    status = result["status"].set_index("module").loc[module]
    assert status[["fetched", "submitted", "collected", "graded", "feedback"]].tolist() == [4, 4, 4, 4, 4]


def test_learners_feedback_shows_results_but_no_hidden_test(journey):
    module, result = journey
    hidden = hidden_test_lines(module)
    assert len(hidden) > 10
    heldout = str(result["course"].root / "heldout")
    notebooks = len(list((ROOT / "source" / module).glob("*.ipynb")))
    for learner in ("demo-ada", "demo-ben", "demo-cleo", "demo-dev"):
        pages = result["feedback"][learner]
        assert len(pages) == notebooks, f"{learner} fetched {len(pages)} feedback pages"
        for page in pages:
            raw = page.read_text()
            text = visible_text(raw)
            leaked = sorted(hidden & {line.strip() for line in text.splitlines()})
            assert not leaked, f"{page.name} of {learner} shows hidden test code: {leaked[:3]}"
            assert heldout not in raw and "load_heldout" not in raw and "HIDDEN TESTS" not in raw
            if learner != "demo-dev" or page.stem != sorted(p.stem for p in pages)[0]:
                assert "Your results:" in text
    unanswered = next(p for p in result["feedback"]["demo-cleo"] if p.stem.startswith("01"))  # Cleo skips the 1st
    cleo = visible_text(unanswered.read_text())
    assert "not run: this notebook was submitted exactly as it was released" in cleo


def test_grading_again_gives_identical_grades_and_no_duplicates(journey):
    module, result = journey
    course = result["course"]
    before = result["cells"]
    with course.gradebook() as gradebook:
        submissions = len(gradebook.find_assignment(module).submissions)
    # Dev's submission holds every kind of outcome (a notebook run, a broken one, ones left as released);
    # Ada's and Cleo's runs would add minutes of training and no new kind
    regraded = ("demo-ben", "demo-dev")
    again = cohort.autograde(course, [module], students=regraded, progress=False)
    after = grades.cell_grades(course)
    outcomes = sorted((r.student, r.notebook, r.ok) for r in result["results"] if r.student in regraded)
    assert sorted((r.student, r.notebook, r.ok) for r in again) == outcomes
    assert after.equals(before), "a second autograde changed grades"
    with course.gradebook() as gradebook:
        assert len(gradebook.find_assignment(module).submissions) == submissions == 4


def test_the_export_and_the_report_exist(journey):
    _, result = journey
    paths = result["paths"]
    assert set(paths) == {"grades.csv", "skills.csv", "skills_heatmap.png", "report.html"}
    report = paths["report.html"].read_text()
    assert "Ada Lovelace" in report and "data:image/png;base64," in report
