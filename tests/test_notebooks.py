"""Static checks of the source notebooks and of the committed student copy (no execution)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from course import data, skills
from course.instructor import grades
from course.instructor.nbgrader_api import Course

ROOT = Path(__file__).resolve().parents[1]
SOURCE = sorted((ROOT / "source").glob("m[0-9]*_*/*.ipynb"))
RELEASE = sorted((ROOT / "release").glob("m[0-9]*_*/*.ipynb"))


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def source_text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks():
    assert SOURCE, "no source notebooks found"
    assert len(RELEASE) == len(SOURCE)


@pytest.mark.parametrize("notebook", SOURCE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_source_notebook_follows_the_course_layout(notebook):
    nb_cells = cells(notebook)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb_cells if c["cell_type"] == "code"), \
        "source notebooks are stored without outputs"
    titles = [line for c in nb_cells if c["cell_type"] == "markdown"
              for line in source_text(c).splitlines() if re.match(r"# \S", line)]
    assert len(titles) == 1, f"expected exactly one H1 title, found {titles}"
    setup = [c for c in nb_cells if c.get("id") == "setup"]
    assert setup, "no setup cell (cell id 'setup')"
    assert "keras.utils.set_random_seed(" in source_text(setup[0]), "the setup cell sets no seed"
    assert "course.check_environment()" in source_text(setup[0])


@pytest.mark.parametrize("notebook", SOURCE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_graded_cells_are_named_and_documented(notebook):
    grade_ids = []
    for cell in nb_cells_with_meta(notebook):
        meta = cell["metadata"]["nbgrader"]
        grade_id = meta["grade_id"]
        grade_ids.append(grade_id)
        assert re.fullmatch(r"[a-z][a-z0-9_]+", grade_id), f"grade_id {grade_id!r} is not readable snake_case"
        text = source_text(cell)
        if meta.get("grade") and cell["cell_type"] == "code":
            tree = ast.parse(text)
            assert ast.get_docstring(tree, clean=True), f"test cell {grade_id} does not open with a docstring"
            assert meta.get("points", 0) > 0, f"test cell {grade_id} has no points"
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in text and "### END SOLUTION" in text, f"{grade_id}: no solution markers"
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade_id"
    tests = [source_text(c) for c in nb_cells_with_meta(notebook) if c["metadata"]["nbgrader"].get("grade")]
    assert tests, "the notebook has no graded test"
    assert any("### BEGIN HIDDEN TESTS" in t for t in tests), "the notebook has no hidden test"


#: Checks that show data values in their messages unless told the data are held out.
VALUE_CHECKS = {"check_loaded_arrays", "check_windowed_dataset", "check_close"}


@pytest.mark.parametrize("notebook", SOURCE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hidden_tests_show_no_heldout_value_in_their_messages(notebook):
    """Feedback shows a failed check's message: on held-out data it must not quote the data."""
    for cell in nb_cells_with_meta(notebook):
        text = source_text(cell)
        if "### BEGIN HIDDEN TESTS" not in text or not ("load_heldout" in text or "heldout_path" in text):
            continue
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        hidden = text.split("### BEGIN HIDDEN TESTS", 1)[1]
        assert "np.testing" not in hidden, f"{grade_id}: np.testing prints the arrays; use checks.check_close"
        for node in ast.walk(ast.parse(hidden)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in VALUE_CHECKS:
                flags = {k.arg: getattr(k.value, "value", None) for k in node.keywords}
                assert flags.get("held_out") is True, f"{grade_id}: pass held_out=True to {node.func.attr}"


def nb_cells_with_meta(notebook: Path) -> list[dict]:
    return [c for c in cells(notebook) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]


@pytest.mark.parametrize("notebook", RELEASE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_student_copy_holds_no_solution_hidden_test_or_heldout_data(notebook):
    text = notebook.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "load_heldout", "heldout_path"):
        assert marker not in text, f"{notebook.name} contains {marker!r}"


def test_release_folder_holds_no_heldout_file():
    heldout_hashes = {meta["sha256"] for name in data.names() for meta in data.info(name).heldout.values()}
    import hashlib

    for file in (ROOT / "release").rglob("*"):
        if file.is_file():
            assert hashlib.sha256(file.read_bytes()).hexdigest() not in heldout_hashes, f"{file} is held-out data"


def not_ignored_by_git(paths: list[Path]) -> list[Path]:
    """Drop files git ignores (left behind by running a notebook in place)."""
    listing = "\n".join(str(p) for p in paths)
    result = subprocess.run(["git", "check-ignore", "--stdin"], cwd=ROOT, input=listing,
                            capture_output=True, text=True)
    ignored = set(result.stdout.splitlines()) if result.returncode in (0, 1) else set()
    return [p for p in paths if str(p) not in ignored]


def test_committed_student_copy_is_up_to_date(course_copy):
    """release/ must be exactly what `nbgrader generate_assignment` makes from source/."""
    stale = []
    for module in Course(course_copy).modules():
        # both copies may hold files that running their notebooks left (validated in place): skip those
        made = [p for p in (course_copy / "release" / module).rglob("*") if p.is_file()]
        kept = set(not_ignored_by_git([ROOT / "release" / p.relative_to(course_copy / "release") for p in made]))
        generated = {p.relative_to(course_copy / "release"): p.read_bytes()
                     for p in made if ROOT / "release" / p.relative_to(course_copy / "release") in kept}
        files = not_ignored_by_git([p for p in (ROOT / "release" / module).rglob("*") if p.is_file()])
        committed = {p.relative_to(ROOT / "release"): p.read_bytes() for p in files}
        stale += [str(path) for path in sorted(set(generated) | set(committed))
                  if generated.get(path) != committed.get(path)]
    assert not stale, f"release/ is out of date for {stale}: run `python -m course release` and commit"


def test_skills_map_lists_the_52_checklist_skills():
    found = skills.load()
    assert len(found) == 52
    assert [s.id for s in found][:3] == ["S1.1", "S1.2", "S1.3"]
    checklist = ROOT.parent / "shared" / "skills-checklist.md"
    if checklist.is_file():
        ids = re.findall(r"^- (S\d\.\d+) ", checklist.read_text(), re.M)
        assert [s.id for s in found] == ids


def test_skills_map_points_at_real_cells():
    assert skills.problems(ROOT) == []


def test_skills_table_shows_each_students_share_and_the_skills_no_test_checks():
    cells = pd.DataFrame([("ada", "m1_foundations", "06_developer_skills", "error_fixed", 2.0, 2.0),
                          ("bob", "m1_foundations", "06_developer_skills", "error_fixed", 1.0, 2.0)],
                         columns=grades.CELL_COLUMNS)
    table = grades.skills_table(cells).splitlines()
    assert table[0].split()[-2:] == ["ada", "bob"]
    s13 = next(line for line in table if line.startswith("S1.3 "))
    assert s13.split()[-2:] == ["100%", "50%"]
    s12 = next(line for line in table if line.startswith("S1.2 "))
    assert "taught only" in s12
    assert not any(line.startswith("S4.") for line in table), "skills of modules nobody was graded on are left out"
