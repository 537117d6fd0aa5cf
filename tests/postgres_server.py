"""A throwaway PostgreSQL server for the tests: Debian's packages, a temporary data folder, a Unix socket.

``python3 dev.py test`` installs Debian's ``postgresql`` package (``dev.SYSTEM_PACKAGES``);
the server started here listens on a socket in its own folder only (no TCP port), runs
as the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root),
and is stopped, and its folder removed, afterwards.

Example:
    >>> with postgres_server() as url:  # doctest: +SKIP
    ...     Gradebook(url, "course")
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

DATABASE = "course"


def binaries() -> Path | None:
    """The folder of PostgreSQL's server programs (``initdb``, ``pg_ctl``), newest version first; None if absent."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
    return found[0].parent if found else None


@contextlib.contextmanager
def postgres_server():
    """Start a PostgreSQL server with its data and socket in a temporary folder; yield the SQLAlchemy URL of a database.

    The folder is made in the system's temporary folder, not pytest's (which only root may enter).
    """
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed: `python3 dev.py test` installs Debian's postgresql package "
                           "(as root), or install it yourself")
    folder = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    data, socket_dir, log = folder / "data", folder / "socket", folder / "server.log"
    socket_dir.mkdir()
    as_user = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        folder.chmod(0o755)
        for path in (folder, socket_dir):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*command: str) -> None:
        done = subprocess.run([*as_user, *command], capture_output=True, text=True, cwd=folder)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"`{' '.join(command)}` failed: {done.stderr.strip()}\n{tail}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync")
    options = f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -c fsync=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", str(socket_dir), "-U", "postgres", DATABASE)
        yield f"postgresql://postgres@/{DATABASE}?host={socket_dir}"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
