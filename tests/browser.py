"""Helpers for tests that start JupyterLab (or JupyterHub) on localhost and drive it in a real browser.

Learners meet the course in a browser, so some tests open it in one: Debian's
Chromium (``dev.py test`` installs it with apt) driven by Playwright for Python,
never a browser that Playwright downloads (those downloads fail where the course
is built). The same helpers start the servers these tests talk to, the way
``python3 dev.py lab`` starts the learner's JupyterLab, and stop them afterwards.

Example:
    >>> with lab_server(work, cwd=ROOT, env=dev.lab_env(), log=tmp / "lab.log") as base:  # doctest: +SKIP
    ...     with sync_playwright() as playwright:
    ...         browser = launch_chromium(playwright)
    ...         page = browser.new_page()
    ...         open_lab(page, base)
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402  (the launcher whose lab command the tests use)

#: The token of every server these tests start (they listen on 127.0.0.1 only).
TOKEN = "course-test-token"

#: Where the browser tests save their screenshots: test artefacts, ignored by git.
SCREENSHOTS = ROOT / "tests" / "artefacts" / "screenshots"

#: The Chromium that Debian's ``chromium`` package installs (``dev.py test`` installs it).
CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium_executable() -> str | None:
    """The path of the system's Chromium, or ``None`` when it is not installed."""
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def require_browser():
    """Return Playwright's ``sync_playwright``, skipping the calling test (or module) if it cannot drive Chromium.

    Skips, saying why, when Playwright for Python (the ``browser`` extra) or Debian's
    ``chromium`` is missing; ``python3 dev.py test`` installs both.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install -e '.[browser]', or python3 dev.py test)")
    if chromium_executable() is None:
        pytest.skip("no chromium on PATH (apt-get install chromium, or python3 dev.py test)")
    return sync_playwright


def launch_chromium(playwright, **options):
    """Launch the system's Chromium (headless) through Playwright and return the ``Browser``.

    Args:
        playwright: the object ``sync_playwright()`` gives (``with sync_playwright() as playwright``).
        **options: more keyword arguments for ``playwright.chromium.launch`` (``headless=False``, ``slow_mo=...``).

    Returns:
        A Playwright ``Browser``; close it (``browser.close()``) when done.

    Chromium runs with ``--no-sandbox``: the tests run as root in containers, where Chromium's
    own sandbox cannot start. Call :func:`require_browser` first to skip when Chromium is missing.
    """
    executable = chromium_executable()
    if executable is None:
        raise FileNotFoundError("no chromium on PATH: apt-get install chromium (python3 dev.py test does)")
    args = ["--no-sandbox", *options.pop("args", [])]
    return playwright.chromium.launch(executable_path=executable, args=args, **options)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, data: bytes | None = None, timeout: float = 600) -> bytes:
    """GET (or POST ``data`` to) a URL of a server these tests started, with its token."""
    req = urllib.request.Request(url, data=data, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.read()


def instructor_lab_command(notebook_dir: Path, *extra: str) -> list[str]:
    """The instructor's JupyterLab: the learner's command line of ``dev.py`` with nbgrader's formgrader left on."""
    return [arg for arg in dev.lab_command(notebook_dir, *extra) if "formgrader=False" not in arg]


@contextlib.contextmanager
def lab_server(notebook_dir: Path, cwd: Path, env: dict, log: Path, command=dev.lab_command,
               start_timeout: float = 120):
    """Run JupyterLab on ``notebook_dir`` on a free port of 127.0.0.1 and yield its base URL; stop it afterwards.

    Args:
        notebook_dir: the folder the lab shows.
        cwd: the folder the server runs in (nbgrader reads ``nbgrader_config.py`` there: the course root
            for a learner's lab started like ``dev.py lab``, the course directory for an instructor's).
        env: the server's environment (``dev.lab_env()`` for learners).
        log: the file that receives the server's output, quoted when it does not start.
        command: ``dev.lab_command`` (learners) or :func:`instructor_lab_command`.
    """
    port = free_port()
    args = command(notebook_dir, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                   f"--IdentityProvider.token={TOKEN}")
    args[0] = sys.executable  # the Python running the tests, whichever environment it is
    base = f"http://127.0.0.1:{port}"
    with open(log, "w") as output:
        server = subprocess.Popen(args, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    request(f"{base}/api/status", timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"JupyterLab did not start (exit {server.poll()}): "
                                    + Path(log).read_text()[-3000:])
                    time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def open_lab(page, base: str, path: str = "", timeout: float = 60_000) -> None:
    """Open JupyterLab (``/lab``, or ``/lab/tree/PATH`` to open a file) and wait until its shell is ready.

    The workspace is reset, so that no tab of an earlier page opens again (and starts its kernel).
    Ready means the splash screen is gone and the main dock panel and the menu bar are shown.
    """
    page.goto(f"{base}/lab{'/tree/' + path if path else ''}?reset&token={TOKEN}")
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=timeout)
    page.locator("#jp-main-dock-panel").wait_for(state="visible", timeout=timeout)
    page.locator("#jp-menu-panel").wait_for(state="visible", timeout=timeout)


def screenshot(page, name: str, **options) -> Path:
    """Save a screenshot of ``page`` as ``tests/artefacts/screenshots/NAME.png`` (a test artefact); return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path


def kill_kernels(base: str) -> None:
    """Shut down every kernel of the server at ``base`` (frees the CPU and memory of notebooks left open)."""
    for kernel in json.loads(request(f"{base}/api/kernels")):
        req = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", method="DELETE",
                                     headers={"Authorization": f"token {TOKEN}"})
        with contextlib.suppress(urllib.error.URLError):
            urllib.request.urlopen(req, timeout=30).close()
