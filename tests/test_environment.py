"""The pinned versions live in pyproject.toml; environment.yml must repeat them exactly."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for group in project["optional-dependencies"].values() for r in group]
    pins = {}
    for requirement in requirements:
        name, sep, version = requirement.partition("==")
        assert sep, f"{requirement!r} in pyproject.toml is not pinned with =="
        pins[name.strip().lower()] = version.strip()
    return pins


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            if "=" not in entry:  # pip itself
                continue
            name, _, version = re.split(r"(==|=)", entry, maxsplit=1)
            pins[name.strip().lower()] = version.strip()
    return pins


def test_environment_yml_repeats_pyproject_pins():
    env = environment_pins()
    python = env.pop("python")
    assert python == "3.11"
    assert env == pyproject_pins()


def test_installed_versions_match_pins():
    mismatched = {name: (version, metadata.version(name)) for name, version in pyproject_pins().items()
                  if metadata.version(name) != version}
    assert not mismatched, f"installed versions differ from the pins (pinned, installed): {mismatched}"
