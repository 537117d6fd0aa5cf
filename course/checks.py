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


def check_defined(namespace: dict, *names: str, hint: str = "run the cells above, in order") -> None:
    """Check that the notebook defined ``names`` (e.g. a trained ``model`` and its ``history``).

    Args:
        namespace: the notebook's variables: pass ``globals()``.
        *names: variable names the test needs.
        hint: what the learner should do if one is missing.

    Example:
        >>> check_defined({"model": 1}, "model")
    """
    missing = [name for name in names if name not in namespace]
    assert not missing, f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not defined yet: {hint}"


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


def check_adapted(model, data, rtol: float = 0.02, atol: float = 0.05) -> None:
    """Check that the model's ``Normalization`` layer was adapted on ``data``: its means are those of ``data``.

    Args:
        model: a Keras model with a ``keras.layers.Normalization(axis=-1)`` layer.
        data: the array it should have been adapted on, features on the last axis.
        rtol, atol: tolerance on the means (adapting on the windows cut from ``data`` also passes).

    Introduced in m4_time_series/05_multivariate.
    """
    import keras

    check_layers(model, keras.layers.Normalization)
    layer = next(layer for layer in _all_layers(model) if isinstance(layer, keras.layers.Normalization))
    data = np.asarray(data, dtype="float64")
    expected = data.reshape(-1, data.shape[-1]).mean(axis=0)
    got = np.ravel(np.asarray(layer.mean, dtype="float64"))
    assert got.shape == expected.shape and np.allclose(got, expected, rtol=rtol, atol=atol), (
        f"the Normalization layer's means are {np.round(got, 2).tolist()}, not those of the training features "
        f"({np.round(expected, 2).tolist()}): call .adapt(train_features) on it before building the model")


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _all_layers(layer)
        for inner in (getattr(layer, "forward_layer", None), getattr(layer, "backward_layer", None)):
            if inner is not None:  # the two halves of a Bidirectional wrapper
                yield inner


def check_compiled(model, loss: str | None = None) -> None:
    """Check that the model is compiled, optionally with a given loss (``"mse"`` and ``"mean_squared_error"`` match)."""
    check_model(model)
    assert getattr(model, "optimizer", None) is not None and model.compiled, (
        "the model is not compiled: call `model.compile(optimizer=..., loss=..., metrics=[...])`")
    if loss is not None:
        found = model.loss if isinstance(model.loss, str) else getattr(model.loss, "name", str(model.loss))
        assert _metric_name(found) == _metric_name(loss), (
            f"expected the model to be compiled with loss={loss!r}, got {found!r}")


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


def check_gap(history, metric: str = "accuracy", max_gap: float = 0.05, last: int = 3,
              hint: str = "add dropout or augmentation, or make it smaller") -> None:
    """Check that training and validation curves end close together (no overfitting).

    The gap is ``train - validation`` averaged over the ``last`` epochs; ``hint`` says what to do
    when it is too large.
    """
    check_history(history, metrics=(metric, f"val_{metric}"))
    train = float(np.mean(history.history[metric][-last:]))
    valid = float(np.mean(history.history[f"val_{metric}"][-last:]))
    gap = train - valid
    assert gap <= max_gap, (
        f"training {metric} ({train:.3f}) is {gap:.3f} above validation {metric} ({valid:.3f}) over the "
        f"last {last} epochs, more than the {max_gap:.3f} allowed: the model overfits; {hint}")


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


