"""A cohort's journey through the course: autograde every submission, give feedback, see where everyone is.

Autograding grades each learner's module as a task of its own, notebook by
notebook through nbgrader, in a temporary course folder (see
:mod:`course.instructor.grading`), one task after another or on parallel Dask
workers (:mod:`course.instructor.parallel`), with a progress bar and an estimate
of the time left; only this process writes the gradebook. A notebook that is not a valid notebook is
reported, scored 0 and explained in the learner's feedback; everything else of
that learner and of every other learner is graded as usual. Grading again
replaces the earlier grades of the same submission (nbgrader keeps one
submission per learner and module).
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import grading, parallel
from .nbgrader_api import CourseError


@dataclass
class Graded:
    """The outcome of autograding one notebook of one learner."""

    module: str
    student: str
    notebook: str
    ok: bool
    seconds: float
    problem: str = ""
    worker: str = ""  # where it was graded: "local", or the Dask worker's address
    peak_mb: float = 0.0  # the largest memory of a kernel that this worker had run by then


def unreadable(path: Path) -> str:
    """Return why ``path`` is not a notebook nbgrader can grade, or ``""`` if it is one."""
    return grading.unreadable(path.read_bytes())


def check_students(course, modules, students) -> None:
    """Fail clearly if a learner named on the command line is unknown or has submitted none of ``modules``."""
    known = set(course.students())
    for student in students:
        submitted = [m for m in modules if student in course.submitted_students(m)]
        if student not in known and not submitted:
            raise CourseError(f"unknown learner {student!r}: not in the roster and no submission collected "
                              "(see `course roster list`)")
        if not submitted:
            raise CourseError(f"{student!r} has no collected submission of {', '.join(modules)}: run "
                              "`course collect` first, or check the module names")


def autograde(course, modules, students=(), progress: bool = True, log=print, workers: int = 1,
              scheduler: str | None = None) -> list[Graded]:
    """Autograde the collected submissions of ``modules`` (of ``students`` only, if given).

    Each learner's module is graded as a task of its own in a temporary course folder
    (:mod:`course.instructor.grading`), here or on ``workers`` Dask workers (or the Dask
    cluster at ``scheduler``, see :mod:`course.instructor.parallel`); this process alone
    writes the results into the gradebook, as each task ends.

    Returns one :class:`Graded` per notebook; the gradebook holds the scores.
    """
    from tqdm.auto import tqdm

    check_students(course, modules, students)
    tasks = [grading.submission(course, module, student) for module in modules
             for student in course.submitted_students(module) if not students or student in students]
    tasks.sort(key=lambda task: -_answered(course, task))  # the longest first, so that workers end together
    kits = {module: grading.build_kit(course, module) for module in sorted({task.module for task in tasks})}
    results = []
    bar = tqdm(total=sum(max(1, len(task.notebooks)) for task in tasks), unit="notebook", desc="autograde",
               disable=not progress, dynamic_ncols=True)
    for task, outcome in parallel.run(tasks, kits, workers, scheduler):
        bar.set_postfix_str(f"{task.student} {task.module}", refresh=False)
        if isinstance(outcome, Exception):
            problem = f"grading failed ({type(outcome).__name__}: {outcome}); the earlier grades are kept"
            results += [Graded(task.module, task.student, name, False, 0.0, problem) for name in task.notebooks]
            bar.write(f"{task.student} {task.module}: {problem}")
        else:
            grading.merge(course, outcome)
            if not outcome.notebooks:
                bar.write(f"{task.student} {task.module}: no notebook in the submission; every test scores 0")
            for notebook in outcome.notebooks:
                results.append(Graded(task.module, task.student, notebook.name, notebook.ok, notebook.seconds,
                                      notebook.problem, outcome.worker, outcome.peak_mb))
                if not notebook.ok:
                    bar.write(f"{task.student} {task.module}/{notebook.name}: {notebook.problem.splitlines()[0]}; "
                              "it scores 0")
        bar.update(max(1, len(task.notebooks)))
    bar.close()
    return results


def _answered(course, task) -> int:
    """How many of a submission's notebooks differ from the student copy (the ones that take time to grade)."""
    release = course.root / "release" / task.module
    return sum(not (release / f"{name}.ipynb").is_file() or (release / f"{name}.ipynb").read_bytes() != data
               for name, data in task.files.items() if name.endswith(".ipynb"))


