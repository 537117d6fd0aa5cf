"""JupyterHub configuration of a course server for the TensorFlow Developer course.

Run it as root, with the course's Python environment (see hub/README_SECTION.md)::

    sudo COURSE_DIR=/home/teacher/tf-course COURSE_HUB_INSTRUCTORS=teacher \\
        .venv/bin/jupyterhub -f hub/jupyterhub_config.py

The choices, each with JupyterHub's or nbgrader's own mechanism:

- Users are the machine's Unix users, who log in with their own password (``PAMAuthenticator``): nbgrader
  takes a learner's id from the login, so each learner needs an account of their own (a shared account
  would let learners overwrite each other's submissions).
- Who may log in: the instructors named in ``COURSE_HUB_INSTRUCTORS``, and every member of the Unix group
  ``COURSE_HUB_LEARNERS`` (``allowed_groups``), so adding a learner needs no restart of the hub.
- Each user's JupyterLab runs as that user (``LocalProcessSpawner``), from the Python environment that runs
  the hub (the course's ``.venv``): learners get the course package and its pinned TensorFlow.
- Learners (every user but the instructors) get nbgrader's Assignments panel and Validate button:
  ``hub/learner/`` holds their nbgrader configuration (the course id, the shared exchange, fetch receipts
  for ``course status``, and the grading environment for Validate) and switches the formgrader off in their
  server; ``course/jupyter_learner/`` hides the instructors' panels in their JupyterLab, as ``dev.py lab`` does.
- Instructors (a JupyterHub group, ``group_overrides``) get JupyterLab on the course directory, with the
  formgrader: ``hub/instructor/`` loads the course's own ``nbgrader_config.py`` and hides Jupyter's news
  pop-up, and ``COURSE_DIR`` lets ``python -m course ...`` in their terminal work on the course from any folder.
- The exchange is one folder that everyone can write into (nbgrader's file-system exchange, ``chmod 777``,
  created here if missing); nbgrader keeps each submission unreadable to other learners.
- The hub keeps its state (database, cookie secret, pid files) in ``COURSE_HUB_STATE``; the proxy is the
  configurable-http-proxy that ``python3 dev.py test`` installs into ``.venv/hub-proxy``, else the one on PATH.
"""

import os
import sys
from pathlib import Path

# ------------------------------------------------------------------ what a course sets (environment variables)
#: The instructors' course directory (nbgrader_config.py, source/, heldout/, the gradebook), e.g. a clone of this
#: repository or a copy of it, owned by the instructor and closed to learners (chmod 700).
COURSE_DIR = os.environ.get("COURSE_DIR", "")
#: nbgrader's exchange, shared by instructors and learners.
COURSE_EXCHANGE = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
#: The instructors' user names (comma-separated) and the Unix group whose members are the learners.
INSTRUCTORS = sorted(filter(None, (name.strip() for name in os.environ.get("COURSE_HUB_INSTRUCTORS", "").split(","))))
LEARNERS_GROUP = os.environ.get("COURSE_HUB_LEARNERS", "tf-learners")
#: Where the hub listens (all interfaces unless an address is given); it also uses the next two ports on
#: 127.0.0.1 for itself and its proxy's API.
HUB_IP = os.environ.get("COURSE_HUB_IP", "")
HUB_PORT = int(os.environ.get("COURSE_HUB_PORT", "8000"))
#: The hub's own files: its database, cookie secret and pid files (root only).
HUB_STATE = Path(os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub"))

# ------------------------------------------------------------------ derived from the above
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent  # the course's environment, which runs this hub
PROXY = Path(sys.prefix) / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

c = get_config()  # noqa: F821 (provided by JupyterHub)

HUB_STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
if not os.path.isdir(COURSE_EXCHANGE):
    os.makedirs(COURSE_EXCHANGE)
    os.chmod(COURSE_EXCHANGE, 0o777)  # nbgrader's file-system exchange: everyone releases, fetches and submits here

# ------------------------------------------------------------------ the hub and its proxy
c.JupyterHub.bind_url = f"http://{HUB_IP}:{HUB_PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_PORT + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{HUB_PORT + 2}"
if PROXY.exists():
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.JupyterHub.db_url = f"sqlite:///{HUB_STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(HUB_STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(HUB_STATE / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the proxy and every user's server

# ------------------------------------------------------------------ who logs in
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(INSTRUCTORS)
c.PAMAuthenticator.allowed_groups = {LEARNERS_GROUP}
c.JupyterHub.load_groups = {"instructors": {"users": INSTRUCTORS}}

# ------------------------------------------------------------------ each user's JupyterLab: a learner's by default
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120  # a JupyterLab with TensorFlow's environment starts slowly on a busy small server
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),  # python, nbgrader, course
    "COURSE_EXCHANGE": COURSE_EXCHANGE,
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HERE / "learner"), str(ROOT / "course" / "jupyter_learner")]),
}
c.Spawner.group_overrides = {
    "instructors": {
        "groups": ["instructors"],
        "spawner_override": {
            "notebook_dir": COURSE_DIR or "~",
            "environment": {"COURSE_DIR": COURSE_DIR, "JUPYTER_CONFIG_PATH": str(HERE / "instructor")},
        },
    },
}
