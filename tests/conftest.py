"""Shared fixtures: a private copy of the course directory for tests that run nbgrader."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _no_nbgrader_env(monkeypatch):
    """Tests run outside nbgrader, even when pytest itself is started from a notebook."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def pytest_addoption(parser):
    parser.addoption("--module", action="append", default=[],
                     help="test only this course module (repeatable), e.g. --module m1_foundations")


def copy_course(target: Path, modules: list[str]) -> Path:
    """Copy what an instructor's course directory holds (no generated folders) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", target)
    for module in modules:
        shutil.copytree(ROOT / "source" / module, target / "source" / module,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.keras", "checkpoints", "saved"))
    return target


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory, pytestconfig) -> Path:
    """A fresh course directory with the modules under test released (student copy generated)."""
    from course import grading

    modules = pytestconfig.getoption("module") or grading.modules(ROOT)
    unknown = sorted(set(modules) - set(grading.modules(ROOT)))
    if unknown:
        raise pytest.UsageError(f"no such module(s) {unknown}; the course has {grading.modules(ROOT)}")
    root = copy_course(tmp_path_factory.mktemp("course"), modules)
    for module in grading.modules(root):
        grading.generate_release(root, module)
    return root


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def pytest_report_header(config):
    return f"course root: {ROOT}; TF_CPP_MIN_LOG_LEVEL={os.environ.get('TF_CPP_MIN_LOG_LEVEL')}"
