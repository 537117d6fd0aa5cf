"""Model checks: inputs, outputs, layers, compilation, size and trainable weights.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from .wording import canonical, same


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
            return canonical(activation)
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
        assert found == canonical(activation), (
            f"expected the last layer's activation to be {activation!r}, got {found!r}: "
            f"use `activation=\"{activation}\"` on the output layer")


def count_layers(model, layer_type) -> int:
    """How many layers of ``layer_type`` the model holds, wherever they sit (nested models and wrappers too).

    Example:
        >>> count_layers(model, keras.layers.LSTM)  # doctest: +SKIP
        2
    """
    check_model(model)
    return sum(isinstance(layer, layer_type) for layer in _all_layers(model))


def check_layers(model, layer_type, at_least: int = 1) -> None:
    """Check that the model has at least ``at_least`` layers of ``layer_type``.

    Args:
        model: a Keras model.
        layer_type: a Keras layer class, e.g. ``keras.layers.Dropout``.
        at_least: how many are required.
    """
    count = count_layers(model, layer_type)
    assert count >= at_least, (
        f"expected at least {at_least} {layer_type.__name__} layer{'s' if at_least > 1 else ''}, "
        f"found {count}: add `keras.layers.{layer_type.__name__}(...)` to the model")


def check_each_followed_by(model, layer_type, follower_type, skip_last: bool = True, hint: str = "") -> None:
    """Check that each layer of ``layer_type`` is directly followed by a layer of ``follower_type``.

    Layers are taken in the order the model applies them; an activation layer
    (``Activation``, ``ReLU``) in between does not count, since it belongs to the layer
    before it. With ``skip_last`` the last layer of ``layer_type`` (the output) is left out.

    Args:
        model: a Keras model.
        layer_type: e.g. ``keras.layers.Dense``.
        follower_type: e.g. ``keras.layers.Dropout``.
        skip_last: leave out the last ``layer_type`` layer.
        hint: what to change, added to the message.

    Example:
        >>> check_each_followed_by(model, keras.layers.Dense, keras.layers.Dropout)  # doctest: +SKIP

    Introduced in m1_foundations/05_overfitting.
    """
    import keras

    check_model(model)
    layers = [layer for layer in model.layers if not isinstance(layer, (keras.layers.InputLayer,
                                                                        keras.layers.Activation, keras.layers.ReLU))]
    positions = [i for i, layer in enumerate(layers) if isinstance(layer, layer_type)]
    if skip_last:
        positions = positions[:-1]
    hint = f": {hint}" if hint else ""
    for number, i in enumerate(positions, 1):
        after = layers[i + 1] if i + 1 < len(layers) else None
        found = type(after).__name__ if after is not None else "nothing"
        assert isinstance(after, follower_type), (
            f"{layer_type.__name__} layer {number} ({layers[i].name!r}) is followed by {found}, "
            f"not {follower_type.__name__}{hint}")


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
    """Check that the model is compiled, optionally with a given loss.

    The loss may have been given in any form Keras accepts: ``"mse"``, ``"mean_squared_error"``,
    ``keras.losses.mean_squared_error`` and ``keras.losses.MeanSquaredError()`` all match ``"mse"``.
    """
    check_model(model)
    assert getattr(model, "optimizer", None) is not None and model.compiled, (
        "the model is not compiled: call `model.compile(optimizer=..., loss=..., metrics=[...])`")
    if loss is not None:
        assert same(model.loss, loss), (
            f"expected the model to be compiled with loss={loss!r}, got {canonical(model.loss)!r}")


def check_params(model, at_most: int) -> None:
    """Check that the model is not needlessly large (S1.5)."""
    check_model(model)
    count = model.count_params()
    assert count <= at_most, (
        f"the model has {count:,} parameters, more than the {at_most:,} this task needs: "
        "use fewer or smaller layers")


def check_metrics(model, expected) -> None:
    """Check that ``compile`` received these metrics, and no stray ``loss_weights`` (S1.7).

    In Keras 3 the third positional argument of ``compile`` is ``loss_weights``,
    so ``model.compile("adam", "mse", ["mae"])`` compiles without error but
    tracks no metric. This check reads ``model.get_compile_config()``.

    Args:
        model: a compiled Keras model.
        expected: metric names, e.g. ``["mae"]``. A metric given in another form Keras
            accepts counts as the same (``"mean_absolute_error"``,
            ``keras.metrics.MeanAbsoluteError()``, ``keras.metrics.mean_absolute_error``), and
            ``"accuracy"`` is met by the accuracy Keras would pick for it (``BinaryAccuracy()``...).

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
    found = {canonical(m) for m in metrics}
    missing = [name for name in expected if not any(same(m, name) for m in metrics)]
    assert not missing, (
        f"the model was compiled without the metric(s) {missing} (it has {sorted(found) or 'none'}): "
        f"pass `metrics={list(expected)!r}` to model.compile, by keyword")


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
