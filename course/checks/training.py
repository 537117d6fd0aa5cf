"""Training checks: histories, overfitting gaps, callbacks, learning-rate schedules and ``fit`` arguments.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet


def check_stopping_callback(callback, metric: str, threshold: float, mode: str = "max") -> None:
    """Check that a callback stops training exactly when ``metric`` reaches ``threshold``.

    The callback is attached to a small dummy model and its ``on_epoch_end``
    is called with logs just short of, at and beyond the threshold. It must
    leave ``model.stop_training`` false short of it and set it true at it. The
    logs hold every entry that training with validation data gives (``loss``,
    ``val_loss``, the metric and its ``val_`` counterpart), so a callback that
    also reads them works as it would in ``fit``; the counterpart (``mae`` for
    ``val_mae``, and the other way round) always sits on the other side of the
    threshold, so a callback that watches the wrong one fails.

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
            base = metric.removeprefix("val_")
            other = f"val_{base}" if metric == base else base
            decoy = threshold + sign * step if not should_stop else threshold - sign * step
            logs = {"loss": 0.5, "val_loss": 0.5, other: decoy, metric: value}
            try:
                callback.on_epoch_end(0, logs)
            except NotImplementedError:
                raise AssertionError(f"{type(callback).__name__}.on_epoch_end() is not written yet: replace "
                                     "`raise NotImplementedError()` with your code") from None
            except KeyError as error:
                raise AssertionError(f"the callback looked up {error} in `logs`, which holds {sorted(logs)}: "
                                     f"read logs[{metric!r}] (or logs.get({metric!r}))") from None
            stopped = bool(dummy.stop_training)
            assert stopped == should_stop, (
                f"with logs[{metric!r}] = {value:g} ({where} the threshold {threshold:g}) the callback "
                + ("stopped training; it should keep going until the threshold is reached"
                   if stopped else "did not stop training; set `self.model.stop_training = True` "
                   f"when logs[{metric!r}] {'>=' if mode == 'max' else '<='} {threshold:g}")
                + f" (make sure it reads logs[{metric!r}], not logs[{other!r}])")


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


def check_gap(history, metric: str = "accuracy", max_gap: float = 0.05, last: int = 3,
              hint: str = "add dropout or augmentation, or make it smaller", at_best: bool = False) -> None:
    """Check that training and validation curves end close together (no overfitting).

    The gap is ``train - validation`` averaged over the ``last`` epochs; ``hint`` says what to do
    when it is too large. With ``at_best`` those are the ``last`` epochs up to the one with the
    best validation value, whose weights ``EarlyStopping(restore_best_weights=True)`` gives back,
    rather than the epochs it trained on after them.
    """
    check_history(history, metrics=(metric, f"val_{metric}"))
    valid_curve = history.history[f"val_{metric}"]
    end = len(valid_curve)
    if at_best:
        end = int((np.argmin if "loss" in metric else np.argmax)(valid_curve)) + 1
    train = float(np.mean(history.history[metric][max(0, end - last):end]))
    valid = float(np.mean(valid_curve[max(0, end - last):end]))
    gap = train - valid
    where = f"the {last} epochs up to the best validation {metric}" if at_best else f"the last {last} epochs"
    assert gap <= max_gap, (
        f"training {metric} ({train:.3f}) is {gap:.3f} above validation {metric} ({valid:.3f}) over "
        f"{where}, more than the {max_gap:.3f} allowed: the model overfits; {hint}")


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


