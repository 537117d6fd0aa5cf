"""The learner's path: JupyterLab starts as `python3 dev.py lab` starts it, with nbgrader's Validate button.

The Validate button posts the notebook's path to nbgrader's server extension;
this test does the same over HTTP against a real JupyterLab server on localhost.
"""

from __future__ import annotations

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
import dev  # noqa: E402  (the launcher whose lab command is tested)

TOKEN = "course-test-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, data: bytes | None = None, timeout: float = 600) -> bytes:
    req = urllib.request.Request(url, data=data, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on the student copy of module 1, started from the course root like dev.py does."""
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "release" / "m1_foundations", work / "m1_foundations")
    shutil.copy2(ROOT / "source" / "m1_foundations" / "01_first_model.ipynb", work / "solved.ipynb")
    port = free_port()
    log = open(work.parent / "lab.log", "w")  # noqa: SIM115 (closed below)
    command = dev.lab_command(work, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                              f"--IdentityProvider.token={TOKEN}")
    command[0] = sys.executable  # the Python running the tests, whichever environment it is
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=dev.lab_env())
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                request(f"{base}/api/status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start: " + (work.parent / "lab.log").read_text()[-2000:])
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def validate(base: str, path: str) -> dict:
    body = json.dumps({"path": path}).encode()
    return json.loads(request(f"{base}/assignments/validate", data=body))


@pytest.mark.slow
def test_lab_serves_the_nbgrader_extensions(lab):
    page = request(f"{lab}/lab").decode()
    assert "JupyterLab" in page
    version = json.loads(request(f"{lab}/nbgrader_version?version=0.9.6"))
    assert version["success"], version


@pytest.mark.slow
def test_the_learners_lab_hides_the_instructors_panels_and_the_news(lab):
    page = request(f"{lab}/lab").decode()
    data = page.split('<script id="jupyter-config-data" type="application/json">')[1].split("</script>")[0]
    config = json.loads(data)
    hidden = set(config["disabledExtensions"])  # the names of the plugins disabled
    assert {"@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
            "@jupyterlab/apputils-extension:announcements"} <= hidden
    assert not hidden & {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"}


@pytest.mark.slow
def test_validate_button_fails_a_blank_notebook_and_passes_a_solved_one(lab):
    blank = validate(lab, "m1_foundations/01_first_model.ipynb")
    assert blank["success"], blank
    assert len(blank["value"].get("failed", [])) == 2, blank["value"]
    assert "is not written yet" in blank["value"]["failed"][0]["raw_error"]
    solved = validate(lab, "solved.ipynb")
    assert solved["success"] and solved["value"] == {}, solved
