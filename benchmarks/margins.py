"""Sweep seeds of the reference and of each correct alternative, and print every bar beside what they measure.

For each notebook named, the reference solution and every correct alternative of its
fairness file (``tests/fairness/<module>/<notebook>.py``) are executed once per seed, with
the notebook's ``keras.utils.set_random_seed(...)`` changed to that seed and the hidden
tests included (as ``benchmarks/reference_seeds.py`` runs them, without nbgrader). Every
measured value that ``course.checks`` reports ("<what>: <value> (at least <bar> needed)",
or the message of a check that failed) is collected; for figures measured on held-out
data through ``course.heldout.measure``, so is the baseline a model must beat: the naive
forecast's MAE (``forecast_mae``), or the share of the most common class (``accuracy``).

Printed per measured value: the bar, the baseline, the worst value of each solution over
the seeds, and the margin: how far the worst value of all sits from the bar, as a share of
the bar (negative: some solution and seed fails). A bar is fair when that margin is clearly
positive and the bar sits clearly on the right side of the baseline.

Usage::

    python benchmarks/margins.py m4_time_series/05_multivariate               # seeds 1 to 5
    python benchmarks/margins.py m1_foundations --seeds 1 2 --csv margins.csv  # a whole module
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course import heldout, scorers  # noqa: E402
from course.instructor import fairness  # noqa: E402

SEED_CALL = re.compile(r"keras\.utils\.set_random_seed\(\s*\d+\s*\)")
PASSED = re.compile(r"^(?P<what>.+): (?P<value>\S+) \(at (?P<side>least|most) (?P<bar>\S+) (needed|allowed)\)$")
FAILED = re.compile(r"^(?P<what>.+) is (?P<value>\S+), (below|above) the (?P<bar>[^\s:]+) (?P<side>required|allowed)")


def solutions(module: str, notebook: str) -> list[fairness.Variant]:
    """The reference (no cell changed) and the correct alternatives of the notebook's fairness file."""
    found = fairness.load(ROOT / "tests" / "fairness")
    return [fairness.correct("reference")] + [v for v in found.get((module, notebook), []) if v.correct]


def execute(module: str, notebook: str, variant: fairness.Variant, seed: int) -> list[dict]:
    """Run the source notebook answered by ``variant`` with ``seed``: one row per measured value."""
    nb = nbformat.read(ROOT / "source" / module / f"{notebook}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code":
            if grade_id in variant.cells:
                cell.source = variant.cells[grade_id]
            cell.source = SEED_CALL.sub(f"keras.utils.set_random_seed({seed})", cell.source)
    with tempfile.TemporaryDirectory(prefix="margins-") as tmp:
        log = Path(tmp) / "measured.jsonl"
        measured_in = {}

        def after_cell(cell, cell_index, **_):
            lines = log.read_text().splitlines() if log.exists() else []
            measured_in[cell_index] = [json.loads(line) for line in lines[sum(map(len, measured_in.values())):]]

        os.environ.update({"TF_CPP_MIN_LOG_LEVEL": "3", "NBGRADER_EXECUTION": "validate",
                           heldout.LOG_VAR: str(log), "COURSE_HELDOUT_DIR": str(ROOT / "heldout")})
        NotebookClient(nb, timeout=1200, allow_errors=True, on_cell_executed=after_cell,
                       resources={"metadata": {"path": tmp}}).execute()
    rows = []
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            continue
        text = [line for output in cell.outputs for line in
                (output.get("text", "") if output.output_type == "stream" else output.get("evalue", "")).splitlines()]
        for line in text:
            found = PASSED.match(line) or FAILED.search(line)
            if found:
                value, bar = float(found["value"]), float(found["bar"])
                at_least = found["side"] in ("least", "required")
                rows.append({"notebook": f"{module}/{notebook}", "test": grade_id, "what": found["what"],
                             "side": "at least" if at_least else "at most", "bar": bar,
                             "baseline": _baseline(value, measured_in.get(index, [])), "solution": variant.name,
                             "seed": seed, "value": value})
    return rows


def _baseline(value: float, measurements: list[dict]) -> float:
    """The baseline of the held-out measurement that gave ``value`` (NaN where none did)."""
    for entry in measurements:
        figures = entry["figures"]
        main = figures.get("accuracy", figures.get("mae"))
        if main is not None and abs(main - value) <= 0.005 * max(1.0, abs(main)):
            if entry["scorer"] == "forecast_mae":
                return figures["naive"]
            if entry["scorer"] == "accuracy":
                return scorers.majority_share(entry["options"]["examples"])
    return math.nan


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """Per measured value: bar, baseline, each solution's worst value over the seeds, and the margin."""
    worst = rows.assign(signed=np.where(rows.side == "at least", rows.value, -rows.value))
    keys = ["notebook", "test", "what", "side", "bar"]
    per_solution = worst.groupby(keys + ["solution"], sort=False)["signed"].min().unstack("solution")
    per_solution = per_solution.abs()
    summary = worst.groupby(keys, sort=False).agg(baseline=("baseline", "max"), worst=("signed", "min"),
                                                  runs=("signed", "size"))
    bar = summary.index.get_level_values("bar").to_numpy()
    at_least = summary.index.get_level_values("side") == "at least"
    summary["margin"] = np.where(at_least, summary.worst - bar, summary.worst + bar) / bar
    summary["margin"] = summary["margin"].map(lambda m: f"{m:+.1%}")
    return per_solution.join(summary.drop(columns="worst")).reset_index()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="modules (m4_time_series) or notebooks (m4_time_series/05_...)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3, 4, 5])
    parser.add_argument("--csv", type=Path, help="also write every measured value to this CSV file")
    args = parser.parse_args(argv)
    notebooks = []
    for name in args.names:
        module, _, notebook = name.strip("/").partition("/")
        paths = sorted((ROOT / "source" / module).glob(f"{notebook or '[0-9]*'}.ipynb"))
        if not paths:
            parser.error(f"no source notebook matches {name!r}")
        notebooks += [(module, path.stem) for path in paths]
    rows = []
    for module, notebook in notebooks:
        for variant in solutions(module, notebook):
            for seed in args.seeds:
                start = time.perf_counter()
                found = execute(module, notebook, variant, seed)
                rows += found
                print(f"{module}/{notebook} | {variant.name[:60]} | seed {seed}: {len(found)} values in "
                      f"{time.perf_counter() - start:.0f} s", flush=True)
    if not rows:
        print("no measured values")
        return 1
    frame = pd.DataFrame(rows)
    if args.csv:
        frame.to_csv(args.csv, index=False)
    names = [name for name in frame.solution.unique() if name != "reference"]
    short = {name: f"alt {number}" for number, name in enumerate(names, 1)}
    for name, label in short.items():
        print(f"{label}: {name}")
    shown = table(frame.replace({"solution": short}))
    with pd.option_context("display.width", 250, "display.max_columns", None, "display.max_colwidth", 50):
        print(shown.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
