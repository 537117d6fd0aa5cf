#!/usr/bin/env python3
"""Set up and run the course with nothing but Python 3.11 and pip.

    python3 dev.py grade   # the main job: a simulated cohort through release, submission, grading and feedback
    python3 dev.py test    # run the test suite (extra arguments go to pytest)
    python3 dev.py lab     # start JupyterLab on your own working copy of the student notebooks

Each command creates the virtual environment .venv on first use (and updates it
when pyproject.toml changes), then runs inside it. The main job installs only what
it needs; the tests also install the maintainers' extras (pytest, ruff and the
packages that rebuild the shipped data). Only the standard library is
used here, so this file runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "course-installed.json"
LOG = VENV / "pip.log"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

#: The optional dependencies (pyproject.toml) each command needs: the main job needs none.
EXTRAS = {"grade": (), "lab": (), "test": ("dev", "build-data", "postgres", "browser", "hub")}

#: Debian packages each command needs (program -> package): bubblewrap sandboxes graded kernels; the tests
#: also run a PostgreSQL server of their own, as the gradebook an instructor may choose, and drive Debian's
#: Chromium through Playwright.
SYSTEM_PACKAGES = {"grade": {"bwrap": "bubblewrap"}, "lab": {},
                   "test": {"bwrap": "bubblewrap", "pg_ctlcluster": "postgresql", "chromium": "chromium"}}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def pip(*args: str) -> None:
    """Run pip in .venv quietly; its full output goes to .venv/pip.log, shown only if it fails."""
    with LOG.open("a") as log:
        log.write(f"\n$ pip {' '.join(args)}\n")
        log.flush()
        result = subprocess.run([str(PYTHON), "-m", "pip", *args, "--disable-pip-version-check"],
                                stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = LOG.read_text(errors="replace").splitlines()[-30:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"[dev] pip failed (exit {result.returncode}); the whole output is in {LOG}")


def ensure_system_packages(programs: dict[str, str]) -> None:
    """Install the Debian packages of ``programs`` that are missing, where this is Debian and we are root.

    Elsewhere nothing is installed: grading still works and says which guarantee is off.
    """
    missing = sorted({package for program, package in programs.items() if not shutil.which(program)})
    if not missing:
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        say(f"note: {', '.join(missing)} is not installed; install it (as root) for what it gives")
        return
    say(f"installing {', '.join(missing)} from Debian")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ,
                                                                              "DEBIAN_FRONTEND": "noninteractive"})
        if result.returncode != 0:
            say(f"note: `{' '.join(command)}` failed ({(result.stderr.strip().splitlines() or ['?'])[-1]}); "
                "going on without it")
            return


def ensure_venv(extras: tuple[str, ...] = ()) -> None:
    """Create .venv and install the pinned course package (with ``extras``) into it, if needed."""
    if sys.version_info[:2] != (3, 11):
        say(f"note: the course is pinned for Python 3.11; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        stamp = {}
    if PYTHON.exists() and stamp.get("pyproject") == wanted and set(extras) <= set(stamp.get("extras", ())):
        return
    start = time.perf_counter()
    if not PYTHON.exists():
        say("creating the virtual environment .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    installed = set(stamp.get("extras", ())) if stamp.get("pyproject") == wanted else set()
    extras = tuple(sorted(installed | set(extras)))
    say("updating pip")
    pip("install", "--quiet", "--upgrade", "pip")
    what = "the pinned packages" + (f" with the extras {', '.join(extras)}" if extras else "")
    say(f"installing {what} (first time: a few minutes, about 2 GB; log in {LOG.relative_to(ROOT)})")
    target = f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT)
    pip("install", "--quiet", "-e", target)
    STAMP.write_text(json.dumps({"pyproject": wanted, "extras": list(extras)}) + "\n")
    say(f"environment ready in {time.perf_counter() - start:.0f} s")


#: JupyterHub's proxy, from npm (the newest release that runs on Debian 12's Node.js 18), installed by `dev.py test`
#: into .venv/hub-proxy, where hub/jupyterhub_config.py finds it.
HUB_PROXY = "configurable-http-proxy@5.1.0"


def ensure_hub_proxy() -> None:
    """Install JupyterHub's proxy (npm) into .venv/hub-proxy, with Node.js and npm from Debian, if it is missing."""
    name, version = HUB_PROXY.rsplit("@", 1)
    try:
        if json.loads((VENV / "hub-proxy" / "node_modules" / name / "package.json").read_text())["version"] == version:
            return
    except (OSError, ValueError, KeyError):
        pass
    ensure_system_packages({"node": "nodejs", "npm": "npm"})
    if not shutil.which("npm"):
        say(f"note: npm is missing, so {HUB_PROXY} is not installed: the course-server test is skipped")
        return
    say(f"installing {HUB_PROXY} (JupyterHub's proxy) from npm into .venv/hub-proxy")
    with LOG.open("a") as log:
        log.write(f"\n$ npm install {HUB_PROXY}\n")
        log.flush()
        result = subprocess.run(["npm", "install", "--prefix", str(VENV / "hub-proxy"), "--no-audit", "--no-fund",
                                 "--loglevel=error", HUB_PROXY], stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        say(f"note: npm could not install {HUB_PROXY} (see {LOG.relative_to(ROOT)}): the course-server test is skipped")


def run_in_venv(*args: str) -> int:
    return subprocess.call([str(PYTHON), *args], cwd=ROOT)


def lab_command(notebook_dir: Path, *extra: str) -> list[str]:
    """The JupyterLab command line for learners: their notebooks, the Validate button, no formgrader."""
    command = [str(PYTHON), "-m", "jupyter", "lab", f"--notebook-dir={notebook_dir}",
               "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


#: Jupyter configuration for learners' JupyterLab: it hides the instructors' nbgrader panels (Create
#: Assignment, Formgrader, Courses) and Jupyter's news pop-up, and has the Assignments panel fetch modules
#: into the learner's folder (JUPYTER_CONFIG_PATH adds it to the others).
LEARNER_CONFIG = ROOT / "course" / "jupyter_learner"


def lab_env(assignment_dir: Path | None = None) -> dict:
    """The environment learners' JupyterLab runs in: this one, with the learners' Jupyter configuration.

    ``assignment_dir`` is where the Assignments panel fetches modules (the notebook folder).
    """
    paths = [str(LEARNER_CONFIG), *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    env = {**os.environ, "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}
    if assignment_dir is not None:
        env["COURSE_ASSIGNMENT_DIR"] = str(assignment_dir)
    return env


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
    return subprocess.call(lab_command(work), cwd=ROOT, env=lab_env(work))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"grade", "test", "lab"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_system_packages(SYSTEM_PACKAGES[command])
    ensure_venv(EXTRAS[command])
    if command == "grade":
        return run_in_venv("-m", "course", "demo", *rest)
    if command == "test":
        ensure_hub_proxy()  # JupyterHub's proxy, for the course server's test
        return run_in_venv("-m", "pytest", *rest)
    return lab()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
