"""A sandbox for graded kernels, made from Debian's bubblewrap (``bwrap``) and util-linux's ``setpriv``.

While a notebook is graded, its kernel runs in a sandbox of its own:

- **network**: its own network namespace, with nothing but a loopback of its own; the
  kernel talks to nbgrader over IPC transport (Unix sockets in a folder bind-mounted in);
- **files**: the system (``/usr``, ``/etc``), the Python environment and the ``course``
  package, read-only; a copy of the folder where the notebook runs
  (``autograded/<student>/<module>/`` of the temporary course it is graded in), in memory
  and of limited size, so that what the kernel writes can neither fill the disk nor outlive
  it; a private ``/tmp`` and ``/dev/shm`` of limited size; the folders named in ``readable``,
  read-only; and nothing else: not the source notebooks with their solutions, the
  gradebook, the exchange, other learners' submissions or the instructor's home;
- **user**: the unprivileged user ``nobody``, with no capabilities and no way to gain one
  (``no_new_privs``), where grading runs as root; otherwise the instructor's own user,
  which the sandbox still confines;
- its own process, IPC and host-name namespaces: it cannot see or signal other processes.

The resource limits (memory, file size, processes) are set by :mod:`.limits` on the
sandbox's first process and hold inside it. :func:`guarantees` says which of these hold
on this machine; where ``bwrap`` is missing or cannot make namespaces, kernels run as
before and the guarantees say "off" with the reason.

Example:
    >>> box = Sandbox(work=Path("autograded/ada/m1"), runtime=Path("/tmp/rt"))  # doctest: +SKIP
    >>> box.wrap(["python", "-m", "ipykernel_launcher", "-f", "/tmp/rt/kernel.json"])  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client import AsyncKernelManager
from traitlets import Any

#: The user that graded kernels run as, where grading runs as root.
USER = "nobody"

#: Size of the sandbox's private /tmp and /dev/shm (they live in memory).
TMP_BYTES = 1 * 2**30
#: Size of the folder the kernel runs in: a copy, in memory, of its folder on disk.
WORK_BYTES = 1 * 2**30
#: Where the folder on disk is seen, read-only, inside the sandbox (the copy is made from it).
ORIGINAL = "/run/course-work"


def _ids() -> tuple[int, int] | None:
    """The uid and gid to run kernels as, or ``None`` to keep this process's own (not root)."""
    if os.getuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(USER)
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


