"""Grading helpers that visible and hidden tests call.

Every check raises ``AssertionError`` with a message that says what was found,
what was expected and what to change. Checks print nothing to stderr (nbgrader
scores a test cell that does as failed), so they silence Keras and TensorFlow
warnings while they run.

Introduced in m1_foundations/01_first_model.
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings

import numpy as np


@contextlib.contextmanager
def quiet():
    """Silence Python warnings and TensorFlow's Python logger inside the block."""
    tf_logger = logging.getLogger("tensorflow")
    level = tf_logger.level
    tf_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        tf_logger.setLevel(level)


def call(function, *args, **kwargs):
    """Call a learner's function, turning "not written yet" into a clear failure.

    Args:
        function: the learner's function, e.g. ``build_model``.
        *args, **kwargs: passed on.

    Returns:
        Whatever the function returns.
    """
    name = getattr(function, "__name__", "the function")
    try:
        with quiet():
            return function(*args, **kwargs)
    except NotImplementedError:
        raise AssertionError(f"{name}() is not written yet: replace `raise NotImplementedError()` "
                             "in its cell with your code, then run that cell again") from None


def _shape(shape) -> tuple:
    return tuple(None if d is None else int(d) for d in shape)


def check_model(model) -> None:
    """Check that ``model`` is a Keras model."""
    import keras

    assert isinstance(model, keras.Model), (
        f"expected a Keras model, got {type(model).__name__}: return the model you built "
        "(for example `return model`)")


def check_input_shape(model, expected: tuple) -> None:
    """Check the model's input shape, batch dimension included.

    Args:
        model: a built Keras model.
        expected: e.g. ``(None, 64)``.

    Example:
        >>> check_input_shape(keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)]), (None, 64))
    """
    check_model(model)
    try:
        actual = _shape(model.input_shape)
    except (AttributeError, ValueError):
        raise AssertionError("the model has no input shape yet: start it with `keras.Input(shape=...)`") from None
    expected = _shape(expected)
    assert actual == expected, (
        f"expected input shape {expected}, got {actual}: set `keras.Input(shape={expected[1:]})` "
        "to match one example of the data (without the batch dimension)")


def _last_activation(model) -> str | None:
    import keras

    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Softmax):
            return "softmax"
        activation = getattr(layer, "activation", None)
        if activation is not None:
            return getattr(activation, "__name__", str(activation))
    return None


def check_output(model, units: int, activation: str | None = None) -> None:
    """Check the number of outputs and, optionally, the final activation.

    Args:
        model: a built Keras model.
        units: size of the last dimension of the output, e.g. 10 for ten classes.
        activation: expected final activation name (``"softmax"``, ``"sigmoid"``,
            ``"linear"``) or ``None`` to skip that check.
    """
    check_model(model)
    actual = _shape(model.output_shape)
    assert actual[-1] == units, (
        f"expected output shape {actual[:-1] + (units,)}, got {actual}: the last layer needs "
        f"{units} unit{'s' if units != 1 else ''}" + (" (one per class)" if units > 1 else ""))
    if activation is not None:
        found = _last_activation(model)
        assert found == activation, (
            f"expected the last layer's activation to be {activation!r}, got {found!r}: "
            f"use `activation=\"{activation}\"` on the output layer")


def check_layers(model, layer_type, at_least: int = 1) -> None:
    """Check that the model has at least ``at_least`` layers of ``layer_type``.

    Args:
        model: a Keras model.
        layer_type: a Keras layer class, e.g. ``keras.layers.Dropout``.
        at_least: how many are required.
    """
    check_model(model)
    count = sum(isinstance(layer, layer_type) for layer in _all_layers(model))
    assert count >= at_least, (
        f"expected at least {at_least} {layer_type.__name__} layer{'s' if at_least > 1 else ''}, "
        f"found {count}: add `keras.layers.{layer_type.__name__}(...)` to the model")


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _all_layers(layer)


def check_compiled(model, loss: str | None = None) -> None:
    """Check that the model is compiled, optionally with a given loss name."""
    check_model(model)
    assert getattr(model, "optimizer", None) is not None and model.compiled, (
        "the model is not compiled: call `model.compile(optimizer=..., loss=..., metrics=[...])`")
    if loss is not None:
        found = model.loss if isinstance(model.loss, str) else getattr(model.loss, "name", str(model.loss))
        assert found == loss, f"expected the model to be compiled with loss={loss!r}, got {found!r}"


def check_params(model, at_most: int) -> None:
    """Check that the model is not needlessly large (S1.5)."""
    check_model(model)
    count = model.count_params()
    assert count <= at_most, (
        f"the model has {count:,} parameters, more than the {at_most:,} this task needs: "
        "use fewer or smaller layers")


