"""The five tasks of the mock exam: what each model must take and give, and how its figure becomes 0-5.

Each task names the trusted scorer (:mod:`course.scorers`) that measures a saved model
on data the starter files never see, the figure it reports, and the bands that map that
figure to a score out of 5, best band first. The bands are measured, not guessed:
``benchmarks/exam.py`` prints the figures of each task's reference answer (under several
seeds) and of a naive model; the top band sits below the reference's worst seed, and a
naive model earns at most 1. The sunspots task keeps the exam's windows but not its rule,
``ceil(20 - MAE)``: on the held-out months (1993-2013, quiet ones), that rule would give the
naive forecast ("next month is this month") 2 points.

Introduced in the mock exam (``course exam``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """One exam task."""

    number: int
    name: str  # also the name of its starter (``task1_numbers.py``) and model file (``task1_numbers.keras``)
    title: str
    scorer: str
    figure: str  # the figure of the scorer's answer that is scored
    bands: tuple  # (threshold for 5, for 4, for 3, for 2, for 1): at least these (accuracy) or at most (errors)
    higher_is_better: bool = True
    options: tuple = ()  # the scorer's options, as (name, value) pairs
    skills: tuple = ()  # the checklist skills (course/skills.yml) that the task exercises

    @property
    def stem(self) -> str:
        return f"task{self.number}_{self.name}"

    def score(self, value: float) -> int:
        """The score out of 5 that ``value`` earns (0 below the lowest band, or when it is not a number)."""
        if not math.isfinite(value):
            return 0
        for points, threshold in zip(range(5, 0, -1), self.bands):
            if (value >= threshold) if self.higher_is_better else (value <= threshold):
                return points
        return 0

    def rule(self) -> str:
        """The scoring rule in words."""
        sign = "at least" if self.higher_is_better else "at most"
        return ", ".join(f"{points} for {self.figure} {sign} {threshold:g}"
                         for points, threshold in zip(range(5, 0, -1), self.bands)) + ", otherwise 0"


#: What every task exercises: a runnable program, a model of the right size, saved, with the input and output asked.
COMMON = ("S1.1", "S1.5", "S1.6", "S2.1", "S2.2", "S2.4", "S2.5", "S2.12", "S2.14")

TASKS = (
    Task(1, "numbers", "A basic model: learn a rule from six numbers", "exam_numbers", "mse",
         (0.05, 0.5, 2.0, 8.0, 30.0), higher_is_better=False, skills=COMMON),
    Task(2, "digits", "A classifier on a well-known dataset: handwritten digits", "exam_digits", "accuracy",
         (0.9, 0.85, 0.75, 0.55, 0.3), skills=(*COMMON, "S2.3", "S2.7", "S2.16", "S2.17")),
    Task(3, "textures", "A CNN on real photos read from class folders: brick, grass, gravel", "exam_textures",
         "accuracy", (0.8, 0.72, 0.64, 0.52, 0.42),
         skills=(*COMMON, "S2.3", "S2.7", "S2.9", "S2.15", "S3.1", "S3.2", "S3.5", "S3.7")),
    Task(4, "quotes", "A text classifier on real text read from a JSON file: is a quotation about computers?",
         "exam_quotes", "accuracy", (0.68, 0.64, 0.6, 0.56, 0.53),
         skills=(*COMMON, "S2.6", "S2.18", "S4.1", "S4.2", "S4.3", "S4.5")),
    Task(5, "sunspots", "A sequence model on real numbers: the monthly sunspots", "exam_sunspots", "mae",
         (9.85, 10.1, 10.35, 10.6, 10.8), higher_is_better=False,
         skills=(*COMMON, "S2.15", "S2.18", "S2.19", "S5.1", "S5.2", "S5.3", "S5.4", "S5.5", "S5.7", "S5.8")),
)

#: The time allowed, in minutes, as in the certificate exam.
MINUTES = 5 * 60
#: The share of the 25 points that passes, as in the certificate exam (about 90%).
PASS_SHARE = 0.9


def task(key) -> Task:
    """The task numbered ``key`` (1-5, or "3"), or named ``key`` ("digits", "task2_digits")."""
    for candidate in TASKS:
        if str(key) in (str(candidate.number), candidate.name, candidate.stem):
            return candidate
    raise KeyError(f"no exam task {key!r}: the tasks are " + ", ".join(f"{t.number} ({t.name})" for t in TASKS))
