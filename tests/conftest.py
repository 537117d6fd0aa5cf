"""Shared fixtures: a private copy of the course directory for tests that run nbgrader."""

from __future__ import annotations

import os
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
    from course.instructor.scratch import copy_course

    return copy_course(ROOT, target, modules)


def modules_under_test(pytestconfig) -> list[str]:
    """The modules named with --module, or every module of the course."""
    known = sorted(p.name for p in (ROOT / "source").glob("m[0-9]*_*") if p.is_dir())
    modules = pytestconfig.getoption("module") or known
    unknown = sorted(set(modules) - set(known))
    if unknown:
        raise pytest.UsageError(f"no such module(s) {unknown}; the course has {known}")
    return modules


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory, pytestconfig) -> Path:
    """A fresh course directory with the modules under test released (student copy generated)."""
    from course.instructor.nbgrader_api import Course

    root = copy_course(tmp_path_factory.mktemp("course"), modules_under_test(pytestconfig))
    course = Course(root)
    for module in course.modules():
        outcome = course.generate(module)
        assert outcome.ok, outcome.tail()
    return root


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def pytest_report_header(config):
    return f"course root: {ROOT}; TF_CPP_MIN_LOG_LEVEL={os.environ.get('TF_CPP_MIN_LOG_LEVEL')}"
