"""An exam folder: its starter files, its clock, and the scores of every attempt.

``course exam start`` copies the five starters (as scripts and as notebooks) into a
folder and records the start time in ``exam.json``; ``course exam score`` scores the
model files saved there and appends each attempt to the same file; ``course exam
status`` shows the time left and each task's best score. Scoring runs the task's
trusted scorer in its own sandboxed process (:func:`course.instructor.scoring.run_scorer`):
the model is loaded with ``safe_mode=True``, so no code from the file runs, and the
hidden data is read there, never in the folder.

Example:
    >>> exam = Exam(Path("my-exam"))  # doctest: +SKIP
    >>> exam.start(); exam.score()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import struct
from pathlib import Path

import nbformat
import pandas as pd

from .tasks import MINUTES, PASS_SHARE, TASKS, Task, task

STARTERS = Path(__file__).with_name("starters")
#: The largest model file scored (bytes): the exam's models are small.
MAX_MODEL_BYTES = 64 * 2**20


class ExamError(RuntimeError):
    """The exam folder cannot be used as asked; the message says why."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def notebook_from_script(text: str) -> nbformat.NotebookNode:
    """A notebook made from a percent-format script: ``# %%`` starts a code cell, ``# %% [markdown]`` a text one."""
    cells, kind, lines = [], None, []

    def flush():
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell("\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                                                                 for line in body.splitlines())))
        elif kind == "code" and body:
            cells.append(nbformat.v4.new_code_cell(body))

    for line in text.splitlines():
        if line.startswith("# %%"):
            flush()
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            lines.append(line)
    flush()
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


class Exam:
    """The exam in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.record = self.folder / "exam.json"

    def _read(self) -> dict:
        if not self.record.exists():
            raise ExamError(f"no exam in {self.folder}: start one with `course exam start --folder {self.folder}`")
        return json.loads(self.record.read_text())

    def _write(self, state: dict) -> None:
        temporary = self.record.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(state, indent=1) + "\n")
        temporary.replace(self.record)  # never a half-written record

    def start(self) -> list[Path]:
        """Copy the starters in and start the clock; refuse if an exam was started here."""
        if self.record.exists():
            raise ExamError(f"an exam was already started in {self.folder} (at {self._read()['started']}); "
                            "nothing was overwritten: use `course exam status`, or start in another --folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for each in TASKS:
            script = STARTERS / f"{each.stem}.py"
            targets = [self.folder / script.name, self.folder / f"{each.stem}.ipynb"]
            clashes = [path.name for path in targets if path.exists()]
            if clashes:
                raise ExamError(f"{self.folder} already holds {', '.join(clashes)}; nothing was overwritten: "
                                "start the exam in an empty --folder")
        for each in TASKS:
            script = STARTERS / f"{each.stem}.py"
            shutil.copyfile(script, self.folder / script.name)
            nbformat.write(notebook_from_script(script.read_text()), self.folder / f"{each.stem}.ipynb")
            written += [self.folder / script.name, self.folder / f"{each.stem}.ipynb"]
        self._write({"started": _now().isoformat(), "minutes": MINUTES, "attempts": []})
        return written

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta:
        """Time left (negative once the time is up)."""
        state = self._read()
        ends = dt.datetime.fromisoformat(state["started"]) + dt.timedelta(minutes=state["minutes"])
        return ends - (now or _now())

    def attempts(self) -> pd.DataFrame:
        """Every attempt so far: time, task, score, figure, value, in_time, message."""
        columns = ["time", "task", "score", "figure", "value", "in_time", "message"]
        return pd.DataFrame(self._read()["attempts"], columns=columns)

    def best(self) -> pd.DataFrame:
        """Each task's best score so far (0 for a task not scored yet), one row per task."""
        attempts = self.attempts()
        best = attempts.groupby("task")["score"].max() if len(attempts) else pd.Series(dtype=int)
        return pd.DataFrame({"task": [t.number for t in TASKS], "name": [t.name for t in TASKS],
                             "best": [int(best.get(t.number, 0)) for t in TASKS],
                             "tries": [int((attempts.task == t.number).sum()) for t in TASKS]})

    def score(self, keys=(), heldout_dir: str | None = None) -> pd.DataFrame:
        """Score the saved model of each task in ``keys`` (all by default), record the attempts, return them."""
        state = self._read()
        heldout = heldout_dir or str(self.hidden_data())
        chosen = [task(key) for key in keys] if keys else list(TASKS)
        in_time = self.time_left() >= dt.timedelta(0)
        rows = []
        for each in chosen:
            value, message = score_file(each, self.folder / f"{each.stem}.keras", heldout)
            points = each.score(value) if message == "" else 0
            rows.append({"time": _now().isoformat(), "task": each.number, "score": points, "figure": each.figure,
                         "value": value, "in_time": in_time, "message": message})
        state["attempts"] += rows
        self._write(state)
        return pd.DataFrame(rows)

    def hidden_data(self) -> Path:
        """The hidden data's folder: ``COURSE_HELDOUT_DIR``, or ``heldout/`` of the course the exam folder is in."""
        from .. import coursedir

        if os.environ.get("COURSE_HELDOUT_DIR"):
            return Path(os.environ["COURSE_HELDOUT_DIR"])
        try:
            return coursedir.find(start=self.folder) / "heldout"
        except coursedir.CourseDirError:
            raise ExamError(f"the exam's hidden data is in heldout/ of the course folder, and {self.folder} is not "
                            "inside one: start the exam inside your copy of the course (the default folder, "
                            "exam/, is), or set COURSE_HELDOUT_DIR to that heldout/ folder") from None

    def passed(self) -> tuple[int, bool]:
        """The total of the best scores, and whether it passes."""
        total = int(self.best()["best"].sum())
        return total, total >= PASS_SHARE * 5 * len(TASKS)


def score_file(each: Task, path: Path, heldout_dir: str) -> tuple[float, str]:
    """``(figure, "")`` for the model file at ``path``, or ``(nan, what is wrong)``; never runs code from the file."""
    from ..instructor.scoring import run_scorer

    if not path.exists():
        return float("nan"), f"no model file {path.name}: save your model with model.save({path.name!r})"
    size = path.stat().st_size
    if size > MAX_MODEL_BYTES:
        return float("nan"), (f"{path.name} is {size / 2**20:.0f} MiB, over the {MAX_MODEL_BYTES / 2**20:.0f} MiB "
                              "a task's model may take: use fewer or smaller layers")
    header = json.dumps({"scorer": each.scorer, "options": dict(each.options)}).encode()
    model_file = path.read_bytes()
    answer = run_scorer(struct.pack("!QQ", len(header), len(model_file)) + header + model_file, heldout_dir)
    if "error" in answer:
        return float("nan"), answer["error"]
    return float(answer["figures"][each.figure]), ""
