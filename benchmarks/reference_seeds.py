"""Run source notebooks (the reference solution) under several seeds and print their test results.

For each notebook and seed it executes a copy whose ``keras.utils.set_random_seed(...)``
uses that seed, then prints every graded test cell as PASS or FAIL, the metric
lines that ``course.checks`` prints (value and threshold), and the wall time.
It is how we check that the reference clears every threshold with margin.

Usage::

    python benchmarks/reference_seeds.py source/m1_foundations/*.ipynb --seeds 42 1 2
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SEED_CALL = re.compile(r"keras\.utils\.set_random_seed\(\s*\d+\s*\)")


def run(notebook: Path, seed: int) -> tuple[list[tuple[str, bool, str]], float]:
    nb = nbformat.read(notebook, as_version=4)
    found = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and SEED_CALL.search(cell.source):
            cell.source = SEED_CALL.sub(f"keras.utils.set_random_seed({seed})", cell.source)
            found += 1
    if not found:
        raise SystemExit(f"{notebook}: no keras.utils.set_random_seed(...) call to change")
    with tempfile.TemporaryDirectory() as tmp:
        for item in notebook.parent.iterdir():  # data files next to the notebook
            if item.is_file() and item.suffix != ".ipynb":
                shutil.copy2(item, tmp)
        start = time.perf_counter()
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ["NBGRADER_EXECUTION"] = "validate"
        client = NotebookClient(nb, timeout=600, allow_errors=True, resources={"metadata": {"path": tmp}})
        client.execute()
        seconds = time.perf_counter() - start
    results = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        failed = any(o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
                     for o in cell.outputs)
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        text += "".join(o.get("evalue", "") for o in cell.outputs if o.output_type == "error")
        results.append((meta["grade_id"], not failed, text.strip()))
    return results, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=[42, 1, 2])
    args = parser.parse_args(argv)
    failures = 0
    for notebook in args.notebooks:
        for seed in args.seeds:
            results, seconds = run(notebook, seed)
            print(f"== {notebook} seed={seed} ({seconds:.0f} s)", flush=True)
            for grade_id, ok, text in results:
                failures += not ok
                print(f"  {'PASS' if ok else 'FAIL'} {grade_id}")
                for line in text.splitlines():
                    print(f"       {line}")
    print(f"{failures} failing test cell(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
