"""Prove the graders fair: autograde alternative correct solutions and common mistakes.

For every graded notebook, ``tests/fairness/<module>/<notebook>.py`` lists
variants of the reference solution. A *correct* variant does what the exercise
text asks in another way (a functional model, a loss given as a function...)
and must get full marks; a *mistake* is one a learner makes and must lose the
points of the test meant to catch it, and only those. Each variant starts from
the reference: it replaces the solution cells it names (by ``grade_id``) and
keeps the reference in the others.

Each variant is graded as a submission of its own, through nbgrader, with the
course's configuration, so it meets exactly the graders a learner meets.

Example (a variants file):
    >>> VARIANTS = [  # doctest: +SKIP
    ...     correct("functional API", build_model='''
    ... def build_model():
    ...     inputs = keras.Input((1,))
    ...     return keras.Model(inputs, keras.layers.Dense(1)(inputs))
    ... '''),
    ...     mistake("no input layer", loses=["model_shape"], build_model="..."),
    ... ]
"""

from __future__ import annotations

import re
import runpy
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from .learners import answer
from .nbgrader_api import Course, CourseError
from .scratch import place_submission


@dataclass(frozen=True)
class Variant:
    """One way of answering a notebook: the solution cells it writes differently, and what it must score."""

    name: str
    cells: dict = field(default_factory=dict)  # solution grade_id -> the learner's code
    loses: tuple = ()  # grade_ids of the tests that must lose points (none: a correct solution)

    @property
    def correct(self) -> bool:
        return not self.loses


def correct(name: str, **cells: str) -> Variant:
    """A correct alternative: the named solution cells hold this code, and it must get full marks."""
    return Variant(name, {k: textwrap.dedent(v).strip() + "\n" for k, v in cells.items()})


def mistake(name: str, loses, **cells: str) -> Variant:
    """A common mistake: it must lose the points of the tests ``loses`` (grade_ids), and only those."""
    loses = (loses,) if isinstance(loses, str) else tuple(loses)
    if not loses:
        raise ValueError(f"mistake {name!r} names no test that must catch it")
    return Variant(name, {k: textwrap.dedent(v).strip() + "\n" for k, v in cells.items()}, loses)


def load(folder: Path) -> dict:
    """Read every variants file under ``folder``: ``{(module, notebook): [Variant, ...]}``."""
    found = {}
    for path in sorted(Path(folder).glob("m[0-9]*_*/[0-9]*.py")):
        variants = runpy.run_path(str(path)).get("VARIANTS")
        if not variants:
            raise CourseError(f"{path} defines no VARIANTS list")
        found[(path.parent.name, path.stem)] = list(variants)
    return found


def check_variants(root: Path, found: dict) -> list[str]:
    """What is wrong with the variants: unknown notebooks, solution cells or tests."""
    problems = []
    for (module, notebook), variants in found.items():
        source = Path(root) / "source" / module / f"{notebook}.ipynb"
        if not source.exists():
            problems.append(f"{module}/{notebook}: no such source notebook")
            continue
        meta = [c.metadata.get("nbgrader", {}) for c in nbformat.read(source, as_version=4).cells]
        solutions = {m["grade_id"] for m in meta if m.get("solution")}
        tests = {m["grade_id"] for m in meta if m.get("grade") and not m.get("solution")}
        for variant in variants:
            where = f"{module}/{notebook} {variant.name!r}"
            problems += [f"{where}: no solution cell {k!r}" for k in variant.cells if k not in solutions]
            problems += [f"{where}: no test {k!r}" for k in variant.loses if k not in tests]
            if not variant.cells:
                problems.append(f"{where}: changes no solution cell")
    return problems


def write_submission(course: Course, module: str, notebook: str, variant: Variant, student: str) -> Path:
    """Write the variant as ``submitted/<student>/<module>/<notebook>.ipynb``, as nbgrader's collect would."""
    folder = place_submission(course, module, student, [course.root / "release" / module / f"{notebook}.ipynb"],
                              only=True)
    path = folder / f"{notebook}.ipynb"
    answer(path, course.root / "source" / module / f"{notebook}.ipynb")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in variant.cells:
            cell.source = variant.cells[grade_id]
    nbformat.write(nb, path)
    return path


