"""Measure a learner's model on held-out data without letting graded code read that data.

Hidden tests call :func:`measure` with the name of a trusted scorer
(:mod:`course.scorers`) and the learner's model. The model is saved as a
``.keras`` file; the scorer loads it back with ``safe_mode=True`` and measures
it on the held-out data. While nbgrader grades the notebook in its sandbox, the
file goes over a Unix socket to the grading process, which runs the scorer in a
sandbox of its own that can read the held-out data
(:mod:`course.instructor.scoring`): the graded kernel gets numbers back, never
the data. Elsewhere (grading without a sandbox, the course's own tests) the
scorer runs right here, on the same reloaded model, so the figures are the same.

Example:
    >>> figures = measure("forecast_mae", dense_model, window_size=WINDOW)  # doctest: +SKIP
    >>> figures["mae"], figures["naive"]  # doctest: +SKIP

Introduced in m4_time_series/02_windowed_datasets.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import tempfile
from pathlib import Path

from .quiet import quiet
from .scorers import SCORERS, ScoringError, score

#: The environment variable that names the grading process's scorer socket (set inside the sandbox).
SOCKET_VAR = "COURSE_SCORER_SOCKET"
#: The environment variable that names a file to which each measurement is appended as a line of JSON
#: (``benchmarks/margins.py`` sets it to find the baseline behind each figure).
LOG_VAR = "COURSE_MEASURE_LOG"


def measure(name: str, model, **options) -> dict:
    """Measure ``model`` with the scorer ``name`` on the held-out data and return its figures.

    Args:
        name: a scorer of :mod:`course.scorers`, e.g. ``"forecast_mae"``.
        model: the learner's Keras model.
        **options: the scorer's options (numbers, strings and lists of them).

    Returns:
        ``{figure: number}``.

    Raises:
        ScoringError: (an ``AssertionError``, so the test fails with its message) when the model
            cannot be saved, loaded back safely or measured.
    """
    if name not in SCORERS:
        raise ValueError(f"no scorer named {name!r}; the scorers are {sorted(SCORERS)}")
    model_file = _saved(model)
    address = os.environ.get(SOCKET_VAR)
    if not address:
        return _logged(name, options, score(name, options, model_file))
    header = json.dumps({"scorer": name, "options": options}).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(address)
        connection.sendall(struct.pack("!QQ", len(header), len(model_file)) + header + model_file)
        connection.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    answer = json.loads(reply.decode() or '{"error": "the scorer gave no answer"}')
    if "error" in answer:
        raise ScoringError(answer["error"])
    return _logged(name, options, answer["figures"])


def _logged(name: str, options: dict, figures: dict) -> dict:
    """``figures``, appended to the file that ``LOG_VAR`` names, if it names one and it can be written."""
    if os.environ.get(LOG_VAR):
        try:
            with open(os.environ[LOG_VAR], "a") as log:
                log.write(json.dumps({"scorer": name, "options": options, "figures": figures}) + "\n")
        except OSError:
            pass
    return figures


def _saved(model) -> bytes:
    """The bytes of ``model`` saved as a ``.keras`` file."""
    if not hasattr(model, "save"):
        raise ScoringError(f"expected a Keras model to measure, got {type(model).__name__}")
    with tempfile.TemporaryDirectory(prefix="course-model-") as tmp:
        path = Path(tmp) / "model.keras"
        try:
            with quiet(), _keras_activations(model):
                model.save(path)
        except Exception as error:
            raise ScoringError(f"your model could not be saved as a .keras file ({type(error).__name__}): build "
                               "it from Keras's own layers") from None
        return path.read_bytes()


#: The attributes of Keras layers that hold an activation function.
ACTIVATIONS = ("activation", "recurrent_activation")


@contextlib.contextmanager
def _keras_activations(model):
    """While saving, give layers built with TensorFlow's activations (``tf.nn.softmax``) Keras's equivalents.

    A ``.keras`` file names a TensorFlow function by its Python path, which ``safe_mode`` rightly
    refuses to import; Keras's function of the same name computes the same thing.
    """
    import keras

    swapped = []
    for layer in _layers(model):
        for attribute in ACTIVATIONS:
            function = getattr(layer, attribute, None)
            if callable(function) and not getattr(function, "__module__", "").startswith("keras"):
                try:
                    equivalent = keras.activations.get(function.__name__.removesuffix("_v2"))
                except (ValueError, AttributeError):
                    continue
                swapped.append((layer, attribute, function))
                setattr(layer, attribute, equivalent)
    try:
        yield
    finally:
        for layer, attribute, function in swapped:
            setattr(layer, attribute, function)


def _layers(layer):
    """``layer`` and every layer inside it (nested models, wrappers such as Bidirectional, RNN cells)."""
    yield layer
    for inner in [*getattr(layer, "layers", []), getattr(layer, "layer", None), getattr(layer, "cell", None),
                  getattr(layer, "forward_layer", None), getattr(layer, "backward_layer", None)]:
        if inner is not None and inner is not layer:
            yield from _layers(inner)