def check_dataset(dataset, x_shape, y_shape=None, x_dtype: str = "float32", y_kind: str | None = "integer") -> None:
    """Check what a batched ``tf.data.Dataset`` yields, from its ``element_spec``.

    Args:
        dataset: the learner's dataset.
        x_shape: expected shape of a batch of inputs, batch dimension first, with
            ``None`` where the size may vary, e.g. ``(None, 8, 8, 1)``.
        y_shape: expected shape of a batch of labels, e.g. ``(None,)``; ``None``
            for a dataset that yields inputs only.
        x_dtype: expected dtype name of the inputs, e.g. ``"float32"``.
        y_kind: ``"integer"`` or ``"float"``, the kind of the labels' dtype, or
            ``None`` to skip that check.

    Example:
        >>> ds = tf.data.Dataset.from_tensor_slices((np.zeros((4, 8, 8, 1), "float32"), np.zeros(4, int))).batch(2)
        >>> check_dataset(ds, (None, 8, 8, 1), (None,))

    Introduced in m1_foundations/04_data_pipelines.
    """
    import tensorflow as tf

    assert isinstance(dataset, tf.data.Dataset), (
        f"expected a tf.data.Dataset, got {type(dataset).__name__}: return the dataset you built")
    spec = dataset.element_spec
    if y_shape is None:
        x_spec = spec
    else:
        assert isinstance(spec, tuple) and len(spec) == 2, (
            f"expected the dataset to yield (inputs, labels) pairs, its element_spec is {spec}: build it "
            "with tf.data.Dataset.from_tensor_slices((inputs, labels)) and keep both in every map()")
        x_spec, y_spec = spec
    x_shape, actual = _shape(x_shape), _shape(x_spec.shape)
    hint = ""
    if actual and actual[0] is not None and len(actual) == len(x_shape):
        hint = ": batch with .batch(batch_size) and keep the last, smaller batch (no drop_remainder)"
    elif len(actual) == len(x_shape) - 1:
        hint = ": one dimension is missing; batch the dataset with .batch(batch_size) and check the channel axis"
    assert actual == x_shape, f"expected batches of inputs of shape {x_shape}, got {actual}{hint}"
    assert x_spec.dtype.name == x_dtype, (
        f"expected inputs of dtype {x_dtype}, got {x_spec.dtype.name}: convert them with "
        f"tf.cast(x, tf.{x_dtype})")
    if y_shape is None:
        return
    y_shape, actual = _shape(y_shape), _shape(y_spec.shape)
    assert actual == y_shape, f"expected batches of labels of shape {y_shape}, got {actual}"
    if y_kind == "integer":
        assert y_spec.dtype.is_integer, (
            f"expected integer labels, got {y_spec.dtype.name}: keep the labels as integer class numbers")
    elif y_kind == "float":
        assert y_spec.dtype.is_floating, f"expected float labels, got {y_spec.dtype.name}"


def _metric_name(metric) -> str:
    aliases = {"mae": "mean_absolute_error", "mse": "mean_squared_error", "acc": "accuracy",
               "mape": "mean_absolute_percentage_error", "rmse": "root_mean_squared_error"}
    if isinstance(metric, dict):  # a serialized metric object
        metric = metric.get("config", {}).get("name") or metric.get("class_name", "")
    name = metric if isinstance(metric, str) else getattr(metric, "name", None) or getattr(metric, "__name__", "")
    return aliases.get(name, name)


def check_metrics(model, expected) -> None:
    """Check that ``compile`` received these metrics, and no stray ``loss_weights`` (S1.7).

    In Keras 3 the third positional argument of ``compile`` is ``loss_weights``,
    so ``model.compile("adam", "mse", ["mae"])`` compiles without error but
    tracks no metric. This check reads ``model.get_compile_config()``.

    Args:
        model: a compiled Keras model.
        expected: metric names, e.g. ``["mae"]`` (aliases such as
            ``"mean_absolute_error"`` count as the same metric).

    Example:
        >>> model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        >>> check_metrics(model, ["mae"])

    Introduced in m1_foundations/06_developer_skills.
    """
    check_model(model)
    assert getattr(model, "compiled", False), (
        "the model is not compiled: call `model.compile(optimizer=..., loss=..., metrics=[...])`")
    config = model.get_compile_config() or {}
    weights = config.get("loss_weights")
    assert weights is None, (
        f"the model was compiled with loss_weights={weights!r}: compile's third positional argument is "
        "loss_weights, not metrics; pass every argument by keyword, e.g. `metrics=[\"mae\"]`")
    metrics = config.get("metrics") or []
    if isinstance(metrics, dict):
        metrics = [m for value in metrics.values() for m in (value if isinstance(value, (list, tuple)) else [value])]
    elif not isinstance(metrics, (list, tuple)):
        metrics = [metrics]
    found = {_metric_name(m) for m in metrics}
    missing = [name for name in expected if _metric_name(name) not in found]
    assert not missing, (
        f"the model was compiled without the metric(s) {missing} (it has {sorted(found) or 'none'}): "
        f"pass `metrics={list(expected)!r}` to model.compile, by keyword")


def run_script(script, *args, timeout: float = 300):
    """Run a Python script with the notebook's own interpreter and check that it succeeds (S1.1).

    The script's output is captured, so nothing reaches the notebook's stderr.

    Args:
        script: path of the ``.py`` file, e.g. ``"train_digits.py"``.
        *args: command-line arguments, e.g. ``"--epochs", "1"``.
        timeout: seconds before the run counts as failed.

    Returns:
        The ``subprocess.CompletedProcess`` (``.stdout`` holds what it printed).

    Example:
        >>> run_script("train_digits.py", "--epochs", "1", "--out", "saved/check.keras").returncode
        0

    Introduced in m1_foundations/06_developer_skills.
    """
    import subprocess
    import sys
    from pathlib import Path

    assert Path(script).is_file(), (
        f"there is no {script} in this folder: run the cell that writes it (the one starting with "
        f"%%writefile {script})")
    command = [sys.executable, str(script), *map(str, args)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"`python {' '.join(command[1:])}` ran for more than {timeout:g} s: "
                             "train for fewer epochs or on less data") from None
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines()
                 if not line.startswith(("WARNING: All log messages", "I0000", "W0000", "E0000"))]
        tail = "\n".join(lines[-12:])
        raise AssertionError(f"`python {' '.join(command[1:])}` failed with exit code {result.returncode}; "
                             f"the end of its error output:\n{tail}")
    return result


