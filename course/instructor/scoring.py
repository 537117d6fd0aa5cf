"""The scorer service of a graded kernel: held-out figures, measured outside the kernel's sandbox.

While a notebook is graded in its sandbox, :class:`ScoringService` listens on a
Unix socket in the sandbox's runtime folder. A hidden test's
:func:`course.heldout.measure` sends it a scorer's name, its options and the
learner's model as the bytes of a ``.keras`` file. For each request the service
starts this module (``python -m course.instructor.scoring``) in a sandbox of its
own, which can read the held-out data and nothing else of the course, cannot reach
the network and can write only a scratch folder; it loads the model with
``safe_mode=True``, so no code of the learner runs there, and answers with the
figures (or what went wrong) as one line of JSON.

Example:
    >>> with ScoringService(runtime / "scorer.sock", "heldout"):  # doctest: +SKIP
    ...     ...  # the kernel runs with COURSE_SCORER_SOCKET set to that path
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import limits, sandbox

#: The largest model file a kernel may send (bytes).
MAX_MODEL_BYTES = 256 * 2**20
#: The longest a scorer may take (seconds).
SCORE_SECONDS = 300


class ScoringService:
    """Answer the scoring requests of one graded kernel on the Unix socket ``path``."""

    def __init__(self, path: Path, heldout_dir: str, memory: int = 0):
        self.path, self.heldout_dir, self.memory = Path(path), heldout_dir, memory
        self._server = None

    def __enter__(self) -> ScoringService:
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(self.path))
        os.chmod(self.path, 0o666)  # the kernel's user connects to it
        self._server.listen(4)
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.close()
        self.path.unlink(missing_ok=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return  # closed
            with connection:
                try:
                    answer = self._answer(connection)
                except Exception as error:  # never let a request stop the service
                    answer = {"error": f"the scorer failed ({type(error).__name__})"}
                try:
                    connection.sendall(json.dumps(answer).encode())
                except OSError:
                    pass

    def _answer(self, connection: socket.socket) -> dict:
        sizes = _read(connection, 16)
        header_size, model_size = struct.unpack("!QQ", sizes)
        if header_size > 65536 or model_size > MAX_MODEL_BYTES:
            return {"error": f"the model is too large to measure (over {MAX_MODEL_BYTES // 2**20} MB)"}
        request = sizes + _read(connection, header_size + model_size)
        return run_scorer(request, self.heldout_dir, self.memory)


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(min(1 << 20, size - len(data)))
        if not chunk:
            raise EOFError("the request ended early")
        data += chunk
    return data


def run_scorer(request: bytes, heldout_dir: str, memory: int = 0) -> dict:
    """Run this module on ``request`` in a sandbox that may read ``heldout_dir``, and return its answer."""
    command = [sys.executable, "-m", "course.instructor.scoring"]
    env = {**os.environ, "COURSE_HELDOUT_DIR": heldout_dir}
    with tempfile.TemporaryDirectory(prefix="course-scorer-") as scratch:
        if not sandbox.off_because():
            box = sandbox.Sandbox(Path(scratch), None, (heldout_dir,), {"COURSE_HELDOUT_DIR": heldout_dir})
            box.enter()
            command = box.wrap(command)
        try:
            result = subprocess.run(command, input=request, capture_output=True, timeout=SCORE_SECONDS, env=env,
                                    cwd=scratch, preexec_fn=limits.apply(memory=memory))
        except subprocess.TimeoutExpired:
            return {"error": f"measuring the model on the held-out data took over {SCORE_SECONDS} s"}
    lines = result.stdout.decode(errors="replace").strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"error": f"the scorer stopped without an answer (exit status {result.returncode})"}


def main() -> int:
    """Read one request on stdin, score it, and print the answer as the last line of stdout."""
    from course.scorers import ScoringError, score

    data = sys.stdin.buffer.read()
    header_size, model_size = struct.unpack("!QQ", data[:16])
    header = json.loads(data[16:16 + header_size])
    model_file = data[16 + header_size:16 + header_size + model_size]
    try:
        answer = {"figures": score(header["scorer"], header.get("options", {}), model_file)}
    except ScoringError as error:
        answer = {"error": str(error)}
    except Exception as error:
        answer = {"error": f"the scorer failed ({type(error).__name__})"}
    print("\n" + json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
