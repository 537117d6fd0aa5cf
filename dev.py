#!/usr/bin/env python3
"""Set up and run the course with nothing but Python 3.11 and pip.

    python3 dev.py grade   # the main job: build the student copy, autograde, print grades
    python3 dev.py test    # run the test suite (extra arguments go to pytest)
    python3 dev.py lab     # start JupyterLab on your own working copy of the student notebooks

Each command creates the virtual environment .venv on first use (and updates it
when pyproject.toml changes), then runs inside it. Only the standard library is
used here, so this file runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-installed.sha256"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def ensure_venv() -> None:
    """Create .venv and install the pinned course package into it, if needed."""
    if sys.version_info[:2] != (3, 11):
        say(f"note: the course is pinned for Python 3.11; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        say("creating the virtual environment .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing the pinned packages (first time: a few minutes, about 2 GB)")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", f"{ROOT}[dev,build-data]"], check=True)
    STAMP.write_text(wanted + "\n")


def run_in_venv(*args: str) -> int:
    return subprocess.call([str(PYTHON), *args], cwd=ROOT)


def lab_command(notebook_dir: Path, *extra: str) -> list[str]:
    """The JupyterLab command line for learners: their notebooks, the Validate button, no formgrader."""
    command = [str(PYTHON), "-m", "jupyter", "lab", f"--notebook-dir={notebook_dir}",
               "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def lab() -> int:
    """Copy the student notebooks into work/ (never overwriting) and open JupyterLab there."""
    work = ROOT / "work"
    for module in sorted((ROOT / "release").glob("m[0-9]*_*")):
        target = work / module.name
        if target.exists():
            say(f"keeping your existing work in {target.relative_to(ROOT)}")
        else:
            shutil.copytree(module, target)
            say(f"copied {module.relative_to(ROOT)} to {target.relative_to(ROOT)}")
    # started from the course root, so that nbgrader's Validate button reads nbgrader_config.py
    return subprocess.call(lab_command(work), cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"grade", "test", "lab"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    if command == "grade":
        return run_in_venv("-m", "course", "grade", *rest)
    if command == "test":
        return run_in_venv("-m", "pytest", *rest)
    return lab()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
