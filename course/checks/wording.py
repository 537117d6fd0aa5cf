"""How checks name Keras objects and show values in their messages.

A learner may give a loss, a metric or an activation in any form Keras accepts:
a string (``"mse"``), a function (``keras.losses.mean_squared_error``,
``tf.nn.softmax``), a class or an instance (``keras.losses.MeanSquaredError()``),
from ``keras`` or ``tf.keras``. :func:`canonical` turns each into one name, so
that checks compare what was meant, not how it was written. :func:`shown`
writes a value as a learner would type it (``2``, not ``np.int32(2)``).

Part of :mod:`course.checks`.
"""

from __future__ import annotations

import re

import numpy as np

#: Short names Keras accepts, and the name of what they stand for.
ALIASES = {
    "mae": "mean_absolute_error",
    "mse": "mean_squared_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "rmse": "root_mean_squared_error",
    "acc": "accuracy",
    "bce": "binary_crossentropy",
    "logcosh": "log_cosh",
}

#: Metrics that ``"accuracy"`` becomes, depending on the loss (Keras picks one for the string).
ACCURACY = {"accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy"}


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def canonical(thing) -> str:
    """The one name of a loss, metric, activation or optimizer, however it was given.

    Example:
        >>> canonical("mae"), canonical("mean_absolute_error")
        ('mean_absolute_error', 'mean_absolute_error')
        >>> import keras
        >>> canonical(keras.losses.binary_crossentropy) == canonical(keras.losses.BinaryCrossentropy())
        True
    """
    if thing is None:
        return "none"
    if isinstance(thing, dict):  # serialized by get_compile_config()
        config = thing.get("config")
        if thing.get("class_name") == "function" or isinstance(config, str):
            name = str(config)
        else:
            name = _snake(str(thing.get("class_name", "")))
    elif isinstance(thing, str):
        name = thing
    elif isinstance(thing, type):
        name = _snake(thing.__name__)
    elif hasattr(thing, "__name__"):  # a function: keras.losses.mse, tf.nn.softmax (named "softmax_v2")
        name = thing.__name__
    elif callable(getattr(thing, "fn", None)) and type(thing).__name__.endswith("Wrapper"):
        name = thing.fn.__name__  # keras' LossFunctionWrapper / MeanMetricWrapper around a function
    else:  # an instance of a Keras class: its class says what it is (its `name` is the learner's choice)
        name = _snake(type(thing).__name__)
    name = name.lower().removesuffix("_v2")
    return ALIASES.get(name, name)


def same(given, expected) -> bool:
    """Whether ``given`` is the loss, metric or activation ``expected`` names.

    ``"accuracy"`` is met by any of the accuracies Keras would pick for it.
    """
    name, wanted = canonical(given), canonical(expected)
    return name == wanted or (wanted == "accuracy" and name in ACCURACY)


def plain(value):
    """``value`` with NumPy scalars and arrays turned into Python numbers, strings and lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


def shown(value) -> str:
    """``value`` written as a learner would type it: ``2`` and ``'animal'``, not ``np.int32(2)``.

    Example:
        >>> shown([np.int32(2), np.str_("animal")])
        "[2, 'animal']"
    """
    return repr(plain(value))
