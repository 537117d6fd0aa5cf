"""Trusted scorers: the figures that hidden tests measure on held-out data.

A hidden test never reads the held-out files itself. It asks for figures with
:func:`course.heldout.measure`, naming one of the scorers below and passing the
learner's model; the model travels as a ``.keras`` file and is loaded again with
``safe_mode=True`` (no Lambda code, no custom objects), so no code of the learner
runs where the held-out data can be read. The scorer reads the held-out data and
the shipped data that precedes it itself, and returns only numbers. While a
notebook is graded in the sandbox, this happens outside the sandbox, in a sandbox
of its own that can read the held-out data (:mod:`course.instructor.scoring`);
elsewhere, in the notebook's kernel.

Introduced in m4_time_series/02_windowed_datasets.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

#: Scorers by name: only these can be asked for.
SCORERS: dict[str, Callable] = {}


class ScoringError(AssertionError):
    """The learner's model could not be measured; the message says why and what to change."""


def scorer(function: Callable) -> Callable:
    """Register ``function`` as a scorer under its name."""
    SCORERS[function.__name__] = function
    return function


def score(name: str, options: dict, model_file: bytes) -> dict:
    """Load the model in ``model_file`` (the bytes of a ``.keras`` file) safely and run the scorer ``name`` on it.

    Returns:
        ``{figure: number}``, every number finite.

    Raises:
        ScoringError: the model cannot be loaded safely, or it fails on the held-out data.
    """
    import keras

    from .quiet import quiet

    if name not in SCORERS:
        raise ScoringError(f"no scorer named {name!r}")
    with tempfile.TemporaryDirectory(prefix="course-score-") as tmp:
        path = Path(tmp) / "model.keras"
        path.write_bytes(model_file)
        try:
            with quiet():
                model = keras.saving.load_model(path, compile=False, safe_mode=True)
        except Exception as error:
            raise ScoringError(f"your model could not be loaded back from a .keras file in safe mode "
                               f"({type(error).__name__}): build it from Keras's own layers (no Lambda layer "
                               "or custom class)") from None
    try:
        with quiet():
            figures = SCORERS[name](model, **options)
    except ScoringError:
        raise
    except Exception as error:
        raise ScoringError(f"your model failed on the held-out data ({type(error).__name__}: "
                           f"{str(error).splitlines()[0][:160] if str(error) else 'no message'})") from None
    figures = {str(key): float(value) for key, value in figures.items()}
    bad = [key for key, value in figures.items() if not math.isfinite(value)]
    if bad:
        raise ScoringError(f"your model's {', '.join(bad)} on the held-out data is not a finite number: "
                           "check that it trains without the loss becoming nan")
    return figures


@scorer
def forecast_mae(model, window_size: int, dataset: str = "sunspots", columns=("sunspots",),
                 target: int = 0) -> dict:
    """The MAE of ``model``'s forecast of a dataset's held-out period, and that of the naive forecast.

    The shipped data is the history; the held-out file continues it.

    Args:
        model: forecasts one step of ``columns[target]`` from ``window_size`` steps.
        window_size: the model's window.
        dataset: a registered dataset with a held-out file.
        columns: the columns the model reads, in its order (one column: a univariate series).
        target: the column it forecasts.

    Returns:
        ``{"mae": ..., "naive": ...}``.
    """
    from . import data, series

    columns = list(columns)
    history = data.load(dataset)[columns].to_numpy(dtype="float32")
    heldout = data.load_heldout(dataset)[columns].to_numpy(dtype="float32")
    values = np.concatenate([history, heldout])
    if len(columns) == 1:
        values = values[:, 0]
    whole = values if values.ndim == 1 else values[:, target]
    start = len(history)
    return {"mae": series.mae(whole[start:], series.forecast(model, values, window_size, start)),
            "naive": series.mae(whole[start:], series.naive_forecast(whole, start))}


def _examples(examples: str):
    """The held-out examples named ``examples``, as a model of the course takes them: ``(x, labels)``.

    Labels are integers, except those of ``"definitions/text"`` (category names).
    """
    from . import data, images

    if examples in ("digits/flat", "digits/image"):
        digits = data.load_heldout("digits")
        pixels = digits["images"].astype("float32") / 16
        x = pixels.reshape(-1, 64) if examples == "digits/flat" else pixels[..., np.newaxis]
        return x, digits["labels"]
    if examples == "breast_cancer":
        frame = data.load_heldout("breast_cancer")
        return (frame.drop(columns="diagnosis").to_numpy("float32"),
                (frame["diagnosis"] == "malignant").to_numpy().astype(int))
    if examples == "iris":
        import pandas as pd

        frame = pd.DataFrame(data.load_heldout("iris"))
        x = frame[["sepal_length", "sepal_width", "petal_length", "petal_width"]].to_numpy("float32")
        return x, frame["species"].map(["setosa", "versicolor", "virginica"].index).to_numpy()
    if examples == "textures/32x32":
        x, y, _ = images.load_arrays(images.heldout_folder("textures"), image_size=(32, 32))
        return x, y
    if examples == "emoji/200x200":
        x, y, _ = images.load_arrays(images.heldout_folder("emoji"), image_size=(200, 200))
        return x, y
    if examples == "faces/32x32-grayscale":
        x, y, _ = images.load_arrays(images.heldout_folder("faces"), color_mode="grayscale")
        return x, y
    if examples == "tech_quotes/text":
        import tensorflow as tf

        records = data.load_heldout("tech_quotes")
        return (tf.constant([record["text"] for record in records]),
                np.array([record["about_computers"] for record in records]))
    if examples == "definitions/text":
        import tensorflow as tf

        frame = data.load_heldout("definitions")
        return tf.constant(frame["text"].tolist()), frame["category"].to_numpy(dtype=str)
    raise ValueError(f"no held-out examples named {examples!r}")