def test_results(course: Course, module: str, student: str, notebook: str) -> dict:
    """Per test of a graded notebook: ``{grade_id: (score, max_score, message)}``.

    The scores are the gradebook's; the message is the error the test cell showed, if any.
    """
    with course.gradebook() as gradebook:
        graded = gradebook.find_submission_notebook(notebook, module, student)
        scores = {grade.name: (float(grade.score or 0), float(grade.max_score)) for grade in graded.grades}
    messages = {}
    autograded = course.root / "autograded" / student / module / f"{notebook}.ipynb"
    for cell in nbformat.read(autograded, as_version=4).cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type == "error":
                messages[grade_id] = f"{output.ename}: {output.evalue}"
            elif output.output_type == "stream" and output.name == "stderr" and grade_id not in messages:
                messages[grade_id] = "stderr: " + (output.text.strip().splitlines() or [""])[-1]
    return {name: (score, top, messages.get(name, "")) for name, (score, top) in scores.items()}


def verdict(variant: Variant, results: dict) -> tuple[str, str]:
    """``("ok" | "unfair" | "missed", detail)`` for a variant's test results."""
    lost = {k for k, (score, top, _) in results.items() if score < top}
    wanted = set(variant.loses)
    if lost == wanted:
        return "ok", ""
    detail = "; ".join(f"{k}: {results[k][2][:240]}" for k in sorted(lost - wanted))
    if variant.correct or lost - wanted:
        return "unfair", detail or "?"
    return "missed", "not caught by " + ", ".join(sorted(wanted - lost))


def _student(module: str, notebook: str, number: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{module[:2]}-{notebook[:2]}-v{number:02d}")


def run(root: Path, found: dict, progress: bool = True) -> pd.DataFrame:
    """Grade every variant in ``found`` in the course directory ``root``; one row per variant.

    Columns: ``module, notebook, variant, expected, verdict, seconds, detail``.
    ``root`` must be a scratch copy of the course: its gradebook gains a learner per variant.
    """
    from tqdm.auto import tqdm

    course = Course(root)
    tasks = [(module, notebook, number, variant) for (module, notebook), variants in sorted(found.items())
             for number, variant in enumerate(variants, 1)]
    for module in sorted({module for module, *_ in tasks}):
        if not (course.root / "release" / module).exists():
            course.generate(module).expect(f"building the student copy of {module}")
    rows = []
    bar = tqdm(tasks, unit="variant", desc="fairness", disable=not progress, dynamic_ncols=True)
    for module, notebook, number, variant in bar:
        bar.set_postfix_str(f"{module}/{notebook}: {variant.name}", refresh=True)
        student = _student(module, notebook, number)
        start = time.perf_counter()
        write_submission(course, module, notebook, variant, student)
        outcome = course.autograde(module, student, notebook)
        graded = course.root / "autograded" / student / module / f"{notebook}.ipynb"
        if outcome.ok and graded.exists():
            result, detail = verdict(variant, test_results(course, module, student, notebook))
        else:
            result, detail = "error", (outcome.tail(3) or "no autograded notebook").replace("\n", " ")
        expected = "full marks" if variant.correct else "loses " + ", ".join(variant.loses)
        rows.append((module, notebook, variant.name, expected, result, round(time.perf_counter() - start, 1),
                     detail))
        if result != "ok":
            bar.write(f"{module}/{notebook} {variant.name!r}: {result}: {detail}")
    bar.close()
    return pd.DataFrame(rows, columns=["module", "notebook", "variant", "expected", "verdict", "seconds", "detail"])


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per notebook: correct alternatives that got full marks, and mistakes caught by their test."""
    table = table.assign(kind=table["expected"].map(lambda e: "correct" if e == "full marks" else "mistake"),
                         good=table["verdict"] == "ok")
    counts = table.pivot_table(index=["module", "notebook"], columns="kind", values="good",
                               aggfunc=["sum", "count"], fill_value=0)
    out = pd.DataFrame(index=counts.index)
    for kind, label in (("correct", "alternatives passed"), ("mistake", "mistakes caught")):
        if ("sum", kind) in counts:
            out[label] = counts[("sum", kind)].astype(int).astype(str) + " of " + \
                counts[("count", kind)].astype(int).astype(str)
    return out.reset_index()
