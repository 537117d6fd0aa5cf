"""The gradebook as pandas tables: each graded cell's score, totals per notebook and module, and skills.

Every table here is built by pandas from one long table of graded cells
(:func:`cell_grades`); the per-skill picture joins it with the skills map
(``course/skills.yml``).

Example:
    >>> cells = cell_grades(Course(root))  # doctest: +SKIP
    >>> print(grade_table(cells))  # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from .. import skills

CELL_COLUMNS = ["student", "module", "notebook", "grade_id", "score", "max_score"]


def cell_grades(course) -> pd.DataFrame:
    """One row per graded cell of every submission in the gradebook.

    Columns: ``student, module, notebook, grade_id, score, max_score``; a cell that was
    not graded (its notebook was missing or unreadable) scores 0.
    """
    rows = []
    with course.gradebook() as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append((submission.student.id, assignment.name, notebook.name, grade.name,
                                     float(grade.score or 0), float(grade.max_score)))
    return pd.DataFrame(rows, columns=CELL_COLUMNS).sort_values(CELL_COLUMNS[:4], ignore_index=True)


def module_maxima(course) -> pd.DataFrame:
    """The points of each notebook of every module in the gradebook: ``module, notebook, max_score``."""
    rows = []
    with course.gradebook() as gradebook:
        for assignment in gradebook.assignments:
            for notebook in assignment.notebooks:
                rows.append((assignment.name, notebook.name, float(notebook.max_score)))
    return pd.DataFrame(rows, columns=["module", "notebook", "max_score"])


def totals(cells: pd.DataFrame, by=("student", "module")) -> pd.DataFrame:
    """Points earned and possible, summed over ``by``: columns ``*by, score, max_score, percent``."""
    out = cells.groupby(list(by), as_index=False)[["score", "max_score"]].sum()
    out["percent"] = (100 * out["score"] / out["max_score"]).round(1)
    return out


def grade_table(cells: pd.DataFrame) -> str:
    """A text table: one row per notebook (and a total per module), one column per learner."""
    if cells.empty:
        return "(no grades yet)"
    per_notebook = totals(cells, ("module", "notebook", "student"))
    per_module = totals(cells, ("module", "student")).assign(notebook="(total)")
    both = pd.concat([per_notebook, per_module], ignore_index=True)
    both["cell"] = both["score"].map("{:g}".format) + " / " + both["max_score"].map("{:g}".format)
    table = both.pivot_table(index=["module", "notebook"], columns="student", values="cell", aggfunc="first")
    table = table.fillna("-")
    rows = sorted(table.index, key=lambda row: (row[0], row[1] == "(total)", row[1]))  # totals after notebooks
    table = table.loc[rows]
    table.index = [f"{module} (total)" if name == "(total)" else f"{module}/{name}" for module, name in rows]
    table.columns.name = None
    return table.to_string()


def skill_map() -> pd.DataFrame:
    """The graded cells that check each skill: ``skill, description, skill_module, module, notebook, grade_id``."""
    rows = []
    for skill in skills.load():
        for ref in skill.graded_by:
            path, _, grade_id = ref.partition("#")
            module, _, notebook = path.partition("/")
            rows.append((skill.id, skill.text, skill.module, module, notebook.removesuffix(".ipynb"), grade_id))
    return pd.DataFrame(rows, columns=["skill", "description", "skill_module", "module", "notebook", "grade_id"])


def skill_scores(cells: pd.DataFrame) -> pd.DataFrame:
    """Per learner and skill, the points earned and possible on the cells that check it.

    Columns: ``student, skill, description, score, max_score, share`` (share from 0 to 1),
    in checklist order; only skills with a graded cell in a module the learner was graded on.
    """
    order = {skill.id: number for number, skill in enumerate(skills.load())}
    joined = skill_map().merge(cells, on=["module", "notebook", "grade_id"])
    out = joined.groupby(["student", "skill", "description"], as_index=False)[["score", "max_score"]].sum()
    out["share"] = out["score"] / out["max_score"]
    out = out.assign(order=out["skill"].map(order)).sort_values(["student", "order"]).drop(columns="order")
    return out.reset_index(drop=True)


def skills_table(cells: pd.DataFrame, width: int = 58) -> str:
    """A text table of each learner's share of every skill's points, checklist order.

    Skills of the graded modules that no test checks are listed as "taught only".
    """
    scores = skill_scores(cells)
    if scores.empty:
        return "(no skill graded yet)"
    wide = scores.pivot(index="skill", columns="student", values="share")
    graded_modules = set(cells["module"])
    lines = [f"{'skill':<7} {'description':<{width}} " + " ".join(f"{s:>10}" for s in wide.columns)]
    for skill in skills.load():
        text = skill.text if len(skill.text) <= width else skill.text[:width - 1] + "…"
        if skill.id in wide.index:
            shares = wide.loc[skill.id]
            cells_text = " ".join(f"{'-':>10}" if pd.isna(v) else f"{100 * v:>9.0f}%" for v in shares)
            lines.append(f"{skill.id:<7} {text:<{width}} {cells_text}")
        elif skill.not_auto_graded and skill.module in graded_modules:
            lines.append(f"{skill.id:<7} {text:<{width}} taught only (not auto-graded: see course/skills.yml)")
    return "\n".join(lines)
