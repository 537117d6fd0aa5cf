"""The cohort export on a small gradebook made by hand: CSV columns and values, the heat map, the HTML report."""

from __future__ import annotations

import struct

import pandas as pd
import pytest
from conftest import copy_course

from course import cli
from course.instructor import export, grades
from course.instructor.nbgrader_api import Course

MODULE, NOTEBOOK = "m4_time_series", "01_series_and_baselines"
#: The graded cells of that notebook with their points, and what each learner scored on them.
POINTS = {"centred_average_is_centred": 1, "naive_forecast_lines_up": 1, "mae_and_mse_by_hand": 1,
          "trailing_average_uses_only_the_past": 2}
SCORES = {"ada": {"centred_average_is_centred": 1, "naive_forecast_lines_up": 1, "mae_and_mse_by_hand": 1,
                  "trailing_average_uses_only_the_past": 2},
          "bob": {"centred_average_is_centred": 0, "naive_forecast_lines_up": 0, "mae_and_mse_by_hand": 1,
                  "trailing_average_uses_only_the_past": 2}}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course whose gradebook holds ada (5/5), bob (3/5) and cleo, who submitted nothing."""
    course = Course(copy_course(tmp_path_factory.mktemp("export") / "course", [MODULE]))
    with course.gradebook() as gradebook:
        gradebook.add_assignment(MODULE)
        gradebook.add_notebook(NOTEBOOK, MODULE)
        for grade_id, points in POINTS.items():
            gradebook.add_grade_cell(grade_id, NOTEBOOK, MODULE, max_score=points, cell_type="code")
        for student, (first, last) in {"ada": ("Ada", "Lovelace"), "bob": ("Bob", "Byte"),
                                       "cleo": ("Cleo", "Nothing")}.items():
            gradebook.add_student(student, first_name=first, last_name=last, email=f"{student}@example.org")
        for student, scores in SCORES.items():
            gradebook.add_submission(MODULE, student)
            for grade_id, score in scores.items():
                gradebook.find_grade(grade_id, NOTEBOOK, MODULE, student).auto_score = score
        gradebook.db.commit()
    return course


def test_cell_grades_and_totals_come_from_the_gradebook(course):
    cells = grades.cell_grades(course)
    assert list(cells.columns) == grades.CELL_COLUMNS and len(cells) == 8
    totals = grades.totals(cells).set_index("student")
    assert totals.loc["ada", "score"] == 5 and totals.loc["bob", "score"] == 3 and totals.loc["bob", "percent"] == 60


def test_export_writes_the_csv_files_the_heat_map_and_the_report(course, tmp_path, capsys):
    assert cli.main(["--course-dir", str(course.root), "export", "--out", str(tmp_path)]) == 0
    assert "report.html" in capsys.readouterr().out

    table = pd.read_csv(tmp_path / "grades.csv", keep_default_na=False)
    assert list(table.columns) == ["student", "first_name", "last_name", "email", "module", "level", "notebook",
                                   "submitted", "score", "max_score", "percent"]
    modules = table[table.level == "module"].set_index("student")
    assert modules.loc["ada", ["score", "max_score", "percent"]].tolist() == [5, 5, 100]
    assert modules.loc["bob", ["score", "percent", "submitted"]].tolist() == [3, 60, True]
    assert modules.loc["cleo", ["score", "max_score", "submitted"]].tolist() == [0, 5, False], \
        "a learner of the roster who submitted nothing still has a row"
    assert table[(table.level == "notebook") & (table.student == "bob")]["notebook"].tolist() == [NOTEBOOK]
    assert modules.loc["ada", "first_name"] == "Ada" and modules.loc["bob", "email"] == "bob@example.org"

    skills = pd.read_csv(tmp_path / "skills.csv")
    assert list(skills.columns) == ["student", "skill", "description", "score", "max_score", "share"]
    bob = skills[skills.student == "bob"].set_index("skill")
    assert bob.loc["S5.2", ["score", "max_score", "share"]].tolist() == [0, 1, 0.0]  # naive forecast
    assert bob.loc["S5.4", ["score", "max_score", "share"]].tolist() == [1, 1, 1.0]  # MAE by hand
    assert bob.loc["S5.6", ["score", "max_score", "share"]].tolist() == [2, 3, 0.667]  # trailing + centred
    assert set(skills.student) == {"ada", "bob"}

    png = (tmp_path / "skills_heatmap.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 600 <= width <= 4000 and 250 <= height <= 3000, (width, height)

    report = (tmp_path / "report.html").read_text()
    assert "<table" in report and "Ada Lovelace" in report and ">60<" in report
    assert 'src="data:image/png;base64,' in report
    assert "S5.2" in report and "1 of 2" in report  # bob has not mastered S5.2 yet


def test_skills_not_mastered_are_listed_weakest_first(course):
    weak = export.not_mastered(grades.skill_scores(grades.cell_grades(course)))
    assert weak["skill"].tolist() == ["S5.2", "S5.6"]
    assert weak["learners_below"].tolist() == ["bob", "bob"] and weak["mastered"].tolist() == ["1 of 2", "1 of 2"]


def test_grade_and_skills_tables_for_the_terminal(course):
    cells = grades.cell_grades(course)
    table = grades.grade_table(cells).splitlines()
    assert table[0].split() == ["ada", "bob"]
    assert table[1].split() == [f"{MODULE}/{NOTEBOOK}", "5", "/", "5", "3", "/", "5"]
    assert table[2].startswith(f"{MODULE} (total)")
    skills = grades.skills_table(cells).splitlines()
    assert skills[0].split()[-2:] == ["ada", "bob"]
    s52 = next(line for line in skills if line.startswith("S5.2 "))
    assert s52.split()[-2:] == ["100%", "0%"]
    assert not any(line.startswith("S1.") for line in skills), "skills of modules nobody was graded on are left out"