# ---------------------------------------------------------------- text (m3_nlp)

def check_text_vectorizer(vectorizer, max_tokens: int, sequence_length: int) -> None:
    """Check an adapted ``TextVectorization`` layer: vocabulary size, output length, padding and OOV.

    The vocabulary size counts the padding token ``''`` and the out-of-vocabulary
    token ``'[UNK]'``, as ``vectorizer.vocabulary_size()`` does. The layer must
    turn a one-word text into ``sequence_length`` integers padded with zeros at
    the end, cut longer texts to ``sequence_length``, and map a word it never
    saw to 1.

    Args:
        vectorizer: the learner's layer, already adapted.
        max_tokens: the expected vocabulary size.
        sequence_length: the expected output length.

    Introduced in m3_nlp/01_preparing_text.
    """
    import keras

    assert isinstance(vectorizer, keras.layers.TextVectorization), (
        f"expected a keras.layers.TextVectorization layer, got {type(vectorizer).__name__}")
    size = vectorizer.vocabulary_size()
    assert size > 2, ("the vectorizer has no vocabulary yet: call `vectorizer.adapt(texts)` before returning it")
    assert size == max_tokens, (
        f"expected a vocabulary of {max_tokens} tokens (padding and [UNK] included), got {size}: "
        f"create the layer with max_tokens={max_tokens} and adapt it to enough text")
    vocabulary = vectorizer.get_vocabulary()
    known = next((w for w in vocabulary[2:] if w.isalpha()), vocabulary[2])
    long_text = " ".join([known] * (sequence_length + 7))
    with quiet():
        out = np.asarray(vectorizer([known, long_text, "qzxvjw"]))
    assert out.ndim == 2 and out.shape == (3, sequence_length), (
        f"three texts gave an output of shape {out.shape}, expected (3, {sequence_length}): "
        f"create the layer with output_sequence_length={sequence_length} (and output_mode='int')")
    assert out[0, 0] >= 2 and not out[0, 1:].any(), (
        f"the one-word text {known!r} became {out[0].tolist()}: expected its index followed by zeros "
        "(TextVectorization pads at the end)")
    assert (out[1] == out[0, 0]).all(), "a text longer than sequence_length must be cut to sequence_length tokens"
    assert out[2, 0] == 1, (
        f"an unknown word became {out[2, 0]}, expected 1, the index of the out-of-vocabulary token '[UNK]': "
        "keep TextVectorization's default oov_token and standardize settings")


def check_generated_text(text, seed_text: str, n_words: int, vocabulary) -> None:
    """Check generated text: the seed, then ``n_words`` words each taken from the vocabulary.

    Args:
        text: what the learner's generator returned (a string of words separated by spaces).
        seed_text: the seed it was given.
        n_words: how many new words were asked for.
        vocabulary: the model's vocabulary, e.g. ``vectorizer.get_vocabulary()``;
            the padding token ``''`` and ``'[UNK]'`` do not count as words.

    Introduced in m3_nlp/05_text_generation.
    """
    assert isinstance(text, str), f"the generator should return a string, got {type(text).__name__}"
    words, seed = text.split(), seed_text.split()
    assert words[:len(seed)] == seed, (
        f"the text should start with the seed {seed_text!r}, but it starts with {' '.join(words[:len(seed)])!r}")
    new = words[len(seed):]
    assert len(new) == n_words, (
        f"asked for {n_words} new words after the seed, got {len(new)}: {' '.join(new)!r}")
    allowed = {w for w in vocabulary if w not in ("", "[UNK]")}
    strange = [w for w in new if w not in allowed]
    assert not strange, (
        f"generated words not in the vocabulary: {strange[:5]}; pick each next word from the vocabulary and "
        "never the padding (index 0) or '[UNK]' (index 1)")



def check_any_layer(model, layer_types, what: str = "") -> None:
    """Check that the model has at least one layer of any of ``layer_types``.

    Args:
        model: a Keras model.
        layer_types: a tuple of Keras layer classes, e.g.
            ``(keras.layers.SimpleRNN, keras.layers.LSTM, keras.layers.GRU)``.
        what: how to name them in the message, e.g. ``"recurrent"``.

    Example:
        >>> check_any_layer(model, (keras.layers.LSTM, keras.layers.GRU), "recurrent")

    Introduced in m4_time_series/03_conv_and_recurrent.
    """
    check_model(model)
    names = ", ".join(t.__name__ for t in layer_types)
    if any(isinstance(layer, tuple(layer_types)) for layer in _all_layers(model)):
        return
    raise AssertionError(f"expected at least one {what + ' ' if what else ''}layer ({names}), found none: "
                         f"add one of them to the model, e.g. `keras.layers.{layer_types[0].__name__}(...)`")


