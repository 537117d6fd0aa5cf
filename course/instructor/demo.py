"""The main job: a simulated cohort through the whole journey, over nbgrader's real exchange.

``python -m course demo`` (``python3 dev.py grade``) copies the instructor's
course (``nbgrader_config.py``, ``source/``, ``heldout/``) into a fresh course
folder of its own, so that the real course and its gradebook are never touched,
and then runs what an instructor and four learners do:

1. the instructor imports the roster and releases every module to the exchange;
2. each learner, under an identity of their own (see :mod:`.learners`), fetches
   every module, works and submits: Ada answers everything, Ben nothing, Cleo
   every other notebook (the 2nd, 4th, ...), and Dev's first notebook of each
   module is corrupted while saving (not valid JSON) and the second one answered;
3. the instructor collects, autogrades (several submissions at a time on a local
   Dask cluster, one per core, with a progress bar), generates and releases the feedback, and exports the grades;
4. each learner fetches their feedback.

It prints the grade table, the skills picture and where the report and the
feedback are, and checks every learner's grade against what their work must
earn. The folder layout::

    cohort-demo/
      course/     the instructor's course directory (only the instructor can read it)
      exchange/   nbgrader's exchange, shared with the learners
      home/<id>/  each learner's home: fetched modules, submissions' cache, feedback
      roster.csv
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pandas as pd

from . import cohort, export, grades, learners, parallel, roster
from .nbgrader_api import Course, CourseError
from .scratch import copy_course

COHORT = [
    learners.Learner("demo-ada", "Ada", "Lovelace", "ada@example.org", "full"),
    learners.Learner("demo-ben", "Ben", "Blank", "ben@example.org", "blank"),
    learners.Learner("demo-cleo", "Cleo", "Halfway", "cleo@example.org", "partial"),
    learners.Learner("demo-dev", "Dev", "Broken", "dev@example.org", "broken"),
]


def answered(kind: str, notebooks: list[str]) -> list[str]:
    """The notebooks a learner of this kind answers: all, none, the 2nd, 4th... (partial), the 2nd (broken)."""
    return {"full": notebooks, "blank": [], "partial": notebooks[1::2], "broken": notebooks[1:2]}[kind]


def expected_scores(course: Course, cohort_: list) -> pd.DataFrame:
    """What each learner's work must earn per module: the points of the notebooks they answered."""
    maxima = grades.module_maxima(course)
    rows = []
    for learner in cohort_:
        for module, table in maxima.groupby("module"):
            points = dict(zip(table["notebook"], table["max_score"]))
            rows.append((learner.id, module, sum(points[nb] for nb in answered(learner.kind, sorted(points)))))
    return pd.DataFrame(rows, columns=["student", "module", "expected"])


def _together(work, accounts) -> list:
    """Run ``work(account)`` for every learner at once (each in their own nbgrader processes); results in order.

    Learners on a course server work side by side; here it also keeps the Python start-up of
    their many nbgrader commands from adding up.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        return list(pool.map(work, accounts))


def prepare(source_root: Path, folder: Path, modules: list[str]) -> Path:
    """Make a fresh demo folder with a copy of the instructor's course in ``folder/course``."""
    if folder.exists():
        shutil.rmtree(folder)
    course_dir = copy_course(source_root, folder / "course", modules)
    exchange = folder / "exchange"
    with (course_dir / "nbgrader_config.py").open("a") as config:
        config.write("\n# The simulated cohort's exchange (written by `course demo`)\n"
                     f"c.Exchange.root = {str(exchange)!r}\n")
    course_dir.chmod(0o700)  # solutions, held-out data and the gradebook are the instructor's alone
    folder.chmod(0o755)
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)
    (folder / "home").mkdir(mode=0o755)
    return course_dir


