"""Export the cohort's grades: ``grades.csv``, ``skills.csv``, a skills heat map and one HTML report.

- ``grades.csv``: one row per learner and module (``level`` = ``module``) and per
  learner and notebook (``level`` = ``notebook``), with the learner's name and e-mail
  from the roster; a learner of the roster who submitted nothing gets 0 and
  ``submitted`` = False.
- ``skills.csv``: one row per learner and checklist skill: points earned and possible
  on the tests that check it, and the share.
- ``skills_heatmap.png``: learners × skills, the share of each skill's points.
- ``report.html``: the grade table, the heat map and the skills the cohort has not
  mastered yet, in one self-contained file (the image is embedded).
"""

from __future__ import annotations

import base64
import datetime
import html
from pathlib import Path

import numpy as np
import pandas as pd

from . import grades, roster

#: A learner has mastered a skill with at least this share of its points.
MASTERY = 0.8


def grade_rows(course, cells: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``grades.csv``: every learner of the roster or the gradebook, every module and notebook."""
    people = roster.listing(course)
    maxima = grades.module_maxima(course)
    submitted = cells[["student", "module"]].drop_duplicates().assign(submitted=True)
    per_notebook = cells.groupby(["student", "module", "notebook"], as_index=False)["score"].sum()
    everyone = people[["id"]].rename(columns={"id": "student"}).merge(maxima, how="cross")
    notebooks = everyone.merge(per_notebook, on=["student", "module", "notebook"], how="left")
    notebooks["score"] = notebooks["score"].fillna(0.0)
    modules = notebooks.groupby(["student", "module"], as_index=False)[["score", "max_score"]].sum()
    table = pd.concat([modules.assign(level="module", notebook=""), notebooks.assign(level="notebook")],
                      ignore_index=True)
    table = table.merge(submitted, on=["student", "module"], how="left")
    table["submitted"] = table["submitted"].astype("boolean").fillna(False).astype(bool)
    table["percent"] = (100 * table["score"] / table["max_score"]).round(1)
    table = table.merge(people.rename(columns={"id": "student"}), on="student", how="left")
    table["order"] = (table["level"] == "notebook").astype(int)
    table = table.sort_values(["student", "module", "order", "notebook"]).drop(columns="order")
    columns = ["student", "first_name", "last_name", "email", "module", "level", "notebook", "submitted",
               "score", "max_score", "percent"]
    return table[columns].reset_index(drop=True)


def skill_rows(course, cells: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``skills.csv``: learner, skill, description, score, max_score, share."""
    scores = grades.skill_scores(cells)
    scores["share"] = scores["share"].round(3)
    return scores


def heatmap(scores: pd.DataFrame, path: Path, learners=()) -> Path:
    """Draw the learners × skills heat map of the shares in ``scores`` (from :func:`skill_rows`) to ``path``.

    ``learners`` adds rows (grey) for learners of the roster with nothing graded yet.
    """
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    order = list(dict.fromkeys(scores["skill"]))
    wide = scores.pivot(index="student", columns="skill", values="share").reindex(columns=order)
    wide = wide.reindex(sorted(set(wide.index) | set(learners)))
    width = max(8.0, 0.28 * len(order) + 2.5)
    height = max(2.5, 0.45 * len(wide) + 1.8)
    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    colours = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")  # grey: nothing graded
    image = ax.pcolormesh(np.ma.masked_invalid(wide.to_numpy(float)), cmap=colours, vmin=0, vmax=1,
                          edgecolors="white", linewidth=0.5)
    ax.invert_yaxis()
    ax.set_xticks(np.arange(len(order)) + 0.5, order, rotation=90, fontsize=8)
    ax.set_yticks(np.arange(len(wide)) + 0.5, wide.index, fontsize=9)
    ax.set_xlabel("checklist skill (course/skills.yml)")
    ax.set_title("Share of each skill's points earned, per learner")
    colorbar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    colorbar.set_ticks([0, 0.5, 1], labels=["0%", "50%", "100%"])
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def not_mastered(scores: pd.DataFrame) -> pd.DataFrame:
    """Skills that not every learner has mastered (share below :data:`MASTERY`), weakest first.

    Columns: ``skill, description, mean_share, mastered`` ("3 of 4") and ``learners_below`` (ids).
    """
    rows = []
    for (skill, description), group in scores.groupby(["skill", "description"], sort=False):
        below = group.loc[group["share"] < MASTERY, "student"].tolist()
        if below:
            rows.append((skill, description, round(float(group["share"].mean()), 3),
                         f"{len(group) - len(below)} of {len(group)}", ", ".join(below)))
    table = pd.DataFrame(rows, columns=["skill", "description", "mean_share", "mastered", "learners_below"])
    return table.sort_values("mean_share", kind="stable", ignore_index=True)


def export(course, out: Path) -> dict:
    """Write the four files into ``out`` and return their paths by name."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cells = grades.cell_grades(course)
    paths = {name: out / name for name in ("grades.csv", "skills.csv", "skills_heatmap.png", "report.html")}
    table = grade_rows(course, cells)
    table.to_csv(paths["grades.csv"], index=False)
    scores = skill_rows(course, cells)
    scores.to_csv(paths["skills.csv"], index=False)
    if not scores.empty:
        heatmap(scores, paths["skills_heatmap.png"], learners=table["student"].unique())
    else:
        paths.pop("skills_heatmap.png")
    paths["report.html"].write_text(_report(course, table, scores, paths.get("skills_heatmap.png")), encoding="utf-8")
    return paths


def _report(course, table: pd.DataFrame, scores: pd.DataFrame, image: Path | None) -> str:
    modules = table[table["level"] == "module"]
    summary = modules.pivot(index="student", columns="module", values="percent")
    summary["overall"] = (100 * modules.groupby("student")["score"].sum()
                          / modules.groupby("student")["max_score"].sum()).round(1)
    names = modules.drop_duplicates("student").set_index("student")
    summary.insert(0, "name", (names["first_name"].fillna("") + " " + names["last_name"].fillna("")).str.strip())
    summary.index.name, summary.columns.name = "learner", None
    notebooks = table[table["level"] == "notebook"].assign(
        points=lambda t: t["score"].map("{:g}".format) + " / " + t["max_score"].map("{:g}".format))
    detail = notebooks.pivot(index=["module", "notebook"], columns="student", values="points")
    detail.columns.name = None
    weak = not_mastered(scores) if not scores.empty else pd.DataFrame()
    picture = (f'<img alt="skills heat map" src="data:image/png;base64,'
               f'{base64.b64encode(image.read_bytes()).decode()}">' if image else "<p>No skill graded yet.</p>")
    style = ("body{font-family:sans-serif;margin:2em;max-width:90em} table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
             "img{max-width:100%}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(course.course_id)}: cohort "
            f"report</title><style>{style}</style></head><body>"
            f"<h1>{html.escape(course.course_id)}: cohort report</h1>"
            f"<p>Exported {datetime.datetime.now():%Y-%m-%d %H:%M} from {html.escape(str(course.root))}.</p>"
            "<h2>Grades (% of each module's points)</h2>"
            + summary.to_html(na_rep="-", float_format="{:g}".format, border=0)
            + "<details><summary>Points per notebook</summary>"
            + detail.to_html(na_rep="-", border=0) + "</details>"
            + "<h2>Skills heat map</h2>" + picture
            + f"<h2>Skills the cohort has not mastered yet (below {MASTERY:.0%} of their points)</h2>"
            + (weak.to_html(index=False, border=0, float_format="{:.0%}".format) if not weak.empty
               else "<p>Every learner has mastered every graded skill.</p>")
            + "</body></html>")