def check_windowed_dataset(dataset, values, window_size: int, targets=None, batch_size: int | None = None,
                           shuffled: bool | None = None):
    """Check a windowed time series dataset: its shapes, and that each label follows its window.

    Every element must be a batch ``(features, labels)`` with features of shape
    ``(batch, window_size)`` (or ``(batch, window_size, n)`` when ``values`` has
    ``n`` columns) and labels of shape ``(batch,)``. Every window must be
    ``window_size`` consecutive rows of ``values``, its label the target that
    comes right after it, and every such window must be there exactly once.

    Args:
        dataset: the learner's ``tf.data.Dataset``.
        values: the series it was built from, shape ``(time,)`` or ``(time, n)``.
        window_size: values per window.
        targets: the series the labels come from (``values`` by default), shape ``(time,)``.
        batch_size: if given, every batch but the last must hold this many windows.
        shuffled: ``True`` if the windows must come in random order (training),
            ``False`` if in time order (validation), ``None`` not to check.

    Returns:
        The start index of each window, in the order the dataset yields them.

    Example:
        >>> ds = course.series.windowed_dataset(np.arange(20.0), 5, batch_size=4)
        >>> len(check_windowed_dataset(ds, np.arange(20.0), 5, batch_size=4, shuffled=True))
        15

    Introduced in m4_time_series/02_windowed_datasets.
    """
    import tensorflow as tf

    values = np.asarray(values, dtype="float32")
    targets = values if targets is None else np.asarray(targets, dtype="float32")
    assert isinstance(dataset, tf.data.Dataset), (
        f"expected a tf.data.Dataset, got {type(dataset).__name__}: return the dataset you built")
    spec = dataset.element_spec
    assert isinstance(spec, tuple) and len(spec) == 2, (
        f"expected the dataset to yield (features, labels) pairs, its element_spec is {spec}: split each "
        "window with .map(lambda w: (w[:-1], w[-1]))")
    expected_x = (None, window_size) + values.shape[1:]
    actual_x = _shape(spec[0].shape)
    hint = ""
    if len(actual_x) == len(expected_x) - 1:
        hint = ": batch the windows with .batch(batch_size)"
    elif len(actual_x) == len(expected_x) + 1 and actual_x[-1] == 1:
        hint = ": leave out the extra last axis of size 1; models that need it add it with a Reshape layer"
    elif len(actual_x) == len(expected_x) and actual_x[1] == window_size + 1:
        hint = ": the window still holds its label; split it into w[:-1] (features) and w[-1] (label)"
    assert len(actual_x) == len(expected_x) and all(
        e is None or a in (None, e) for a, e in zip(actual_x, expected_x)), (
        f"expected batches of windows of shape {expected_x}, got {actual_x}{hint}")
    actual_y = _shape(spec[1].shape)
    assert len(actual_y) == 1, (
        f"expected batches of labels of shape (None,), one value per window, got {actual_y}: "
        "take the label as w[-1] (a single value), not w[-1:]")

    lookup: dict = {}
    view = np.lib.stride_tricks.sliding_window_view(values, window_size, axis=0)
    if values.ndim == 2:
        view = view.transpose(0, 2, 1)
    for start in range(min(len(view), len(targets) - window_size)):
        lookup.setdefault(np.ascontiguousarray(view[start]).tobytes(), []).append(start)
    starts, sizes = [], []
    with quiet():
        for features, labels in dataset:
            features, labels = np.asarray(features, dtype="float32"), np.asarray(labels, dtype="float32")
            assert len(features) == len(labels), (
                f"a batch holds {len(features)} windows but {len(labels)} labels")
            assert features.shape[1:] == expected_x[1:], (
                f"expected batches of windows of shape {expected_x}, got a batch of shape {features.shape}: "
                f"each window must hold window_size={window_size} steps")
            sizes.append(len(features))
            for window, label in zip(features, labels):
                found = lookup.get(np.ascontiguousarray(window).tobytes())
                assert found is not None, (
                    f"the window {np.round(window[:5], 3).tolist()}... is not {window_size} consecutive values "
                    "of the series: make windows with .window(window_size + 1, shift=1, drop_remainder=True) "
                    "and keep them in order inside each window (shuffle windows, not values)")
                matches = [s for s in found if np.isclose(targets[s + window_size], label, rtol=1e-6, atol=1e-6)]
                if not matches:
                    start = found[0]
                    if np.isclose(targets[start + window_size - 1], label):
                        reason = ("the label is the last value of its window; it must be the value right after "
                                  "the window: cut windows of window_size + 1 values and split them into "
                                  "w[:-1] and w[-1]")
                    else:
                        reason = "each label must be the value that comes right after its window"
                    raise AssertionError(
                        f"the window that starts at step {start} has the label {float(label):g}, but the value "
                        f"after it is {float(targets[start + window_size]):g}: {reason}")
                starts.append(matches[0])
    expected_count = len(targets) - window_size
    assert len(starts) == expected_count, (
        f"the dataset holds {len(starts)} windows, expected {expected_count} (one for every value that has "
        f"{window_size} values before it)" + (": some windows appear twice" if len(starts) > expected_count
                                              else ": keep every window, including the last batch"))
    assert len(set(starts)) == len(starts), "some windows appear twice: repeat or concatenate the dataset once only"
    if batch_size is not None:
        wrong = [size for size in sizes[:-1] if size != batch_size]
        assert not wrong and sizes and sizes[-1] <= batch_size, (
            f"expected batches of {batch_size} windows, got batches of {sorted(set(sizes))}: "
            f"use .batch({batch_size})")
    starts = np.asarray(starts)
    in_order = float(np.mean(np.diff(starts) == 1)) if len(starts) > 1 else 1.0
    if shuffled:
        assert in_order < 0.5, (
            "the windows come in time order: shuffle them (e.g. .shuffle(shuffle_buffer) before .batch) so "
            "that each batch mixes windows from different times and the model does not learn the order "
            "(sequence bias)")
    elif shuffled is False:
        assert in_order == 1.0, (
            "the windows are not in time order: do not shuffle this dataset (it is used to forecast "
            "a period, so its predictions must line up with the series)")
    return starts