def run(source_root: Path, folder: Path, modules: list[str] | None = None, cohort_: list | None = None,
        progress: bool = True, log=print, overrides=None, workers: int | None = None) -> dict:
    """Run the whole journey; return what it measured (see the end of this function).

    ``workers``: how many submissions are graded at a time (default: one per core, at most 4).
    """
    cohort_ = cohort_ or COHORT
    started = time.perf_counter()
    timings: dict = {}

    def step(key, text):
        timings[key] = time.perf_counter()
        log(f"[demo] {text}")

    modules = modules or Course(source_root).modules()
    step("prepare", f"preparing a fresh course folder in {folder}")
    course_dir = prepare(source_root, folder, modules)
    course = Course(course_dir, overrides)
    exchange = course.exchange_root
    (folder / "roster.csv").write_text("id,first_name,last_name,email\n" + "".join(
        f"{p.id},{p.first_name},{p.last_name},{p.email}\n" for p in cohort_))
    roster.import_file(course, folder / "roster.csv")

    step("release", f"releasing {len(modules)} module(s) to the exchange {exchange}")
    for module in modules:
        course.generate(module).expect(f"building {module}")
        course.release(module).expect(f"releasing {module}")

    unix_users = learners.can_create_accounts()
    if unix_users:
        closed = [p for p in (folder / "home").parents if not p.stat().st_mode & 0o001]
        if closed:
            raise CourseError(f"the learners' Unix accounts could not reach their homes in {folder}: {closed[0]} is "
                              "closed to other users; use --folder to put the demo elsewhere (or chmod o+x it)")
    step("accounts", "creating the learners' " + ("Unix accounts and homes" if unix_users else
                                      "homes (not root: they share this user, told apart by nbgrader's student_id)"))
    accounts = [learners.Account(p, folder / "home" / p.id, exchange, course.course_id, unix_users).create()
                for p in cohort_]
    try:
        step("fetch and submit", "learners fetch, work and submit (each at their own pace, at the same time)")

        def work(account):
            for module in modules:
                fetched = account.fetch(module)
                names = sorted(p.stem for p in fetched.glob("*.ipynb"))
                for name in answered(account.learner.kind, names):
                    learners.answer(fetched / f"{name}.ipynb", course_dir / "source" / module / f"{name}.ipynb")
                if account.learner.kind == "broken":
                    learners.break_notebook(fetched / f"{names[0]}.ipynb")
                account.give_back_files()
                account.submit(module)
            return f"       {account.learner.id} ({account.learner.kind}): submitted {', '.join(modules)}"

        for line in _together(work, accounts):
            log(line)

        step("collect", "collecting")
        for module in modules:
            course.collect(module).expect(f"collecting {module}")
        workers = workers or parallel.default_workers()
        step("autograde", f"autograding every submission ({workers} at a time, on a local Dask cluster)"
             if workers > 1 else "autograding every submission")
        results = cohort.autograde(course, modules, progress=progress, log=log, workers=workers)
        step("feedback", "generating and releasing feedback")
        cohort.feedback(course, modules, log=log)
        step("fetch feedback", "learners fetch their feedback")
        fetched_feedback = dict(zip([a.learner.id for a in accounts], _together(
            lambda account: [page for module in modules for page in account.fetch_feedback(module)], accounts)))
        step("export", "exporting the grades")
        paths = export.export(course, course_dir / "reports")
        status = cohort.status(course)
    finally:
        owner = (os.getuid(), os.getgid())
        for account in accounts:
            account.remove(owner)

    cells = grades.cell_grades(course)
    scores = grades.totals(cells).merge(expected_scores(course, cohort_), on=["student", "module"], how="right")
    scores["score"] = scores["score"].fillna(0.0)
    scores["as_expected"] = scores["score"] == scores["expected"]
    names = list(timings)
    ends = [timings[name] for name in names[1:]] + [time.perf_counter()]
    durations = {name: end - timings[name] for name, end in zip(names, ends)}
    seconds = pd.DataFrame([(r.student, r.module, r.seconds) for r in results], columns=["student", "module", "s"])
    grading_seconds = seconds.pivot_table(index="student", columns="module", values="s", aggfunc="sum").round(1)
    return {"course": course, "results": results, "scores": scores, "paths": paths, "status": status,
            "feedback": fetched_feedback, "cells": cells, "unix_users": unix_users, "grading_seconds": grading_seconds,
            "seconds": time.perf_counter() - started, "durations": durations}