def feedback(course, modules, log=print) -> dict:
    """Generate and release the feedback of every graded submission of ``modules``.

    A submitted notebook that has no graded copy (it could not be graded) gets a short
    feedback page that says why. Feedback is released learner by learner: a submission that
    did not come through the exchange (``nbgrader zip_collect``, a copied folder) has no
    submission secret, so its feedback stays in ``feedback/`` for the instructor to hand over,
    and the others are released as usual.

    Returns:
        ``{module: number of learners whose feedback was released}``.
    """
    graded = _graded(course)
    released = {}
    for module in modules:
        students = sorted(set(course.submitted_students(module)) & graded.get(module, set()))
        released[module] = 0
        for student in students:
            if any((course.root / "autograded" / student / module).glob("*.ipynb")):
                outcome = course.generate_feedback(module, student)
                if not outcome.ok:
                    log(f"{student} {module}: feedback could not be generated:\n{outcome.tail()}")
            for notebook in sorted((course.root / "submitted" / student / module).glob("*.ipynb")):
                if not (course.root / "autograded" / student / module / notebook.name).exists():
                    problem = unreadable(notebook) or "nbgrader could not grade it (your instructor has the details)"
                    _problem_page(course, module, student, notebook.stem, problem)
            folder = course.root / "feedback" / student / module
            if not (folder / "submission_secret.txt").exists():
                log(f"{student} {module}: not released (the submission did not come through the exchange); "
                    f"hand over {folder} yourself")
                continue
            course.release_feedback(module, student).expect(f"releasing the feedback of {student} {module}")
            released[module] += 1
    return released


def _problem_page(course, module, student, notebook, problem) -> None:
    """Write the feedback page of a notebook that could not be graded, next to the others."""
    folder = course.root / "feedback" / student / module
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("timestamp.txt", "submission_secret.txt"):  # what release_feedback needs
        source = course.root / "submitted" / student / module / name
        if source.exists() and not (folder / name).exists():
            shutil.copy2(source, folder / name)
    with course.gradebook() as gradebook:
        points = gradebook.find_notebook(notebook, module).max_score
    text = html.escape(problem.splitlines()[0])
    (folder / f"{notebook}.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{notebook}</title></head><body>"
        f"<h1>{notebook} (Score: 0 / {points:g})</h1><p>This notebook could not be graded: {text}.</p>"
        "<p>Open it in JupyterLab: if it does not open, fetch the module again into another folder, copy your "
        "answers into the fresh notebook, run it from the top, save it and submit again.</p></body></html>",
        encoding="utf-8")


def status(course) -> pd.DataFrame:
    """Per module: released or not, and how many learners fetched, submitted, were graded and got feedback.

    ``fetched`` counts the receipts of :mod:`course.exchange` (``None`` where none are recorded);
    ``submitted`` counts learners with a submission in the exchange; ``collected``, ``graded`` and
    ``feedback`` count learners whose submission is in ``submitted/``, in the gradebook, and whose
    feedback is in the exchange.
    """
    from nbgrader.utils import notebook_hash

    exchange = course.exchange_root / course.course_id
    graded = _graded(course)
    rows = []
    for module in course.modules():
        def learners(folder, pattern):
            return {p.name.split("+")[0] for p in (exchange / folder).glob(pattern)} if (exchange / folder).is_dir() \
                else set()

        receipts_kept = (exchange / "fetched").is_dir()
        with_feedback = set()
        for secret in (course.root / "feedback").glob(f"*/{module}/submission_secret.txt"):
            student = secret.parent.parent.name
            key = secret.read_text()
            if any((exchange / "feedback" / f"{notebook_hash(secret=key, notebook_id=page.stem)}.html").exists()
                   for page in secret.parent.glob("*.html")):
                with_feedback.add(student)
        rows.append({
            "module": module,
            "released": (exchange / "outbound" / module).is_dir(),
            "fetched": len(learners("fetched", f"*+{module}+*")) if receipts_kept else None,
            "submitted": len(learners("inbound", f"*+{module}+*")),
            "collected": len(course.submitted_students(module)),
            "graded": len(graded.get(module, ())),
            "feedback": len(with_feedback),
        })
    return pd.DataFrame(rows)


def _graded(course) -> dict:
    """``{module: learners with an autograded notebook}``, read from the gradebook."""
    out: dict = {}
    with course.gradebook() as gradebook:
        for assignment in gradebook.assignments:
            out[assignment.name] = {s.student.id for s in assignment.submissions
                                    if any(g.auto_score is not None for nb in s.notebooks for g in nb.grades)}
    return out