def _probe_models(window_size: int):
    """Two tiny models with known forecasts: the last value of the window, and its mean."""
    import keras

    last = keras.Sequential([keras.Input((window_size,)), keras.layers.Lambda(lambda x: x[:, -1:])])
    mean = keras.Sequential([keras.Input((window_size,)),
                             keras.layers.Lambda(lambda x: keras.ops.mean(x, axis=1, keepdims=True))])
    return last, mean


def check_forecast(forecast, series, start: int, what: str = "the forecast") -> np.ndarray:
    """Check a forecast of ``series[start:]``: a 1-D array with one finite value per step.

    Returns:
        The forecast as a float NumPy array.

    Introduced in m4_time_series/02_windowed_datasets.
    """
    expected = len(series) - start
    assert forecast is not None, f"{what} is None: return the array of predictions"
    forecast = np.asarray(forecast, dtype="float64")
    assert forecast.ndim == 1, (
        f"expected {what} to be a 1-D array of {expected} values, got shape {forecast.shape}: "
        "flatten the predictions, e.g. `model.predict(...)[:, 0]`")
    assert len(forecast) == expected, (
        f"expected {what} to hold {expected} values, one for each step from {start} to the end of the series, "
        f"got {len(forecast)}: make one window for each of these steps, from the values just before it")
    assert np.all(np.isfinite(forecast)), f"{what} holds NaN or infinite values"
    return forecast


def check_forecast_alignment(forecast_fn, series, start: int, window_size: int) -> None:
    """Check that ``forecast_fn(model, series, start, window_size)`` lines predictions up with ``series[start:]``.

    The function is called with two probe models whose answers are known: one
    predicts the last value of its window (so the forecast must equal
    ``series[start - 1:-1]``, the naive forecast) and one predicts the mean of its
    window (so the forecast must equal the trailing moving average).

    Introduced in m4_time_series/02_windowed_datasets.
    """
    from . import series as ts

    series = np.asarray(series, dtype="float32")
    last, mean = _probe_models(window_size)
    with quiet():
        got = forecast_fn(last, series, start, window_size)
    got = check_forecast(got, series, start)
    naive = ts.naive_forecast(series, start).astype("float64")
    if not np.allclose(got, naive, rtol=1e-5, atol=1e-4):
        shift = next((k for k in range(-window_size, 2) if k and start - 1 + k >= 0
                      and np.allclose(got, series[start - 1 + k:len(series) - 1 + k], rtol=1e-5, atol=1e-4)), None)
        if shift == 1:
            where = "each window includes the value it should forecast (it ends one step too late); "
        elif shift:
            where = f"each window ends {-shift} step{'s' if shift < -1 else ''} too early; "
        else:
            where = ""
        raise AssertionError(
            f"the forecast is not aligned with series[{start}:]: {where}the prediction for step t must be made "
            f"from the window series[t - {window_size}:t], so the first window is "
            f"series[{start - window_size}:{start}]")
    with quiet():
        got = check_forecast(forecast_fn(mean, series, start, window_size), series, start)
    expected = ts.trailing_moving_average(series, window_size, start)
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-3), (
        f"the windows are not the {window_size} values before each step: each window must be "
        f"series[t - {window_size}:t], in time order")


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


