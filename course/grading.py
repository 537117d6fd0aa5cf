"""Instructor tools: build the student copy, autograde submissions, report grades.

These wrap nbgrader's command line, one call per module and per student, so
that a broken submission is reported and never stops the grading of the
others. The course root is the nbgrader course directory.

Used by ``python -m course`` and by the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .data import COURSE_ROOT

#: Students of the demonstration run: the reference solution and an empty submission.
DEMO_STUDENTS = ("reference", "blank")

#: Environment for notebooks that nbgrader runs, the same that nbgrader_config.py sets:
#: TensorFlow's C++ messages would otherwise land on stderr, which nbgrader scores as a failure.
GRADING_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "agg"}


def modules(root: Path = COURSE_ROOT) -> list[str]:
    """Return the course modules (assignments) found in ``source/``, in order."""
    return sorted(p.name for p in (root / "source").glob("m[0-9]*_*") if p.is_dir())


def notebooks(folder: Path) -> list[Path]:
    """Return the notebooks of one module folder, in order."""
    return sorted(p for p in folder.glob("*.ipynb"))


def nbgrader(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course directory ``root`` and return the result."""
    # nbgrader runs the `alembic` program next to the Python it runs under
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, **GRADING_ENV, "PATH": path}
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"`nbgrader {' '.join(args)}` failed (exit {result.returncode}):\n"
                           + result.stdout[-3000:] + result.stderr[-3000:])
    return result


def generate_release(root: Path, module: str) -> Path:
    """Build the student copy ``release/<module>`` from ``source/<module>``."""
    nbgrader(root, "generate_assignment", module, "--force")
    return root / "release" / module


def submit(root: Path, module: str, student: str, files_from: Path, notebooks_from: Path | None = None) -> Path:
    """Place a submission in ``submitted/<student>/<module>`` as nbgrader's collect would.

    Args:
        root: course directory.
        module: assignment name.
        student: student id.
        files_from: folder whose files (notebooks and data) make up the submission.
        notebooks_from: if given, notebooks are taken from this folder instead.
    """
    target = root / "submitted" / student / module
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(files_from, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if notebooks_from is not None:
        for notebook in notebooks(notebooks_from):
            shutil.copy2(notebook, target / notebook.name)
    (target / "timestamp.txt").write_text(time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime()))
    return target


@dataclass
class GradingRun:
    """What happened when one student's submission of one module was autograded."""

    module: str
    student: str
    ok: bool
    seconds: float
    log: str


def autograde(root: Path, module: str, student: str, *options: str) -> GradingRun:
    """Autograde one submission; failures are returned, not raised.

    ``options`` are extra nbgrader flags, e.g. ``"--IgnorePattern.enabled=False"``.
    """
    start = time.perf_counter()
    result = nbgrader(root, "autograde", module, "--student", student, "--force", *options, check=False)
    ok = result.returncode == 0
    return GradingRun(module, student, ok, time.perf_counter() - start, result.stdout + result.stderr)


def generate_feedback(root: Path, module: str, student: str) -> subprocess.CompletedProcess:
    """Write the feedback HTML for one graded submission into ``feedback/``."""
    return nbgrader(root, "generate_feedback", module, "--student", student, "--force", check=False)


@dataclass
class Grade:
    """Score of one graded cell."""

    module: str
    student: str
    notebook: str
    grade_id: str
    score: float
    max_score: float


def grades(root: Path) -> list[Grade]:
    """Read every autograded cell score from the gradebook."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append(Grade(assignment.name, submission.student.id, notebook.name, grade.name,
                                          float(grade.score or 0), float(grade.max_score)))
    return sorted(rows, key=lambda g: (g.module, g.student, g.notebook, g.grade_id))


def totals(rows: list[Grade], by=("module", "student")) -> dict:
    """Sum scores and maxima over the given fields: ``{key: (score, max)}``."""
    out: dict = {}
    for row in rows:
        key = tuple(getattr(row, field) for field in by)
        score, most = out.get(key, (0.0, 0.0))
        out[key] = (score + row.score, most + row.max_score)
    return out


def grade_table(rows: list[Grade]) -> str:
    """Format a table of scores per module, notebook and student."""
    students = sorted({r.student for r in rows}, key=lambda s: (s not in DEMO_STUDENTS, s))
    per_notebook = totals(rows, by=("module", "notebook", "student"))
    per_module = totals(rows, by=("module", "student"))
    width = max([len(f"{r.module}/{r.notebook}") for r in rows] + [20])
    lines = [f"{'notebook':<{width}}  " + "  ".join(f"{s:>12}" for s in students)]
    lines.append("-" * len(lines[0]))
    for module in sorted({r.module for r in rows}):
        for notebook in sorted({r.notebook for r in rows if r.module == module}):
            cells = [per_notebook.get((module, notebook, s)) for s in students]
            lines.append(f"{module + '/' + notebook:<{width}}  " + "  ".join(_cell(c) for c in cells))
        cells = [per_module.get((module, s)) for s in students]
        lines.append(f"{module + ' (total)':<{width}}  " + "  ".join(_cell(c) for c in cells))
    return "\n".join(lines)


def _cell(pair) -> str:
    if pair is None:
        return f"{'-':>12}"
    score, most = pair
    return f"{score:>5.1f} / {most:<4.0f}"


def make_demo(root: Path, module_names: list[str] | None = None, log=print) -> list[GradingRun]:
    """The main job: release every module, then autograde a reference and a blank submission.

    Returns the list of grading runs; the gradebook holds the scores.
    """
    runs = []
    for module in module_names or modules(root):
        log(f"[{module}] generating the student copy in release/{module}")
        release_dir = generate_release(root, module)
        submit(root, module, "reference", release_dir, notebooks_from=root / "source" / module)
        submit(root, module, "blank", release_dir)
        for student in DEMO_STUDENTS:
            log(f"[{module}] autograding the {student} submission ...")
            run = autograde(root, module, student)
            log(f"[{module}] {student}: {'done' if run.ok else 'FAILED'} in {run.seconds:.0f} s")
            if not run.ok:
                log(run.log[-2000:])
            generate_feedback(root, module, student)
            runs.append(run)
    return runs
