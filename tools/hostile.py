"""Grade every faulty and hostile kind of submission, with a correct one, and print the table.

The kinds are in :mod:`course.instructor.hostile` (an endless loop, a dying kernel,
memory or files without bound, edited or deleted test cells, corrupted files...).
Each is graded through the course's own autograde, in a scratch copy of the course;
the table says what it scored, how long it took and whether that is the outcome it
must get (``ok``), with the message the learner sees.

Usage::

    python tools/hostile.py                 # one submission per core at a time
    python tools/hostile.py --workers 1 --csv hostile.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from course.instructor import hostile, parallel  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=parallel.default_workers())
    parser.add_argument("--csv", help="also write the table to this CSV file")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        table = hostile.run(ROOT, Path(tmp), workers=args.workers)
    with pd.option_context("display.max_colwidth", 110, "display.width", 250):
        print(table.to_string(index=False))
    print(f"\n{(table.verdict == 'ok').sum()} of {len(table)} kinds graded as they must be, "
          f"in {time.perf_counter() - start:.0f} s with {args.workers} worker(s)")
    if args.csv:
        table.to_csv(args.csv, index=False)
    return 0 if (table.verdict == "ok").all() else 1


if __name__ == "__main__":
    sys.exit(main())
