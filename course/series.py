"""Time series helpers of module 4: baselines, windowed datasets, forecasts and the exam-style score.

You write most of these yourself in the first notebooks of module 4; later
notebooks (and the hidden tests) use these reference versions, so that a slip
in an earlier exercise does not block the next one.

Conventions used throughout:

- a *series* is a NumPy array of shape ``(time,)`` (one variable) or
  ``(time, features)`` (several variables);
- the forecast *of* ``series[start:]`` is one value per time step ``t >= start``,
  each predicted from the ``window_size`` values just before ``t``
  (``series[t - window_size:t]``), so it has ``len(series) - start`` values and
  lines up with ``series[start:]``.

Introduced in m4_time_series/01_series_and_baselines.
"""

from __future__ import annotations

import math

import numpy as np

from .quiet import quiet

#: Sunspot numbers of version 2 (SILSO since 2015, the exam's Sunspots.csv) are about the
#: version 1 numbers the course ships divided by 0.6, the Zürich factor that version 2 dropped.
SUNSPOTS_V1_TO_V2 = 1 / 0.6


def naive_forecast(series, start: int) -> np.ndarray:
    """Forecast ``series[start:]`` by repeating the previous value.

    Args:
        series: array of shape ``(time,)``.
        start: first time step to forecast (at least 1).

    Returns:
        ``series[start - 1:-1]``, of length ``len(series) - start``.

    Example:
        >>> naive_forecast(np.array([1.0, 2.0, 4.0, 8.0]), start=2)
        array([2., 4.])

    Introduced in m4_time_series/01_series_and_baselines.
    """
    series = np.asarray(series)
    if not 1 <= start < len(series):
        raise ValueError(f"start must be between 1 and {len(series) - 1}, got {start}")
    return series[start - 1:-1]


def trailing_moving_average(series, window: int, start: int) -> np.ndarray:
    """Forecast ``series[start:]`` by the mean of the ``window`` values before each step.

    A trailing window uses only the past, so it is a legitimate forecast.

    Args:
        series: array of shape ``(time,)``.
        window: how many past values to average.
        start: first time step to forecast (at least ``window``).

    Returns:
        An array of length ``len(series) - start``; value ``i`` is
        ``series[start + i - window:start + i].mean()``.

    Example:
        >>> trailing_moving_average(np.array([1.0, 3.0, 5.0, 7.0]), window=2, start=2)
        array([2., 4.])
    """
    series = np.asarray(series, dtype="float64")
    if not window <= start <= len(series):
        raise ValueError(f"start must be between window={window} and {len(series)}, got {start}")
    sums = np.concatenate([[0.0], np.cumsum(series)])
    t = np.arange(start, len(series))
    return (sums[t] - sums[t - window]) / window


def centred_moving_average(series, window: int) -> np.ndarray:
    """Smooth a series with a centred window (odd ``window``): the mean of the values around each step.

    A centred window uses values *after* each step too: use it to describe the
    past (trends, smoothing), never as a forecast.

    Returns:
        An array of length ``len(series) - window + 1``; value ``i`` is centred on
        ``series[i + window // 2]``.

    Example:
        >>> centred_moving_average(np.array([1.0, 2.0, 6.0, 2.0]), window=3)
        array([3.        , 3.33333333])
    """
    if window % 2 != 1:
        raise ValueError(f"a centred window needs an odd size, got {window}")
    series = np.asarray(series, dtype="float64")
    return np.convolve(series, np.ones(window) / window, mode="valid")


def mae(y_true, y_pred) -> float:
    """Mean absolute error of two arrays of the same shape."""
    y_true, y_pred = np.asarray(y_true, dtype="float64"), np.asarray(y_pred, dtype="float64")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes differ: {y_true.shape} and {y_pred.shape}")
    return float(np.mean(np.abs(y_true - y_pred)))