@dataclass
class Sandbox:
    """Where one kernel may write (``work``), talk (``runtime``) and read (``readable``)."""

    work: Path
    runtime: Path | None  # None: no runtime folder (a process that needs no kernel sockets)
    readable: tuple = ()
    env: dict = field(default_factory=dict)  # variables set inside (e.g. where the held-out data is)

    def wrap(self, command: list[str]) -> list[str]:
        """``command`` (a kernel's), run inside the sandbox."""
        args = ["bwrap", "--die-with-parent", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            if Path(f"/{name}").is_symlink():
                args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
            elif Path(f"/{name}").is_dir():
                args += ["--ro-bind", f"/{name}", f"/{name}"]
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs",
                 "/dev/shm", "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
        made = {"/", "/usr", "/etc", "/proc", "/dev", "/tmp"}
        binds = [("--ro-bind", Path(sys.prefix)), ("--ro-bind", Path(sys.base_prefix)),
                 ("--ro-bind", _package_dir())]
        binds += [("--ro-bind", Path(p)) for p in self.readable if Path(p).exists()]
        binds += [("--tmpfs", self.work)] + ([("--bind", self.runtime)] if self.runtime else [])
        for how, path in binds:
            path = Path(path).resolve()
            if str(path).startswith(("/usr/", "/etc/")) or str(path) in made:
                continue
            for parent in reversed(path.parents):  # bwrap makes missing parents 0700, which nobody cannot enter
                if str(parent) not in made:
                    args += ["--perms", "0755", "--dir", str(parent)]
                    made.add(str(parent))
            if how == "--tmpfs":
                args += ["--perms", "0777", "--size", str(WORK_BYTES), how, str(path)]
            else:
                args += [how, str(path), str(path)]
            made.add(str(path))
        args += ["--perms", "0755", "--dir", "/run", "--ro-bind", str(Path(self.work).resolve()), ORIGINAL]
        args += ["--chdir", str(self.work), "--setenv", "HOME", "/tmp", "--unsetenv", "JPY_PARENT_PID"]
        for name, value in self.env.items():
            args += ["--setenv", name, value]
        ids = _ids()
        if ids is not None:
            args += ["--", "setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups",
                     "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        copy = (f'cp -R --preserve=mode,timestamps {ORIGINAL}/. . || echo "course: the files of this folder do not '
                f'fit in the {WORK_BYTES / 2**30:g} GiB a graded kernel may use" >&2; exec "$@"')
        return args + ["--", "/bin/sh", "-c", copy, "sh", *command]

    def enter(self) -> None:
        """Let the sandbox's user write where it may (the work and runtime folders)."""
        ids = _ids()
        if ids is not None:
            _chown_tree(self.work, *ids)
            if self.runtime:
                _chown_tree(self.runtime, *ids)

    def leave(self) -> None:
        """Give the work folder back to the user who grades."""
        if _ids() is not None:
            _chown_tree(self.work, os.getuid(), os.getgid())


def _chown_tree(folder: Path, uid: int, gid: int) -> None:
    os.chown(folder, uid, gid, follow_symlinks=False)
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chown(os.path.join(parent, name), uid, gid, follow_symlinks=False)


class GradingKernelManager(AsyncKernelManager):
    """A kernel manager that starts kernels with the grading environment (``settings.GRADING_ENV``).

    The variables go to the kernel only, never into this process: the Validate button runs in
    the learner's Jupyter server, where ``MPLBACKEND=agg`` would stop the plots of every kernel
    the learner starts afterwards.
    """

    async def start_kernel(self, **kw):
        from .settings import GRADING_ENV

        kw["env"] = {**kw.get("env", os.environ), **GRADING_ENV}
        return await super().start_kernel(**kw)


class SandboxedKernelManager(GradingKernelManager):
    """A kernel manager that starts the kernel inside ``sandbox`` (a :class:`Sandbox`), when one is set.

    The kernel listens on IPC sockets in the sandbox's runtime folder, and is interrupted
    by a message: the signal that jupyter_client sends otherwise would stop the sandbox.
    """

    sandbox = Any(None, allow_none=True)

    def use(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.transport = "ipc"
        self.ip = str(sandbox.runtime / "kernel")
        self.connection_file = str(sandbox.runtime / "kernel.json")

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if self.sandbox is None:
            return command
        self.kernel_spec.interrupt_mode = "message"
        self.sandbox.enter()  # after the connection file is written: the kernel must read it
        return self.sandbox.wrap(command)


@functools.cache
def off_because() -> str:
    """Why kernels cannot be sandboxed on this machine ("" when they can)."""
    if not shutil.which("bwrap"):
        return "bubblewrap is not installed (on Debian: apt-get install bubblewrap)"
    if _ids() is not None and not shutil.which("setpriv"):
        return "setpriv (util-linux) is not installed"
    with tempfile.TemporaryDirectory(prefix="course-sandbox-check-") as tmp:
        work = Path(tmp) / "work"
        runtime = Path(tmp) / "runtime"
        work.mkdir()
        runtime.mkdir()
        box = Sandbox(work, runtime)
        (work / "probe").write_text("copied")
        box.enter()
        probe = "import os, socket; open('probe', 'a').write(' and written'); print(open('probe').read())"
        try:
            result = subprocess.run(box.wrap([sys.executable, "-c", probe]), capture_output=True, text=True,
                                    timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"bubblewrap does not start here ({error})"
        if result.returncode != 0 or result.stdout.strip() != "copied and written":
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            return f"bubblewrap cannot make a sandbox here ({last})"
    return ""


def guarantees() -> dict:
    """Which sandbox guarantees hold for a kernel graded here: ``{guarantee: "on (how)" or "off (why)"}``."""
    why = off_because()
    if why:
        return {key: f"off ({why})" for key in ("network", "files", "user")}
    ids = _ids()
    return {"network": "on (a network namespace of its own; the kernel talks over IPC sockets)",
            "files": "on (sees only the system, the Python environment and the course package read-only, and "
                     "the held-out data only where a test cell reads it itself (no course notebook does: a scorer "
                     "outside the sandbox measures the models on it); writes only to a "
                     f"copy of its own folder, in memory and at most {WORK_BYTES / 2**30:g} GiB, and to a private "
                     "/tmp)",
            "user": (f"on (runs as {USER}, uid {ids[0]}, without capabilities)" if ids is not None
                     else "off (grading does not run as root: kernels run as your own user, inside the sandbox)")}
