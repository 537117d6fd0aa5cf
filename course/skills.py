"""The skills map: the 52 skills of the certificate checklist, where each is taught and graded.

``course/skills.yml`` lists every skill with the notebook cells that teach it
(``taught_in``) and the nbgrader ``grade_id``s that check it (``graded_by``).
A reference is ``<module>/<notebook>.ipynb#<anchor>``, where the anchor is a
cell id (lesson cells) or a ``grade_id`` (graded cells). A skill that no test
can check honestly says why in ``not_auto_graded``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .data import COURSE_ROOT, PACKAGE_DIR

SKILLS_FILE = PACKAGE_DIR / "skills.yml"


@dataclass(frozen=True)
class Skill:
    id: str
    text: str
    module: str
    taught_in: tuple
    graded_by: tuple
    not_auto_graded: str | None


def load() -> list[Skill]:
    """Return every skill of the checklist, in checklist order."""
    import yaml

    entries = yaml.safe_load(SKILLS_FILE.read_text(encoding="utf-8"))
    return [Skill(id=key, text=value["text"], module=value["module"],
                  taught_in=tuple(value.get("taught_in") or ()), graded_by=tuple(value.get("graded_by") or ()),
                  not_auto_graded=value.get("not_auto_graded"))
            for key, value in entries.items()]


def anchors(notebook: Path) -> dict:
    """Map each cell id and grade_id of a notebook to its nbgrader metadata (or {})."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("id"):
            found[cell["id"]] = meta
        if meta.get("grade_id"):
            found[meta["grade_id"]] = meta
    return found


def problems(root: Path = COURSE_ROOT) -> list[str]:
    """Check the skills map against the source notebooks; return what is wrong."""
    found = []
    cache: dict = {}
    built = {p.name for p in (root / "source").glob("m[0-9]*_*")}
    for skill in load():
        if skill.module not in built:
            continue
        if not skill.taught_in:
            found.append(f"{skill.id}: no lesson cell teaches it (taught_in is empty)")
        if not skill.graded_by and not skill.not_auto_graded:
            found.append(f"{skill.id}: no graded cell checks it and no reason is given in not_auto_graded")
        for kind, refs in (("taught_in", skill.taught_in), ("graded_by", skill.graded_by)):
            for ref in refs:
                notebook, _, anchor = ref.partition("#")
                path = root / "source" / notebook
                if not path.is_file():
                    found.append(f"{skill.id}: {kind} names a missing notebook {notebook}")
                    continue
                cells = cache.setdefault(path, anchors(path))
                if anchor not in cells:
                    found.append(f"{skill.id}: {kind} names {anchor!r}, which is not a cell of {notebook}")
                elif kind == "graded_by" and not cells[anchor].get("grade"):
                    found.append(f"{skill.id}: graded_by names {anchor!r}, which is not a graded cell")
    return found


def skill_scores(grades) -> dict:
    """Per student and skill, the points earned and possible: ``{(student, skill_id): (score, max)}``.

    Args:
        grades: rows from :func:`course.grading.grades`.
    """
    by_cell: dict = {}
    for g in grades:
        by_cell[(g.student, g.module, g.notebook, g.grade_id)] = (g.score, g.max_score)
    students = sorted({g.student for g in grades})
    out = {}
    for skill in load():
        for student in students:
            score = most = 0.0
            for ref in skill.graded_by:
                notebook, _, grade_id = ref.partition("#")
                module, _, name = notebook.partition("/")
                pair = by_cell.get((student, module, name.removesuffix(".ipynb"), grade_id))
                if pair:
                    score, most = score + pair[0], most + pair[1]
            if most:
                out[(student, skill.id)] = (score, most)
    return out


def skills_table(grades) -> str:
    """Format the per-skill picture: for each skill, each student's share of the points.

    Skills of the graded modules that no test checks are listed as "taught only".
    """
    scores = skill_scores(grades)
    students = sorted({student for student, _ in scores})
    modules = {grade.module for grade in grades}
    lines = [f"{'skill':<7} {'description':<58} " + " ".join(f"{s:>10}" for s in students)]
    for skill in load():
        text = skill.text if len(skill.text) <= 58 else skill.text[:57] + "…"
        row = []
        for student in students:
            pair = scores.get((student, skill.id))
            row.append(f"{'-':>10}" if pair is None else f"{100 * pair[0] / pair[1]:>9.0f}%")
        if any(cell.strip() != "-" for cell in row):
            lines.append(f"{skill.id:<7} {text:<58} " + " ".join(row))
        elif skill.not_auto_graded and skill.module in modules:
            lines.append(f"{skill.id:<7} {text:<58} taught only (not auto-graded: see course/skills.yml)")
    return "\n".join(lines)
