"""Grade one learner's module in a course folder of its own, and merge the result into the gradebook.

Autograding is split in two so that it can run anywhere, in parallel, and still
leave one writer of the gradebook:

1. :func:`build_kit` packs what grading a module needs (the course's configuration,
   the module's source, its student copy, the held-out data, and a gradebook that
   holds the module's definition and nobody's grades) into one archive, once per module;
2. :func:`grade` (the task that a Dask worker, or this process, runs) unpacks the kit in a
   temporary folder, places one learner's submission there, autogrades it notebook by
   notebook through nbgrader, and returns a :class:`Result`: the scores and comments of
   every graded cell and the graded notebooks, never a path into the instructor's course;
3. :func:`merge` writes a result into the course's gradebook and ``autograded/`` folder,
   exactly as nbgrader's own autograde would have (``SaveAutoGrades``, late penalties,
   missing notebooks scored 0).

A task sees only its own submission: no other learner's work, no gradebook with
other grades, no source folder of another module.

Example:
    >>> kit = build_kit(course, "m1_foundations")  # doctest: +SKIP
    >>> merge(course, grade(kit, submission(course, "m1_foundations", "ada")))  # doctest: +SKIP
"""

from __future__ import annotations

import fnmatch
import io
import resource
import shutil
import tarfile
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .nbgrader_api import Course
from .scratch import copy_course
from .settings import NOTEBOOK_LEFTOVERS

#: The most bytes of each kernel log (``.kernel-<notebook>.log``) that come back with a result.
KERNEL_LOG_BYTES = 200_000



@dataclass
class Task:
    """One learner's submission of one module: its files, relative to the submission folder."""

    module: str
    student: str
    files: dict  # relative path -> bytes
    overrides: object = None  # the course's traitlets Config overrides, which grading applies too

    @property
    def notebooks(self) -> list[str]:
        return sorted(Path(name).stem for name in self.files if name.endswith(".ipynb") and "/" not in name)


@dataclass
class Notebook:
    """What grading one notebook gave: the score of each graded cell, or why it could not be graded."""

    name: str
    ok: bool
    seconds: float
    problem: str = ""
    grades: dict = field(default_factory=dict)  # grade_id -> auto_score (None: needs manual grading)
    comments: dict = field(default_factory=dict)  # grade_id -> auto_comment
    late_penalty: float | None = None


@dataclass
class Result:
    """The outcome of a :class:`Task`: each notebook's grades and the files of the graded folder."""

    module: str
    student: str
    timestamp: str | None
    notebooks: list  # of Notebook
    files: dict  # relative path in autograded/<student>/<module>/ -> bytes
    seconds: float = 0.0
    worker: str = ""
    peak_mb: float = 0.0  # the largest resident memory of any process this worker has run (its kernels)


# ---------------------------------------------------------------------------------------------- the kit


def build_kit(course: Course, module: str) -> bytes:
    """Pack what grading ``module`` needs into a gzipped tar archive (see the module docstring).

    The kit's gradebook holds the module exactly as ``nbgrader generate_assignment`` records
    it from ``source/``, with the due date (if any) of the course's gradebook, so late
    penalties come out as they would in the course.
    """
    with tempfile.TemporaryDirectory(prefix="course-kit-") as tmp:
        root = copy_course(course.root, Path(tmp) / "course", [module])
        kit = Course(root, course.overrides)
        kit.generate(module).expect(f"preparing the grading kit of {module}")
        with course.gradebook() as gradebook:
            duedate = gradebook.find_assignment(module).duedate
        if duedate is not None:
            with kit.gradebook() as gradebook:
                gradebook.update_or_create_assignment(module, duedate=duedate)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            tar.add(root, arcname=".")
        return buffer.getvalue()


def submission(course: Course, module: str, student: str) -> Task:
    """The :class:`Task` of grading what ``student`` submitted of ``module`` (from ``submitted/``)."""
    folder = course.root / "submitted" / student / module
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return Task(module, student, files, course.overrides)


# ---------------------------------------------------------------------------------------------- the task


def unreadable(data: bytes) -> str:
    """Return why ``data`` is not a notebook nbgrader can grade, or ``""`` if it is one."""
    try:
        with warnings.catch_warnings():  # nbformat's notes on missing cell ids: nbgrader copes with them
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.reads(data.decode("utf-8"), as_version=4))
    except Exception as error:  # JSON errors, schema errors, empty files, binary files, bad UTF-8...
        reason = " ".join(str(error).split())
        return f"it is not a valid notebook ({type(error).__name__}: {reason[:200]})"
    return ""


