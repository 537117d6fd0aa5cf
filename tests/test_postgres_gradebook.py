"""The gradebook on a real PostgreSQL server, chosen with COURSE_DB_URL; SQLite stays the default.

The server is Debian's PostgreSQL, started by the test in a temporary folder
(``postgres_server.py``). An instructor's course directory with COURSE_DB_URL set
imports a roster, grades a small cohort on two Dask workers and reports, all
against that server: the grades land there (read back over a connection of its
own), no ``gradebook.db`` appears, and the grading kits keep SQLite gradebooks
of their own, so parallel tasks never write to the instructor's database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_course
from postgres_server import postgres_server

from course import cli
from course.instructor import grades
from course.instructor.learners import answer
from course.instructor.nbgrader_api import Course
from course.instructor.scratch import place_submission
from course.instructor.settings import DB_URL_VAR

MODULE = "m4_time_series"
ROSTER = "id,first_name,last_name,email\nada,Ada,Lovelace,ada@example.org\nben,Ben,Bitdiddle,ben@example.org\n"


@pytest.fixture(scope="module")
def database():
    with postgres_server() as url:
        yield url


def instructor_course(target: Path) -> Path:
    """A course directory with the course's own nbgrader_config.py (a scratch copy would pin SQLite)."""
    root = copy_course(target, [MODULE])
    shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


def test_sqlite_is_the_default_and_scratch_copies_keep_it(tmp_path, monkeypatch, database):
    root = instructor_course(tmp_path / "course")
    monkeypatch.delenv(DB_URL_VAR, raising=False)
    assert Course(root).db_url == f"sqlite:///{root / 'gradebook.db'}"
    monkeypatch.setenv(DB_URL_VAR, database)
    assert Course(root).db_url == database
    scratch = copy_course(tmp_path / "scratch", [MODULE])
    assert Course(scratch).db_url == f"sqlite:///{scratch / 'gradebook.db'}"


@pytest.mark.slow
def test_a_cohort_is_graded_and_reported_on_postgresql(tmp_path, monkeypatch, capsys, database):
    from nbgrader.api import Gradebook

    monkeypatch.setenv(DB_URL_VAR, database)
    root = instructor_course(tmp_path / "course")
    (tmp_path / "roster.csv").write_text(ROSTER)
    assert cli.main(["--course-dir", str(root), "roster", "import", str(tmp_path / "roster.csv")]) == 0
    course = Course(root)
    course.generate(MODULE).expect("building the student copy")
    first = course.notebooks(MODULE, "release")[0]
    solved = tmp_path / "ada" / f"{first}.ipynb"
    solved.parent.mkdir()
    shutil.copy(root / "release" / MODULE / f"{first}.ipynb", solved)
    answer(solved, root / "source" / MODULE / f"{first}.ipynb")
    place_submission(course, MODULE, "ada", [solved], only=True)
    place_submission(course, MODULE, "ben", [root / "release" / MODULE / f"{first}.ipynb"], only=True)
    capsys.readouterr()

    for _ in range(2):  # grading again replaces the grades, never duplicates them
        code = cli.main(["--course-dir", str(root), "autograde", "--workers", "2", "--no-progress"])
        out, _ = capsys.readouterr()
        assert code == 0, out

    assert not (root / "gradebook.db").exists()
    with Gradebook(database, course.course_id) as gradebook:  # a connection of its own, to the server
        assert sorted(student.id for student in gradebook.students) == ["ada", "ben"]
        ada = gradebook.find_submission_notebook(first, MODULE, "ada")
        ben = gradebook.find_submission_notebook(first, MODULE, "ben")
        assert ada.score == ada.max_score > 0
        assert ben.score == 0
    cells = grades.cell_grades(course)
    assert not cells.duplicated(["student", "notebook", "grade_id"]).any()
    assert cells.groupby("student")["score"].sum().to_dict() == {"ada": ada.max_score, "ben": 0}

    assert cli.main(["--course-dir", str(root), "report"]) == 0
    out, _ = capsys.readouterr()
    assert "ada" in out and "ben" in out
