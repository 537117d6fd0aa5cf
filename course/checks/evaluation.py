"""Measuring a learner's results: a model's score against a bar, an array against the right values.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import math

import numpy as np

from ..quiet import quiet


def predict(model, x, batch_size: int = 256) -> np.ndarray:
    """Return ``model.predict(x)`` as a NumPy array, quietly."""
    with quiet():
        return np.asarray(model.predict(x, batch_size=batch_size, verbose=0))


def accuracy(model, x, y) -> float:
    """Accuracy of a classifier on ``(x, y)``, computed from its predictions.

    Works for one sigmoid output (threshold 0.5) and for one output per class
    (arg-max); ``y`` holds integer labels (or one-hot rows).
    """
    scores = predict(model, x)
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if scores.ndim == 1 or scores.shape[-1] == 1:
        guesses = (scores.reshape(-1) >= 0.5).astype(int)
    else:
        guesses = scores.argmax(axis=-1)
    assert len(guesses) == len(y), f"the model gave {len(guesses)} predictions for {len(y)} examples"
    return float(np.mean(guesses == y))


def mae(model, x, y) -> float:
    """Mean absolute error of a regression model's predictions on ``(x, y)``."""
    scores = predict(model, x).reshape(len(y), -1)
    return float(np.mean(np.abs(scores - np.asarray(y, dtype=float).reshape(len(y), -1))))


def check_at_least(value: float, threshold: float, what: str, hint: str = "") -> None:
    """Assert ``value >= threshold`` with a message naming the quantity; print the value when it passes."""
    assert not math.isnan(value), f"{what} is NaN: the training diverged; try a smaller learning rate"
    assert value >= threshold, f"{what} is {value:.3f}, below the {threshold:.3f} required" + (
        f": {hint}" if hint else "")
    print(f"{what}: {value:.4g} (at least {threshold:.4g} needed)")


def check_at_most(value: float, threshold: float, what: str, hint: str = "") -> None:
    """Assert ``value <= threshold`` with a message naming the quantity; print the value when it passes."""
    assert not math.isnan(value), f"{what} is NaN: the training diverged; try a smaller learning rate"
    assert value <= threshold, f"{what} is {value:.4g}, above the {threshold:.4g} allowed" + (
        f": {hint}" if hint else "")
    print(f"{what}: {value:.4g} (at most {threshold:.4g} allowed)")


def check_close(got, expected, what: str, rtol: float = 1e-5, atol: float = 1e-8, hint: str = "",
                held_out: bool = False) -> np.ndarray:
    """Check that an array a learner's function returned equals ``expected``, up to rounding.

    Args:
        got: what the function returned (an array, a list or a pandas Series).
        expected: the right values.
        what: what ``got`` is, for the messages, e.g. ``"the centred moving average (window=3)"``.
        rtol, atol: relative and absolute tolerances, as in ``np.isclose``.
        hint: what to change, added to the message.
        held_out: ``True`` when the values come from held-out data: the message then says
            how many values differ and where, but shows none of them.

    Returns:
        ``got`` as a float NumPy array.

    Example:
        >>> check_close([1.0, 2.0], np.array([1.0, 2.0]), "the forecast").tolist()
        [1.0, 2.0]

    Introduced in m4_time_series/01_series_and_baselines.
    """
    hint = f": {hint}" if hint else ""
    assert got is not None, f"{what} is None: return the array of values"
    got = np.asarray(got, dtype="float64")
    expected = np.asarray(expected, dtype="float64")
    assert got.shape == expected.shape, f"expected {what} to have shape {expected.shape}, got {got.shape}{hint}"
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        first = tuple(int(i) for i in np.argwhere(~close)[0])
        where = first[0] if len(first) == 1 else first
        values = "" if held_out else f" (got {got[first]:g}, expected {expected[first]:g})"
        raise AssertionError(f"{what} is wrong at {int((~close).sum())} of {close.size} positions, the first at "
                             f"index {where}{values}{hint}")
    return got
