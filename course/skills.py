"""The skills map: the 52 skills of the certificate checklist, where each is taught and graded.

``course/skills.yml`` lists every skill with the notebook cells that teach it
(``taught_in``) and the nbgrader ``grade_id``s that check it (``graded_by``).
A reference is ``<module>/<notebook>.ipynb#<anchor>``, where the anchor is a
cell id (lesson cells) or a ``grade_id`` (graded cells). A skill that no test
can check honestly says why in ``not_auto_graded``.

The per-skill picture of a cohort is in :mod:`course.instructor.grades`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .data import PACKAGE_DIR

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


def exam_tasks() -> dict:
    """For each checklist skill, the numbers of the mock exam's tasks that exercise it (``course/exam/tasks.py``)."""
    from .exam.tasks import TASKS

    found = {skill.id: [] for skill in load()}
    for task in TASKS:
        for skill_id in task.skills:
            found.setdefault(skill_id, []).append(task.number)
    return found


def problems(root: Path) -> list[str]:
    """Check the skills map against the source notebooks of the course directory ``root``; return what is wrong."""
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
    known = {skill.id for skill in load()}
    found += [f"exam tasks {numbers} name {skill_id}, which is not a checklist skill"
              for skill_id, numbers in exam_tasks().items() if skill_id not in known]
    return found