def windowed_dataset(series, window_size: int, batch_size: int = 32, shuffle_buffer: int | None = 1000,
                     seed: int | None = None):
    """Cut a series into (window, next value) pairs in a batched ``tf.data.Dataset``.

    Each element is a batch ``(features, labels)``: features of shape
    ``(batch, window_size)`` and labels of shape ``(batch,)``, the value that
    follows each window. The windows are cached after the first pass and, unless
    ``shuffle_buffer`` is ``None``, shuffled. (For several variables, see
    ``keras.utils.timeseries_dataset_from_array`` in m4_time_series/05_multivariate.)

    Args:
        series: array of shape ``(time,)``.
        window_size: values per window.
        batch_size: windows per batch.
        shuffle_buffer: size of the shuffle buffer, or ``None`` to keep time order
            (for validation data).
        seed: optional seed of the shuffle.

    Returns:
        A ``tf.data.Dataset`` of ``len(series) - window_size`` windows.

    Example:
        >>> ds = windowed_dataset(np.arange(10.0), window_size=3, batch_size=4, shuffle_buffer=None)
        >>> x, y = next(iter(ds))
        >>> x.shape, y.numpy().tolist()
        (TensorShape([4, 3]), [3.0, 4.0, 5.0, 6.0])

    Introduced in m4_time_series/02_windowed_datasets.
    """
    import tensorflow as tf

    series = np.asarray(series, dtype="float32")
    if series.ndim != 1:
        raise ValueError(f"expected a series of shape (time,), got {series.shape}")
    ds = tf.data.Dataset.from_tensor_slices(series)
    ds = ds.window(window_size + 1, shift=1, drop_remainder=True)
    ds = ds.flat_map(lambda window: window.batch(window_size + 1))
    ds = ds.map(lambda window: (window[:-1], window[-1]))
    # window() hides the dataset's length; stating it spares Keras a warning at the end of the first epoch
    ds = ds.apply(tf.data.experimental.assert_cardinality(max(0, len(series) - window_size)))
    ds = ds.cache()
    if shuffle_buffer:
        ds = ds.shuffle(shuffle_buffer, seed=seed)
    return ds.batch(batch_size).prefetch(1)


def windows(series, window_size: int, start: int | None = None) -> np.ndarray:
    """Stack the windows that precede each step of ``series[start:]`` into one array.

    Args:
        series: array of shape ``(time,)`` or ``(time, features)``.
        window_size: values per window.
        start: first step to forecast; ``window_size`` by default (every full window).

    Returns:
        Array of shape ``(len(series) - start, window_size[, features])``; row ``i``
        is ``series[start + i - window_size:start + i]``.
    """
    series = np.asarray(series, dtype="float32")
    start = window_size if start is None else start
    if not window_size <= start <= len(series):
        raise ValueError(f"start must be between window_size={window_size} and {len(series)}, got {start}")
    view = np.lib.stride_tricks.sliding_window_view(series, window_size, axis=0)  # (n, [features,] window)
    if series.ndim == 2:
        view = view.transpose(0, 2, 1)
    return np.ascontiguousarray(view[start - window_size:len(series) - window_size])


def forecast(model, series, window_size: int, start: int | None = None, batch_size: int = 256) -> np.ndarray:
    """Forecast ``series[start:]`` one step ahead with a trained model.

    Each prediction is made from the ``window_size`` values before the step it
    forecasts, so the result lines up with ``series[start:]``.

    Args:
        model: a Keras model taking windows of shape ``(window_size,)``
            (or ``(window_size, features)``) and returning one value. A model of a
            one-variable series may take windows of shape ``(window_size, 1)``
            instead, as in the exam (m4_time_series/06_exam_practice): it gets them.
        series: the whole series, history included.
        window_size: the model's window size.
        start: first step to forecast (``window_size`` by default).
        batch_size: windows per prediction batch.

    Returns:
        A 1-D array of ``len(series) - start`` predictions.

    Introduced in m4_time_series/02_windowed_datasets.
    """
    inputs = windows(series, window_size, start)
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):  # a model with no known input
        shape = None
    if inputs.ndim == 2 and isinstance(shape, tuple) and len(shape) == 3 and shape[-1] == 1:
        inputs = inputs[..., np.newaxis]  # windows of shape (window_size, 1), the exam's input
    with quiet():
        predictions = np.asarray(model.predict(inputs, batch_size=batch_size, verbose=0))
    return predictions.reshape(len(inputs), -1)[:, 0]


def exam_score(mae_value: float) -> int:
    """Score of the exam's sunspot task: ``ceil(20 - MAE)``, between 0 and 5.

    The exam computes the MAE on its own, version 2 sunspot numbers: multiply a
    MAE on the course's version 1 numbers by :data:`SUNSPOTS_V1_TO_V2` first.

    Example:
        >>> exam_score(15.0), exam_score(16.5), exam_score(30.0)
        (5, 4, 0)
    """
    if math.isnan(mae_value):
        return 0
    return int(min(5, max(0, math.ceil(20 - mae_value))))
