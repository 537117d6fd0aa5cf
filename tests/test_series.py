"""course.series: baselines, windows, forecasts and the exam score line up as documented (module 4)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course import series


def last_value_model(window_size, features=None):
    shape = (window_size,) if features is None else (window_size, features)
    pick = (lambda x: x[:, -1:]) if features is None else (lambda x: x[:, -1, :1])
    return keras.Sequential([keras.Input(shape), keras.layers.Lambda(pick)])


def test_naive_and_trailing_forecasts_line_up_with_the_period():
    values = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
    np.testing.assert_array_equal(series.naive_forecast(values, 2), [3.0, 5.0, 7.0])
    np.testing.assert_allclose(series.trailing_moving_average(values, 2, 2), [2.0, 4.0, 6.0])
    with pytest.raises(ValueError, match="start must be between 1 and 4"):
        series.naive_forecast(values, 0)
    with pytest.raises(ValueError, match="start must be between window=3"):
        series.trailing_moving_average(values, 3, 2)


def test_trailing_average_never_uses_the_future():
    rng = np.random.default_rng(0)
    values = rng.normal(size=50)
    changed = values.copy()
    changed[30:] = 1e6
    np.testing.assert_allclose(series.trailing_moving_average(values, 5, 10)[:21],
                               series.trailing_moving_average(changed, 5, 10)[:21])


def test_centred_average_is_centred_and_needs_an_odd_window():
    spike = np.zeros(9)
    spike[4] = 3.0
    np.testing.assert_allclose(series.centred_moving_average(spike, 3), [0, 0, 1, 1, 1, 0, 0])
    with pytest.raises(ValueError, match="odd size"):
        series.centred_moving_average(spike, 4)


def test_mae_and_exam_score():
    assert series.mae([1, 2, 3], [2, 2, 1]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="shapes differ"):
        series.mae([1, 2], [1, 2, 3])
    assert [series.exam_score(m) for m in (0.0, 15.0, 15.9, 16.0, 17.5, 19.5, 25.0, float("nan"))] == \
        [5, 5, 5, 4, 3, 1, 0, 0]
    assert series.SUNSPOTS_V1_TO_V2 == pytest.approx(1 / 0.6)


def test_windowed_dataset_pairs_each_window_with_the_next_value():
    ds = series.windowed_dataset(np.arange(10.0), window_size=3, batch_size=4, shuffle_buffer=None)
    assert ds.cardinality().numpy() == 2
    pairs = [(tuple(x), float(y)) for xb, yb in ds for x, y in zip(xb.numpy(), yb.numpy())]
    assert pairs == [((float(i), float(i + 1), float(i + 2)), float(i + 3)) for i in range(7)]
    shuffled = series.windowed_dataset(np.arange(100.0), window_size=5, batch_size=100, shuffle_buffer=100, seed=1)
    labels = next(iter(shuffled))[1].numpy()
    assert sorted(labels) == list(np.arange(5.0, 100.0)) and list(labels) != sorted(labels)
    with pytest.raises(ValueError, match=r"shape \(time,\)"):
        series.windowed_dataset(np.zeros((10, 2)), 3)


def test_windows_stack_the_history_of_each_step_for_one_and_several_variables():
    values = np.arange(6.0)
    np.testing.assert_array_equal(series.windows(values, 2, start=4), [[2.0, 3.0], [3.0, 4.0]])
    table = np.arange(12.0).reshape(6, 2)
    stacked = series.windows(table, 3)
    assert stacked.shape == (3, 3, 2)
    np.testing.assert_array_equal(stacked[0], table[0:3])
    with pytest.raises(ValueError, match="start must be between"):
        series.windows(values, 3, start=2)


def test_forecast_is_aligned_with_the_forecast_period():
    values = np.arange(20.0) ** 1.5
    got = series.forecast(last_value_model(4), values, 4, start=10)
    np.testing.assert_allclose(got, series.naive_forecast(values, 10), rtol=1e-6)
    table = np.stack([values, -values], axis=1)
    got = series.forecast(last_value_model(3, features=2), table, 3, start=5)
    np.testing.assert_allclose(got, values[4:-1], rtol=1e-6)
    # a model of one variable that takes windows of shape (window_size, 1), as in the exam, gets them
    exam_shaped = keras.Sequential([keras.Input((4, 1)), keras.layers.Lambda(lambda x: x[:, -1, :])])
    exam_shaped.predict(np.zeros((2, 4, 1), dtype="float32"), verbose=0)
    got = series.forecast(exam_shaped, values, 4, start=10)
    np.testing.assert_allclose(got, series.naive_forecast(values, 10), rtol=1e-6)