def augmentation_layers(model) -> list:
    """Return the random augmentation layers of a model, at every depth.

    They are the Keras preprocessing layers whose class name starts with
    ``Random`` (``RandomFlip``, ``RandomRotation``, ``RandomZoom``,
    ``RandomContrast``, ``RandomTranslation``, ...): layers that change the
    images during training only.

    Introduced in m2_image_classification/04_augmentation.
    """
    return [layer for layer in _all_layers(model) if type(layer).__name__.startswith("Random")]


def check_augmentation_layers(model, at_least: int = 1) -> None:
    """Check that a model has at least ``at_least`` random augmentation layers (see :func:`augmentation_layers`).

    Example:
        >>> check_augmentation_layers(keras.Sequential([keras.Input((8, 8, 3)), keras.layers.RandomFlip()]))

    Introduced in m2_image_classification/04_augmentation.
    """
    check_model(model)
    found = augmentation_layers(model)
    assert len(found) >= at_least, (
        f"expected at least {at_least} random augmentation layer{'s' if at_least > 1 else ''}, found {len(found)}"
        + (f" ({', '.join(type(layer).__name__ for layer in found)})" if found else "")
        + ": add layers such as keras.layers.RandomFlip(\"horizontal\"), RandomRotation(0.1) or RandomZoom(0.2)")


def check_active_only_in_training(model, x, identity: bool = False, what: str = "the model") -> None:
    """Check that a model's random layers act in training only.

    ``model(x, training=False)`` must give the same output twice (random layers
    off at inference), and ``model(x, training=True)`` must give two different
    outputs (augmentation or dropout on while training).

    Args:
        model: a Keras model (or layer) containing random layers.
        x: a batch of inputs, e.g. a few images.
        identity: also require that the inference output equals ``x`` (for a
            model made of augmentation layers only).
        what: how to name the model in messages.

    Introduced in m2_image_classification/04_augmentation.
    """
    import keras

    x = np.asarray(x, dtype="float32")
    with quiet():
        first = keras.ops.convert_to_numpy(model(x, training=False))
        second = keras.ops.convert_to_numpy(model(x, training=False))
        noisy = keras.ops.convert_to_numpy(model(x, training=True))
        noisier = keras.ops.convert_to_numpy(model(x, training=True))
    assert np.allclose(first, second, atol=1e-6), (
        f"{what} gave different outputs for the same images with training=False: random changes must happen "
        "in training only; use Keras' Random* layers inside the model (they switch themselves off at inference) "
        "rather than random tf.image functions")
    if identity:
        assert first.shape == x.shape and np.allclose(first, x, atol=1e-4), (
            f"{what} changed the images with training=False: augmentation must leave them as they are at "
            "inference; use only Random* layers (no Rescaling or Resizing) in it")
    assert not np.allclose(noisy, noisier, atol=1e-6), (
        f"{what} gave the same output twice with training=True: its random layers change nothing while "
        "training; check that they are inside the model and that their factors are not 0")


def check_frozen(layer, what: str = "the pretrained base") -> None:
    """Check that a layer or sub-model is frozen: none of its weights is trainable.

    Args:
        layer: e.g. the pretrained base inside a transfer-learning model.
        what: how to name it in the message.

    Introduced in m2_image_classification/05_transfer_learning.
    """
    trainable = layer.trainable_weights
    assert not trainable, (
        f"{what} has {len(trainable)} trainable weight tensor{'s' if len(trainable) != 1 else ''} "
        f"({', '.join(w.path for w in trainable[:3])}{', ...' if len(trainable) > 3 else ''}): freeze it with "
        "`base.trainable = False` before you compile the model")


def _find_layer(model, name: str):
    for layer in _all_layers(model):
        if layer.name == name:
            return layer
    names = [layer.name for layer in _all_layers(model)]
    raise AssertionError(f"the model has no layer named {name!r}; its layers are {names}")


def check_trainable_layers(model, trainable=(), frozen=()) -> None:
    """Check which layers are trained: ``trainable`` names must have trainable weights, ``frozen`` names none.

    Layers are found by name at any depth (inside a nested base too). Use it for
    fine-tuning, where the last layers of a base are unfrozen and the first
    ones stay frozen.

    Example:
        >>> check_trainable_layers(model, trainable=["block3_conv"], frozen=["block1_conv", "block2_conv"])

    Introduced in m2_image_classification/05_transfer_learning.
    """
    check_model(model)
    for name in trainable:
        layer = _find_layer(model, name)
        assert layer.trainable_weights, (
            f"layer {name!r} is frozen, but fine-tuning should train it: set `base.trainable = True`, then "
            "freeze only the layers before it (`layer.trainable = False`), and compile again")
    for name in frozen:
        layer = _find_layer(model, name)
        assert not layer.trainable_weights, (
            f"layer {name!r} is trainable, but it should stay frozen: set `trainable = False` on the early "
            "layers of the base, so that fine-tuning only adjusts the last ones")


