"""The learner's path: JupyterLab starts as `python3 dev.py lab` starts it, with nbgrader's Validate button.

The Validate button posts the notebook's path to nbgrader's server extension;
this test does the same over HTTP against a real JupyterLab server on localhost.
"""

from __future__ import annotations

import json
import shutil

import pytest
from browser import ROOT, dev, lab_server, request  # dev: the launcher whose lab command is tested


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on the student copy of module 1, started from the course root like dev.py does."""
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "release" / "m1_foundations", work / "m1_foundations")
    shutil.copy2(ROOT / "source" / "m1_foundations" / "01_first_model.ipynb", work / "solved.ipynb")
    with lab_server(work, cwd=ROOT, env=dev.lab_env(), log=work.parent / "lab.log") as base:
        yield base


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