def majority_share(examples: str) -> float:
    """The accuracy of always answering the most common class of the held-out ``examples``: a baseline."""
    _, labels = _examples(examples)
    _, counts = np.unique(np.asarray(labels).astype(str), return_counts=True)
    return float(counts.max() / counts.sum())


#: The names :func:`accuracy` takes.
EXAMPLES = ("digits/flat", "digits/image", "breast_cancer", "iris", "textures/32x32", "emoji/200x200",
            "faces/32x32-grayscale", "tech_quotes/text", "definitions/text")


@scorer
def accuracy(model, examples: str, classes=None) -> dict:
    """The accuracy of the classifier ``model`` on the held-out examples named ``examples`` (see :data:`EXAMPLES`).

    Args:
        model: a classifier: one sigmoid output, or one output per class.
        examples: which held-out examples, prepared as the model takes them (``"digits/flat"``:
            rows of 64 pixels scaled to 0..1; ``"tech_quotes/text"``: raw strings...).
        classes: the class names in the order of the model's outputs, for examples whose labels
            are names (``"definitions/text"``); a name not among them counts as a wrong answer.

    Returns:
        ``{"accuracy": ..., "examples": how many}``.
    """
    from .checks.evaluation import accuracy as measured

    x, labels = _examples(examples)
    if classes is not None:
        position = {str(name): index for index, name in enumerate(classes)}
        labels = np.array([position.get(str(label), -1) for label in labels])
    return {"accuracy": measured(model, x, labels), "examples": len(labels)}


def _check_model(model, input_shape: tuple, outputs: int, takes: str) -> None:
    """Raise :class:`ScoringError` unless ``model`` takes ``(None, *input_shape)`` and gives ``(None, outputs)``."""
    got_in, got_out = tuple(model.input_shape), tuple(model.output_shape)
    if isinstance(model.input_shape, list) or got_in[1:] != tuple(input_shape):
        raise ScoringError(f"the model takes inputs of shape {got_in}, but this task gives it {takes} of shape "
                           f"{(None, *input_shape)}: start it with keras.Input(shape={tuple(input_shape)})")
    if isinstance(model.output_shape, list) or got_out[1:] != (outputs,):
        raise ScoringError(f"the model gives outputs of shape {got_out}, but this task needs {(None, outputs)}: "
                           f"end it with a Dense layer of {outputs} unit{'s' if outputs > 1 else ''}")


#: The rule behind the numbers of the exam's first task, and the numbers it is scored on.
NUMBERS_RULE = (2.0, -1.0)  # y = 2x - 1
NUMBERS_SCORED = np.arange(-10.5, 21.0, 1.5, dtype="float32")


@scorer
def exam_numbers(model) -> dict:
    """Exam task 1: the mean squared error of ``model`` (one number in, one out) on numbers it never saw."""
    from .checks.evaluation import predict

    _check_model(model, (1,), 1, "one number")
    slope, intercept = NUMBERS_RULE
    x = NUMBERS_SCORED.reshape(-1, 1)
    predictions = predict(model, x).reshape(-1)
    return {"mse": float(np.mean((predictions - (slope * x[:, 0] + intercept)) ** 2)), "examples": len(x)}


@scorer
def exam_digits(model) -> dict:
    """Exam task 2: accuracy on held-out digits, given as 8x8 images of raw pixel values 0-16."""
    from .checks.evaluation import accuracy as measured

    _check_model(model, (8, 8), 10, "8x8 images of raw pixel values (0 to 16)")
    digits = _load_heldout("digits")
    return {"accuracy": measured(model, digits["images"].astype("float32"), digits["labels"]),
            "examples": len(digits["labels"])}


@scorer
def exam_textures(model) -> dict:
    """Exam task 3: accuracy on held-out texture photos, 32x32 RGB of raw pixel values 0-255."""
    from . import images
    from .checks.evaluation import accuracy as measured

    _check_model(model, (32, 32, 3), 3, "32x32 colour photos of raw pixel values (0 to 255)")
    x, y, _ = images.load_arrays(images.heldout_folder("textures"), image_size=(32, 32))
    return {"accuracy": measured(model, x, y), "examples": len(y)}


@scorer
def exam_quotes(model) -> dict:
    """Exam task 4: accuracy on held-out quotations, given as raw strings (one per row)."""
    import tensorflow as tf

    from .checks.evaluation import accuracy as measured

    _check_model(model, (1,), 1, "one raw string per row")
    records = _load_heldout("tech_quotes")
    texts = tf.constant([[record["text"]] for record in records])
    return {"accuracy": measured(model, texts, np.array([record["about_computers"] for record in records])),
            "examples": len(records)}


@scorer
def exam_sunspots(model) -> dict:
    """Exam task 5: the MAE of one-step forecasts of the held-out months from windows of 30 months, shape (30, 1)."""
    from . import data, series
    from .checks.evaluation import predict

    _check_model(model, (30, 1), 1, "windows of 30 monthly values")
    history = data.load("sunspots")["sunspots"].to_numpy(dtype="float32")
    values = np.concatenate([history, data.load_heldout("sunspots")["sunspots"].to_numpy(dtype="float32")])
    start = len(history)
    windows = series.windows(values, 30, start)[..., np.newaxis]
    forecast = predict(model, windows).reshape(-1)
    return {"mae": series.mae(values[start:], forecast),
            "naive": series.mae(values[start:], series.naive_forecast(values, start))}


def _load_heldout(name: str):
    from . import data

    return data.load_heldout(name)