def check_learning_rate_at_most(model, at_most: float) -> None:
    """Check that a compiled model's optimizer uses a learning rate of at most ``at_most`` (e.g. for fine-tuning).

    Introduced in m2_image_classification/05_transfer_learning.
    """
    import keras

    check_compiled(model)
    rate = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))  # a schedule's current value
    assert rate <= at_most * (1 + 1e-6), (
        f"the learning rate is {rate:g}, above the {at_most:g} allowed: compile again with a low learning rate, "
        f"e.g. `optimizer=keras.optimizers.Adam(learning_rate={at_most:g})`, so that fine-tuning does not "
        "undo what the base learnt")


def _returned(value) -> str:
    if value is None:
        return "None (is there a `return` line?)"
    if isinstance(value, np.ndarray):
        return f"one array of shape {value.shape}"
    return f"a {type(value).__name__}"


def check_loaded_arrays(result, n_features: int, n_classes: int, n_examples: int | None = None,
                        class_counts=None, expected=None, function: str = "the function",
                        hint: str = "") -> tuple:
    """Check the ``(features, labels)`` pair that a learner's data-reading function returned.

    The features must be a float32 NumPy array of shape ``(examples, n_features)`` and the
    labels an integer NumPy array of shape ``(examples,)`` holding class numbers from 0 to
    ``n_classes - 1``.

    Args:
        result: what the function returned.
        n_features: number of feature columns, e.g. 30.
        n_classes: number of classes.
        n_examples: expected number of examples, or ``None`` to skip that check.
        class_counts: expected number of examples of each class, e.g. ``[295, 174]``, or ``None``.
        expected: ``(features, labels)`` arrays the result must equal (features to float32
            precision, labels exactly), or ``None``.
        function: the function's name, for the messages, e.g. ``"load_cancer"``.
        hint: how labels are numbered, added to messages about wrong labels,
            e.g. ``"1 means malignant, 0 benign"``.

    Returns:
        The ``(features, labels)`` arrays.

    Example:
        >>> x, y = check_loaded_arrays((np.zeros((3, 2), "float32"), np.array([0, 1, 1])), n_features=2, n_classes=2)
        >>> x.shape, y.shape
        ((3, 2), (3,))

    Introduced in m1_foundations/02_classification.
    """
    hint = f": {hint}" if hint else ""
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"{function} returned {_returned(result)}; expected two arrays, the features and the labels: "
        "end it with `return features, labels`")
    features, labels = result
    for name, array in (("features", features), ("labels", labels)):
        assert isinstance(array, np.ndarray), (
            f"the {name} are a {type(array).__name__}, expected a NumPy array: convert them, for example "
            "with `.to_numpy()` or `np.array(...)`")
    assert features.dtype == np.float32, (
        f"the features have dtype {features.dtype}, expected float32: convert them with "
        "`.to_numpy(\"float32\")`, `np.array(..., dtype=\"float32\")` or `.astype(\"float32\")`")
    assert features.ndim == 2 and features.shape[1] == n_features, (
        f"the features have shape {features.shape}, expected (examples, {n_features}): one row per example "
        f"and one column per feature, {n_features} in all (leave the label out)")
    if expected is not None and n_examples is None:
        n_examples = len(expected[0])
    if n_examples is not None:
        assert len(features) == n_examples, (
            f"the features have {len(features)} rows, expected {n_examples}: one row per example of the file")
    assert np.issubdtype(labels.dtype, np.integer), (
        f"the labels have dtype {labels.dtype}, expected whole numbers: turn them into class numbers, "
        "for example with `.astype(\"int32\")`")
    assert labels.shape == (len(features),), (
        f"the labels have shape {labels.shape}, expected ({len(features)},): one class number per example")
    values = np.unique(labels).tolist()
    assert set(values) <= set(range(n_classes)), (
        f"the labels hold the values {values}, expected class numbers from 0 to {n_classes - 1}{hint}")
    if class_counts is not None:
        counts = np.bincount(labels, minlength=n_classes).tolist()
        assert counts == list(class_counts), (
            f"the labels count {counts} examples of classes 0 to {n_classes - 1}, expected "
            f"{list(class_counts)}{hint}")
    if expected is not None:
        expected_features = np.asarray(expected[0], dtype="float32")
        expected_labels = np.asarray(expected[1])
        close = np.isclose(features, expected_features, rtol=1e-6, atol=0, equal_nan=True)
        if not close.all():
            row, column = (int(i) for i in np.argwhere(~close)[0])
            raise AssertionError(
                f"the features differ from the file's values, for example example {row}, feature {column}: "
                f"got {features[row, column]:g}, expected {expected_features[row, column]:g}: keep the "
                "examples and the feature columns in the file's order")
        wrong = np.flatnonzero(labels != expected_labels)
        assert not len(wrong), (
            f"{len(wrong)} of {len(labels)} labels are wrong, for example example {wrong[0]}: got "
            f"{labels[wrong[0]]}, expected {expected_labels[wrong[0]]}{hint}")
    return features, labels