def learning_rates(callback, epochs: int, logs=None, initial: float = 1e-3) -> list:
    """Run a learning-rate callback on a dummy model and record the rate of each epoch.

    The callback's ``on_epoch_begin`` and ``on_epoch_end`` are called as
    ``model.fit`` would, without training anything.

    Args:
        callback: e.g. a ``keras.callbacks.LearningRateScheduler`` or ``ReduceLROnPlateau``.
        epochs: how many epochs to simulate.
        logs: optional list of dicts, the logs ``on_epoch_end`` sees at each epoch,
            e.g. ``[{"val_loss": 1.0}, {"val_loss": 0.9}, ...]``.
        initial: the optimizer's learning rate before training.

    Returns:
        The learning rate in force during each epoch, a list of floats.

    Example:
        >>> sweep = keras.callbacks.LearningRateScheduler(lambda epoch: 1e-4 * 10 ** (epoch / 2))
        >>> [round(lr, 6) for lr in learning_rates(sweep, 3)]
        [0.0001, 0.000316, 0.001]

    Introduced in m4_time_series/04_learning_rate.
    """
    import keras

    assert isinstance(callback, keras.callbacks.Callback), (
        f"expected a Keras callback, got {type(callback).__name__}: return e.g. "
        "`keras.callbacks.LearningRateScheduler(schedule)`")
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=initial), loss="mse")
    callback.set_model(model)
    rates = []
    with quiet():
        callback.on_train_begin({})
        for epoch in range(epochs):
            callback.on_epoch_begin(epoch, {})
            rate = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
            rates.append(rate)
            epoch_logs = dict(logs[epoch]) if logs is not None else {"loss": 1.0}
            epoch_logs.setdefault("learning_rate", rate)
            callback.on_epoch_end(epoch, epoch_logs)
    return rates


def check_learning_rates(callback, expected, logs=None, initial: float = 1e-3, rtol: float = 1e-3,
                         what: str = "the learning rate") -> None:
    """Check that a callback sets the learning rate of each epoch as expected.

    Args:
        callback: the learner's callback.
        expected: the learning rate expected during each epoch, a list of floats.
        logs: the logs of each epoch (see :func:`learning_rates`).
        initial: the optimizer's learning rate before training.
        rtol: relative tolerance.

    Introduced in m4_time_series/04_learning_rate.
    """
    rates = learning_rates(callback, len(expected), logs=logs, initial=initial)
    for epoch, (actual, wanted) in enumerate(zip(rates, expected)):
        assert np.isclose(actual, wanted, rtol=rtol, atol=0), (
            f"during epoch {epoch} {what} is {actual:.4g}, expected {wanted:.4g} "
            f"(rates seen: {', '.join(f'{r:.3g}' for r in rates[:epoch + 1])})")


def fit_arguments(function, *args, **kwargs) -> dict:
    """Call a learner's training function and return the arguments it gives ``model.fit``, without training.

    ``keras.Model.fit`` is replaced while ``function`` runs by a stand-in that
    records its arguments (by name, defaults included) and stops the function.

    Args:
        function: the learner's function, e.g. ``train_multiclass``.
        *args, **kwargs: passed on.

    Returns:
        ``{"x": ..., "epochs": ..., "callbacks": ..., ...}`` as the first call of ``fit`` received them.

    Introduced in m3_nlp/04_multiclass.
    """
    import inspect

    import keras

    class _Recorded(Exception):
        pass

    recorded = {}
    signature = inspect.signature(keras.Model.fit)
    own = keras.Model.__dict__.get("fit")

    def fit(self, *fit_args, **fit_kwargs):
        bound = signature.bind(self, *fit_args, **fit_kwargs)
        bound.apply_defaults()
        recorded.update(bound.arguments)
        raise _Recorded

    keras.Model.fit = fit
    try:
        with quiet():
            function(*args, **kwargs)
    except _Recorded:
        pass
    except NotImplementedError:
        raise AssertionError(f"{getattr(function, '__name__', 'the function')}() is not written yet: replace "
                             "`raise NotImplementedError()` in its cell with your code") from None
    finally:
        if own is None:
            del keras.Model.fit
        else:
            keras.Model.fit = own
    assert recorded, f"{getattr(function, '__name__', 'the function')}() never called `model.fit(...)`"
    recorded.pop("self", None)
    return recorded