def check_stopping_callback(callback, metric: str, threshold: float, mode: str = "max") -> None:
    """Check that a callback stops training exactly when ``metric`` reaches ``threshold``.

    The callback is attached to a small dummy model and its ``on_epoch_end``
    is called with logs just short of, at and beyond the threshold. It must
    leave ``model.stop_training`` false short of it and set it true at it.

    Args:
        callback: an instance of the learner's callback class.
        metric: the log key it watches, e.g. ``"accuracy"`` or ``"val_loss"``.
        threshold: the target value.
        mode: ``"max"`` if training should stop when the metric rises to the
            threshold, ``"min"`` if it should stop when it falls to it.
    """
    import keras

    assert isinstance(callback, keras.callbacks.Callback), (
        f"expected an instance of a keras.callbacks.Callback subclass, got {type(callback).__name__}")
    step = max(1e-3, abs(threshold) * 0.01)
    sign = 1 if mode == "max" else -1
    dummy = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    callback.set_model(dummy)
    cases = [(threshold - sign * step, False, "just short of"), (threshold, True, "exactly at"),
             (threshold + sign * step, True, "beyond")]
    with quiet():
        for value, should_stop, where in cases:
            dummy.stop_training = False
            logs = {"loss": 0.5, metric: value}
            try:
                callback.on_epoch_end(0, logs)
            except KeyError as error:
                raise AssertionError(f"the callback looked up {error} in `logs`, which holds {sorted(logs)}: "
                                     f"read logs[{metric!r}] (or logs.get({metric!r}))") from None
            stopped = bool(dummy.stop_training)
            assert stopped == should_stop, (
                f"with logs[{metric!r}] = {value:g} ({where} the threshold {threshold:g}) the callback "
                + ("stopped training; it should keep going until the threshold is reached"
                   if stopped else "did not stop training; set `self.model.stop_training = True` "
                   f"when logs[{metric!r}] {'>=' if mode == 'max' else '<='} {threshold:g}"))


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


def check_history(history, metrics=("loss",), min_epochs: int = 1, max_epochs: int | None = None) -> None:
    """Check a ``History`` returned by ``model.fit``: its metrics and number of epochs.

    Args:
        history: the object ``model.fit`` returned.
        metrics: keys that must be in ``history.history``, e.g. ``("accuracy", "val_accuracy")``.
        min_epochs: fewest epochs expected.
        max_epochs: most epochs expected, or ``None``.
    """
    import keras

    assert isinstance(history, keras.callbacks.History), (
        f"expected the History object that model.fit returns, got {type(history).__name__}: "
        "write `history = model.fit(...)`")
    missing = [m for m in metrics if m not in history.history]
    assert not missing, (
        f"the training history has no {missing} (it has {sorted(history.history)}): "
        + ("pass validation_data=... to model.fit" if any(m.startswith("val_") for m in missing)
           else "add the metric to model.compile(metrics=[...])"))
    epochs = len(history.history[metrics[0]])
    assert epochs >= min_epochs, f"the model trained for {epochs} epochs, expected at least {min_epochs}"
    if max_epochs is not None:
        assert epochs <= max_epochs, f"the model trained for {epochs} epochs, expected at most {max_epochs}"


def check_gap(history, metric: str = "accuracy", max_gap: float = 0.05, last: int = 3) -> None:
    """Check that training and validation curves end close together (no overfitting).

    The gap is ``train - validation`` averaged over the ``last`` epochs.
    """
    check_history(history, metrics=(metric, f"val_{metric}"))
    train = float(np.mean(history.history[metric][-last:]))
    valid = float(np.mean(history.history[f"val_{metric}"][-last:]))
    gap = train - valid
    assert gap <= max_gap, (
        f"training {metric} ({train:.3f}) is {gap:.3f} above validation {metric} ({valid:.3f}) over the "
        f"last {last} epochs, more than the {max_gap:.3f} allowed: the model overfits; add dropout or "
        "augmentation, or make it smaller")


def check_callback(callbacks, callback_type, **settings):
    """Find the one callback of ``callback_type`` in a list and check its settings.

    Args:
        callbacks: the list of callbacks a learner's function returned.
        callback_type: a Keras callback class, e.g. ``keras.callbacks.EarlyStopping``.
        **settings: attribute names and the values they must have, e.g.
            ``monitor="val_loss", patience=3``.

    Returns:
        The callback found, for further checks.

    Example:
        >>> early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
        >>> check_callback([early], keras.callbacks.EarlyStopping, patience=3) is early
        True

    Introduced in m1_foundations/03_callbacks.
    """
    name = callback_type.__name__
    assert isinstance(callbacks, (list, tuple)), (
        f"expected a list of callbacks, got {type(callbacks).__name__}: return a list, e.g. `return [first, second]`")
    found = [callback for callback in callbacks if isinstance(callback, callback_type)]
    assert found, (f"the list has no {name} (it holds {[type(c).__name__ for c in callbacks]}): "
                   f"add `keras.callbacks.{name}(...)` to it")
    assert len(found) == 1, f"the list holds {len(found)} {name} callbacks; keep only one"
    callback = found[0]
    for attribute, expected in settings.items():
        actual = getattr(callback, attribute, None)
        assert actual == expected, (
            f"the {name} has {attribute}={actual!r}, expected {attribute}={expected!r}: "
            f"create it with `keras.callbacks.{name}(..., {attribute}={expected!r})`")
    return callback


def load_saved_model(path):
    """Load a model file that the notebook saved, quietly, failing clearly if it is missing.

    Args:
        path: the ``.keras`` file, e.g. ``"checkpoints/best_digits.keras"``.

    Returns:
        The loaded Keras model.

    Introduced in m1_foundations/03_callbacks.
    """
    from pathlib import Path

    import keras

    file = Path(path)
    assert file.is_file(), (
        f"there is no model file at {file}: run the training cell that saves it, and check that it "
        "finished without an error")
    try:
        with quiet():
            model = keras.models.load_model(file)
    except Exception as error:  # a broken file can fail in many ways
        raise AssertionError(f"keras.models.load_model could not load {file} ({type(error).__name__}: "
                             f"{error}): run the training cell again to rewrite it") from None
    check_model(model)
    return model