def check_training_plot(fig, history, metrics=("loss", "accuracy")) -> None:
    """Check a figure of training curves: one panel per metric, training and validation, with a legend.

    A panel belongs to the metric that its y-axis label or its title names (``"loss"``,
    ``"Accuracy"``, ``"Training and validation loss"``...). It must show two curves
    whose y-values are the history's values for the metric and for its ``val_``
    counterpart, each with a label shown in a legend. The x-values are not checked
    (epochs may count from 0 or from 1).

    Args:
        fig: what the learner's plotting function returned: it must be a matplotlib ``Figure``.
        history: the ``History`` that was plotted, or its ``.history`` dict.
        metrics: the metrics that need a panel each, e.g. ``("loss", "accuracy")``.

    Example:
        >>> from course import plots
        >>> logs = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
        >>> check_training_plot(plots.plot_history(logs), logs, metrics=("loss",))

    Introduced in m1_foundations/02_classification.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    logs = getattr(history, "history", history)
    metrics = tuple(metrics)
    panels = f"plt.subplots(1, {len(metrics)})" if len(metrics) > 1 else "plt.subplots()"
    if isinstance(fig, Axes) or (isinstance(fig, np.ndarray) and fig.size and isinstance(fig.flat[0], Axes)):
        raise AssertionError(f"the function returned matplotlib Axes, expected the Figure that holds them: "
                             f"write `fig, axes = {panels}` and end with `return fig`")
    assert isinstance(fig, Figure), (
        f"expected a matplotlib Figure, got {_returned(fig)}: write `fig, axes = {panels}` and end with "
        "`return fig`")
    axes = fig.get_axes()
    names = " and ".join(metrics)
    assert len(axes) == len(metrics), (
        f"the figure has {len(axes)} panel{'s' if len(axes) != 1 else ''}, expected {len(metrics)}, one per "
        f"metric ({names}): write `fig, axes = {panels}` and draw on each of the axes")

    def named(ax) -> list:
        text = f"{ax.get_ylabel()} {ax.get_title()}".lower()
        return [m for m in metrics if m.lower() in text or m.lower().replace("_", " ") in text]

    owner = {}
    for number, ax in enumerate(axes, start=1):
        found = named(ax)
        label = f"panel {number} (y label {ax.get_ylabel()!r}, title {ax.get_title()!r})"
        assert found, (f"{label} names none of {names}: say what it shows, for example "
                       f"`ax.set_ylabel({metrics[0]!r})`")
        assert len(found) == 1, (f"{label} names {' and '.join(found)}: name each panel after the one "
                                 "metric it shows")
        assert found[0] not in owner, (f"two panels are labelled {found[0]!r}: label each panel after the "
                                       "metric it shows, one panel per metric")
        owner[found[0]] = ax

    def curve(ax, key, skip=None):
        wanted = np.asarray(logs[key], dtype=float)
        for line in ax.get_lines():
            values = np.asarray(line.get_ydata(), dtype=float)
            if line is not skip and values.shape == wanted.shape and np.allclose(values, wanted):
                return line
        return None

    for metric in metrics:
        ax = owner[metric]
        lines = {}
        for key, role in ((metric, "training"), (f"val_{metric}", "validation")):
            assert key in logs, f"the history has no {key!r} (it has {sorted(logs)})"
            lines[key] = curve(ax, key, skip=lines.get(metric))
            if lines[key] is None:
                elsewhere = [m for m, other in owner.items() if other is not ax and curve(other, key)]
                where = (f" (it is in the panel labelled {elsewhere[0]!r}: each curve goes in the panel of "
                         "its metric)") if elsewhere else ""
                raise AssertionError(
                    f"the {metric} panel has no curve with the values of history.history[{key!r}]{where}: "
                    f"draw it with `ax.plot(history.history[{key!r}], label={role!r})`")
        labels = [line.get_label() for line in lines.values()]
        assert all(not label.startswith("_") for label in labels) and labels[0] != labels[1], (
            f"the two curves of the {metric} panel need different labels, found {labels}: pass "
            "`label=\"training\"` and `label=\"validation\"` to ax.plot")
        legend = ax.get_legend()
        shown = {text.get_text() for text in legend.get_texts()} if legend is not None else set()
        shown |= {text.get_text() for legend in fig.legends for text in legend.get_texts()}
        assert set(labels) <= shown, (
            f"the {metric} panel has no legend that names its curves: call `ax.legend()` after plotting them")
