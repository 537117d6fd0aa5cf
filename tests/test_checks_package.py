"""The checks package: one module per topic, every check importable from ``course.checks``."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import course.checks as checks

PACKAGE = Path(checks.__file__).parent
NOTEBOOKS = sorted(Path(__file__).resolve().parents[1].glob("source/m[0-9]*_*/*.ipynb"))


def test_every_public_check_of_every_topic_module_is_exported():
    defined = {}
    for module in PACKAGE.glob("*.py"):
        if module.name == "__init__.py":
            continue
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                defined[node.name] = module.stem
    assert len(defined) > 30
    assert sorted(set(defined) | {"quiet"}) == sorted(checks.__all__)
    for name in checks.__all__:
        assert callable(getattr(checks, name)), name


def test_every_check_the_notebooks_use_is_exported():
    used = set()
    for notebook in NOTEBOOKS:
        for cell in json.loads(notebook.read_text())["cells"]:
            source = "".join(cell["source"])
            used |= set(re.findall(r"\bchecks\.(\w+)", source))
    assert used, "the notebooks call course.checks"
    assert used <= set(checks.__all__), used - set(checks.__all__)


def test_series_does_not_import_the_checks():
    """No import cycle: course.series and course.checks share ``quiet`` through course.quiet."""
    code = "import sys, course.series; print('course.checks' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