def grade(kit: bytes, task: Task) -> Result:
    """Autograde ``task`` in a temporary course folder made from ``kit``, and return the :class:`Result`.

    This is what runs on a grading worker. Each notebook is graded on its own, so one
    that nbgrader cannot process does not cost the learner the grades of the others.
    """
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"course-grade-{task.student}-") as tmp:
        root = Path(tmp) / "course"
        with tarfile.open(fileobj=io.BytesIO(kit), mode="r:gz") as tar:
            # the "data" filter (no links or files outside root) exists from Python 3.11.4; Debian 12 has 3.11.2
            tar.extractall(root, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
        folder = root / "submitted" / task.student / task.module
        for name, data in task.files.items():
            target = (folder / name).resolve()
            if folder.resolve() not in target.parents:
                continue  # never a path outside the submission
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        course = Course(root, task.overrides)
        known = set(course.notebooks(task.module, "release"))
        notebooks = [_grade_notebook(course, task, name) for name in task.notebooks if name in known]
        graded = root / "autograded" / task.student / task.module
        timestamp = None
        with course.gradebook() as gradebook:
            try:
                found = gradebook.find_submission(task.module, task.student)
                timestamp = found.timestamp.isoformat() if found.timestamp else None
            except Exception:  # MissingEntry: nothing could be graded
                pass
        files = {}
        for path in sorted(graded.rglob("*")):
            name = path.relative_to(graded).as_posix()
            if path.is_file() and not path.is_symlink() and not _leftover(name):
                data = path.read_bytes()
                files[name] = data[-KERNEL_LOG_BYTES:] if path.name.startswith(".kernel-") else data
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    return Result(task.module, task.student, timestamp, notebooks, files, time.perf_counter() - start, _where(),
                  peak_mb)


def _grade_notebook(course: Course, task: Task, name: str) -> Notebook:
    start = time.perf_counter()
    problem = unreadable(task.files[f"{name}.ipynb"])
    if problem:
        return Notebook(name, False, time.perf_counter() - start, problem)
    outcome = course.autograde(task.module, task.student, name)
    seconds = time.perf_counter() - start
    if not outcome.ok or not (course.root / "autograded" / task.student / task.module / f"{name}.ipynb").exists():
        last = (outcome.tail(1) or "no error message").strip()
        return Notebook(name, False, seconds, f"nbgrader could not grade it ({last})\n{outcome.tail()}")
    with course.gradebook() as gradebook:
        found = gradebook.find_submission_notebook(name, task.module, task.student)
        return Notebook(name, True, seconds, grades={g.name: g.auto_score for g in found.grades},
                        comments={c.name: c.auto_comment for c in found.comments},
                        late_penalty=found.late_submission_penalty)


def _leftover(name: str) -> bool:
    """Whether a file of a graded folder is something a notebook left behind (a saved model, a checkpoint)."""
    return any(fnmatch.fnmatch(part, pattern) for part in name.split("/") for pattern in NOTEBOOK_LEFTOVERS)


def _where() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "local"


# ---------------------------------------------------------------------------------------------- the writer


def merge(course: Course, result: Result) -> None:
    """Record ``result`` in the course's gradebook and ``autograded/`` folder, replacing earlier grades.

    Scores follow nbgrader's ``SaveAutoGrades``: a cell with a manual score, or without an
    automatic one, still needs manual grading. A notebook that could not be graded, or that
    is missing from the submission, scores 0 and has no graded copy.
    """
    from datetime import datetime

    from nbgrader.api import MissingEntry

    module, student = result.module, result.student
    graded_names = {nb.name for nb in result.notebooks if nb.ok}
    with course.gradebook() as gradebook:
        gradebook.update_or_create_student(student)
        if result.timestamp:
            gradebook.update_or_create_submission(module, student, timestamp=datetime.fromisoformat(result.timestamp))
        else:
            gradebook.update_or_create_submission(module, student)
        for notebook in gradebook.find_assignment(module).notebooks:
            try:
                found = gradebook.find_submission_notebook(notebook.name, module, student)
            except MissingEntry:
                continue
            ours = next((nb for nb in result.notebooks if nb.name == notebook.name and nb.ok), None)
            for grade in found.grades:
                grade.auto_score = ours.grades.get(grade.name) if ours else 0
                grade.needs_manual_grade = bool(ours) and (grade.manual_score is not None or grade.auto_score is None)
            for comment in found.comments:
                comment.auto_comment = ours.comments.get(comment.name) if ours else None
            found.late_submission_penalty = ours.late_penalty if ours else None
        gradebook.db.commit()
    folder = course.root / "autograded" / student / module
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, data in result.files.items():
        target = (folder / name).resolve()
        if folder.resolve() not in target.parents or (name.endswith(".ipynb") and "/" not in name
                                                      and Path(name).stem not in graded_names):
            continue  # never outside the learner's graded folder; no graded copy of an ungraded notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

