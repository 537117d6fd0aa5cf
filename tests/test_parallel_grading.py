"""Grading as tasks: each learner's module in a folder of its own, here or on Dask workers, one gradebook writer.

A small cohort of one module (the first notebook answered by Ada, nothing by Ben,
Dev's first notebook corrupted and his second answered) is graded three ways:
here, task after task; on a local Dask cluster of two workers; and on a Dask
cluster that the test starts itself as ``dask scheduler`` and ``dask worker``
processes. All three must give identical grades, one row per cell, and graded
copies of exactly the notebooks that could be graded.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from conftest import copy_course

from course import cli
from course.instructor import cohort, grades, grading, parallel
from course.instructor.learners import answer, break_notebook
from course.instructor.nbgrader_api import Course
from course.instructor.scratch import place_submission

MODULE = "m4_time_series"
DASK = Path(sys.executable).parent / "dask"


def make_cohort(root: Path) -> Course:
    """A course copy with ada, ben and dev's submissions of MODULE in ``submitted/`` (see the module docstring)."""
    course = Course(root)
    course.generate(MODULE).expect("building the student copy")
    first, second = course.notebooks(MODULE, "release")[:2]
    answers = root / "answers"
    for student, names in {"ada": [first], "ben": [], "dev": [second]}.items():
        notebooks = []
        for name in names:
            notebook = answers / student / f"{name}.ipynb"
            notebook.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / "release" / MODULE / f"{name}.ipynb", notebook)
            answer(notebook, root / "source" / MODULE / f"{name}.ipynb")
            notebooks.append(notebook)
        place_submission(course, MODULE, student, notebooks)
    break_notebook(root / "submitted" / "dev" / MODULE / f"{first}.ipynb")
    return course


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The cohort graded here, task after task: the course and its cell grades."""
    course = make_cohort(copy_course(tmp_path_factory.mktemp("serial") / "course", [MODULE]))
    results = cohort.autograde(course, [MODULE], progress=False)
    return course, results, grades.cell_grades(course)


def scores(cells):
    return cells.sort_values(["student", "notebook", "grade_id"]).reset_index(drop=True)


@pytest.mark.slow
def test_each_learner_gets_what_their_work_earns(serial):
    course, results, cells = serial
    first, second = course.notebooks(MODULE)[:2]
    totals = cells.groupby(["student", "notebook"])[["score", "max_score"]].sum()
    assert totals.loc[("ada", first), "score"] == totals.loc[("ada", first), "max_score"] > 0
    assert totals.loc[("dev", second), "score"] == totals.loc[("dev", second), "max_score"] > 0
    assert cells.loc[cells.student == "ben", "score"].sum() == 0
    assert totals.loc[("dev", first), "score"] == 0
    broken = [r for r in results if not r.ok]
    assert [(r.student, r.notebook) for r in broken] == [("dev", first)]
    assert "not a valid notebook" in broken[0].problem
    assert not cells.duplicated(["student", "notebook", "grade_id"]).any()
    graded = course.root / "autograded"
    assert sorted(p.name for p in (graded / "dev" / MODULE).glob("*.ipynb")) == \
        sorted(f"{n}.ipynb" for n in course.notebooks(MODULE) if n != first)
    assert (graded / "ada" / MODULE / "timestamp.txt").is_file()


@pytest.mark.slow
def test_two_local_dask_workers_grade_exactly_as_serial_grading(serial, tmp_path):
    course = make_cohort(copy_course(tmp_path / "course", [MODULE]))
    results = cohort.autograde(course, [MODULE], progress=False, workers=2)
    assert all(r.worker.startswith("tcp://") for r in results), "graded outside the Dask workers"
    assert scores(grades.cell_grades(course)).equals(scores(serial[2]))
    again = cohort.autograde(course, [MODULE], progress=False, workers=2)
    assert len(again) == len(results)
    assert scores(grades.cell_grades(course)).equals(scores(serial[2])), "grading again changed a grade"


@pytest.fixture
def dask_cluster(tmp_path):
    """A ``dask scheduler`` and two ``dask worker`` processes started here, stopped afterwards: the address."""
    scheduler_file = tmp_path / "scheduler.json"
    common = {"cwd": tmp_path, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([str(DASK), "scheduler", "--scheduler-file", str(scheduler_file), "--port", "0",
                                   "--no-dashboard"], **common)]
    try:
        for _ in range(600):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        processes += [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard"], **common)
                      for _ in range(2)]
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


@pytest.mark.slow
def test_an_existing_dask_cluster_grades_exactly_as_serial_grading(serial, dask_cluster, tmp_path, capsys):
    course = make_cohort(copy_course(tmp_path / "course", [MODULE]))
    code = cli.main(["--course-dir", str(course.root), "autograde", "--scheduler", dask_cluster, "--no-progress"])
    out, _ = capsys.readouterr()
    assert code == 1, out  # one notebook could not be graded: dev's corrupted one
    assert "dev m4_time_series/01_series_and_baselines: it is not a valid notebook" in out
    assert "limits of graded kernels: memory on (RLIMIT_DATA, 8 GiB); file size on" in out
    assert scores(grades.cell_grades(course)).equals(scores(serial[2]))
    assert {r.worker for r in serial[1]} == {"local"}


def test_a_task_carries_only_its_own_submission(tmp_path):
    course = Course(copy_course(tmp_path / "course", [MODULE]))
    course.generate(MODULE).expect("building the student copy")
    place_submission(course, MODULE, "ada")
    place_submission(course, MODULE, "ben")
    task = grading.submission(course, MODULE, "ada")
    assert set(task.files) == {f"{n}.ipynb" for n in course.notebooks(MODULE)} | {"timestamp.txt"}
    assert task.notebooks == course.notebooks(MODULE)
    kit = grading.build_kit(course, MODULE)
    with tarfile.open(fileobj=io.BytesIO(kit)) as tar:
        names = tar.getnames()
    assert "./gradebook.db" in names and f"./release/{MODULE}/{task.notebooks[0]}.ipynb" in names
    assert not [n for n in names if n.startswith(("./submitted", "./autograded", "./exchange"))]


def test_merging_a_result_replaces_the_earlier_grades(tmp_path):
    course = Course(copy_course(tmp_path / "course", [MODULE]))
    course.generate(MODULE).expect("building the student copy")
    first, *others = course.notebooks(MODULE)
    with course.gradebook() as gradebook:
        ids = [g.name for g in gradebook.find_notebook(first, MODULE).grade_cells]
    full = grading.Notebook(first, True, 1.0, grades=dict.fromkeys(ids, 1.0))
    grading.merge(course, grading.Result(MODULE, "ada", "2026-12-03T10:00:00", [full], {f"{first}.ipynb": b"{}"}))
    grading.merge(course, grading.Result(MODULE, "ada", "2026-12-03T11:00:00", [full], {f"{first}.ipynb": b"{}"}))
    cells = grades.cell_grades(course)
    mine = cells[cells.notebook == first]
    assert len(mine) == len(ids) and (mine.score == 1.0).all()
    assert (cells[cells.notebook.isin(others)].score == 0).all(), "a notebook missing from the submission scores 0"
    assert [p.name for p in (course.root / "autograded" / "ada" / MODULE).iterdir()] == [f"{first}.ipynb"]
    broken = grading.Notebook(first, False, 1.0, problem="it is not a valid notebook")
    grading.merge(course, grading.Result(MODULE, "ada", None, [broken], {f"{first}.ipynb": b"{}"}))
    cells = grades.cell_grades(course)
    assert (cells.score == 0).all() and len(cells) == len(grades.cell_grades(course).drop_duplicates())
    assert not (course.root / "autograded" / "ada" / MODULE / f"{first}.ipynb").exists()


def test_threads_are_shared_between_the_workers_of_a_machine():
    assert parallel.threads_per_worker(2, cores=2) == 1
    assert parallel.threads_per_worker(2, cores=16) == 8
    assert parallel.threads_per_worker(4, cores=2) == 1


def test_bad_worker_counts_and_unreachable_schedulers_get_one_clear_line(tmp_path, capsys, monkeypatch):
    course = make_cohort(copy_course(tmp_path / "course", [MODULE]))
    for bad in ("0", "two", "-1"):
        with pytest.raises(SystemExit) as stop:
            cli.main(["--course-dir", str(course.root), "autograde", "--workers", bad])
        assert stop.value.code == 2
        assert "expected a whole number of at least 1" in capsys.readouterr().err
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 2)
    code = cli.main(["--course-dir", str(course.root), "autograde", "--scheduler", "tcp://127.0.0.1:9",
                     "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: no Dask scheduler answers at tcp://127.0.0.1:9"), err
    assert not (course.root / "autograded" / "ada").exists(), "nothing may be graded"
