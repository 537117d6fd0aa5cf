"""Held-out figures come from a trusted scorer: the same in the kernel and through the service, never from code.

:func:`course.heldout.measure` saves the learner's model, and the scorer loads it back
with ``safe_mode=True`` and measures it on the held-out data. Without a sandbox it runs
in the kernel; in the sandbox, the kernel asks :class:`ScoringService` over a Unix
socket and the scorer runs in a sandbox of its own. Both must give the same figures, a
model with code in it (a Lambda layer) must be refused with a message, and a learner's
kernel must get numbers, never the data.
"""

from __future__ import annotations

import keras
import nbformat
import numpy as np
import pandas as pd
import pytest

from course import data, heldout, series
from course.instructor.preprocessors import reads_heldout
from course.instructor.scoring import ScoringService
from course.scorers import ScoringError

WINDOW = 30


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(3)
    built = keras.Sequential([keras.Input((WINDOW,)), keras.layers.Rescaling(1 / 100), keras.layers.Dense(1),
                              keras.layers.Rescaling(100)])
    built.compile(loss="huber", optimizer="adam")
    return built


def test_the_figures_are_the_models_and_the_naive_forecasts_on_the_held_out_period(model):
    figures = heldout.measure("forecast_mae", model, window_size=WINDOW)
    history = data.load("sunspots")["sunspots"].to_numpy("float32")
    held = data.load_heldout("sunspots")["sunspots"].to_numpy("float32")
    values = np.concatenate([history, held])
    assert figures["naive"] == pytest.approx(series.mae(held, series.naive_forecast(values, len(history))))
    assert figures["mae"] == pytest.approx(series.mae(held, series.forecast(model, values, WINDOW, len(history))),
                                           rel=1e-5)


def test_a_multivariate_model_is_measured_on_its_target_column():
    columns = ["temp_max", "temp_min", "precipitation", "wind"]
    inputs = keras.Input((3, 4))
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Flatten()(inputs)))
    figures = heldout.measure("forecast_mae", model, window_size=3, dataset="seattle_weather", columns=columns,
                              target=1)
    history = data.load("seattle_weather")["temp_min"].to_numpy("float32")
    held = data.load_heldout("seattle_weather")["temp_min"].to_numpy("float32")
    assert figures["naive"] == pytest.approx(series.mae(held, np.concatenate([history[-1:], held[:-1]])))


def test_a_model_with_code_in_it_is_refused_with_a_message():
    model = keras.Sequential([keras.Input((WINDOW,)), keras.layers.Lambda(lambda x: x * 2), keras.layers.Dense(1)])
    with pytest.raises(ScoringError, match="safe mode.*no Lambda layer"):
        heldout.measure("forecast_mae", model, window_size=WINDOW)


def test_something_that_is_not_a_model_is_refused():
    with pytest.raises(ScoringError, match="expected a Keras model"):
        heldout.measure("forecast_mae", lambda x: x, window_size=WINDOW)
    with pytest.raises(ValueError, match="no scorer named"):
        heldout.measure("accuracy_of_my_choice", None)


def test_a_model_that_fails_on_the_held_out_data_gets_a_message(model):
    with pytest.raises(ScoringError, match="failed on the held-out data"):
        heldout.measure("forecast_mae", model, window_size=12)  # the model takes 30 steps


def test_the_service_gives_the_same_figures_from_its_own_sandbox(model, tmp_path, monkeypatch):
    here = heldout.measure("forecast_mae", model, window_size=WINDOW)
    with ScoringService(tmp_path / "scorer.sock", str(data.heldout_dir())) as service:
        monkeypatch.setenv(heldout.SOCKET_VAR, str(service.path))
        there = heldout.measure("forecast_mae", model, window_size=WINDOW)
        with pytest.raises(ScoringError, match="safe mode"):
            heldout.measure("forecast_mae", keras.Sequential([keras.Input((WINDOW,)),
                                                              keras.layers.Lambda(lambda x: x)]), window_size=WINDOW)
    assert there == pytest.approx(here, rel=1e-6)


def test_only_test_cells_that_read_held_out_files_themselves_get_them_in_the_sandbox():
    def notebook(source, **meta):
        cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})
        return nbformat.v4.new_notebook(cells=[cell])

    reading = 'heldout = data.load_heldout("digits")'
    assert reads_heldout(notebook(reading, grade=True, solution=False, grade_id="t", points=1))
    assert not reads_heldout(notebook(reading, grade=False, solution=True, grade_id="answer"))  # the learner's own
    assert not reads_heldout(notebook('heldout.measure("forecast_mae", model, window_size=30)', grade=True,
                                      solution=False, grade_id="t", points=1))


def test_accuracy_is_measured_on_the_named_held_out_examples():
    digits = data.load_heldout("digits")
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10, activation="softmax")])
    figures = heldout.measure("accuracy", model, examples="digits/flat")
    expected = np.mean(model.predict(digits["images"].reshape(-1, 64) / 16, verbose=0).argmax(-1) == digits["labels"])
    assert figures == {"accuracy": pytest.approx(expected), "examples": len(digits["labels"])}


def test_a_text_model_that_takes_raw_strings_is_measured_with_named_classes():
    vectorizer = keras.layers.TextVectorization(max_tokens=200, output_sequence_length=12)
    vectorizer.adapt(data.load("definitions")["text"].tolist())
    model = keras.Sequential([keras.Input(shape=(1,), dtype="string"), vectorizer, keras.layers.Embedding(200, 4),
                              keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(3, activation="softmax")])
    classes = sorted(set(data.load_heldout("definitions")["category"]))[:3]
    figures = heldout.measure("accuracy", model, examples="definitions/text", classes=classes)
    assert 0 <= figures["accuracy"] <= 1 and figures["examples"] == len(data.load_heldout("definitions"))
    with pytest.raises(ScoringError, match="no held-out examples named"):
        heldout.measure("accuracy", model, examples="definitions/numbers")


@pytest.mark.parametrize("examples", ["breast_cancer", "iris"])
def test_a_table_model_keeps_its_adapted_normalizer_and_is_measured_on_raw_held_out_rows(examples):
    if examples == "breast_cancer":
        shipped, frame = data.load("breast_cancer"), data.load_heldout("breast_cancer")
        x = frame.drop(columns="diagnosis").to_numpy("float32")
        y = (frame["diagnosis"] == "malignant").to_numpy().astype(int)
        train_x, units, activation = shipped.drop(columns="diagnosis").to_numpy("float32"), 1, "sigmoid"
    else:
        columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
        shipped, frame = pd.DataFrame(data.load("iris")), pd.DataFrame(data.load_heldout("iris"))
        x, y = frame[columns].to_numpy("float32"), frame["species"].map(["setosa", "versicolor", "virginica"].index)
        train_x, units, activation = shipped[columns].to_numpy("float32"), 3, "softmax"
    keras.utils.set_random_seed(5)
    normalizer = keras.layers.Normalization()
    normalizer.adapt(train_x)
    model = keras.Sequential([keras.Input((x.shape[1],)), normalizer, keras.layers.Dense(units, activation=activation)])
    scores = model.predict(x, verbose=0)
    guesses = (scores[:, 0] >= 0.5).astype(int) if units == 1 else scores.argmax(-1)
    figures = heldout.measure("accuracy", model, examples=examples)
    assert figures == {"accuracy": pytest.approx(np.mean(guesses == np.asarray(y))), "examples": len(y)}


def test_a_model_built_with_tensorflows_activation_functions_is_measured():
    """``activation=tf.nn.softmax`` is correct work: its .keras file would name a TensorFlow function that
    safe mode refuses to import, so the model is saved with Keras's function of the same name."""
    import tensorflow as tf

    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation=tf.nn.relu),
                                 tf.keras.layers.Reshape((1, 8)),
                                 tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(
                                     4, activation=tf.nn.tanh, recurrent_activation=tf.math.sigmoid)),
                                 tf.keras.layers.Dense(3, activation=tf.nn.softmax)])
    frame = pd.DataFrame(data.load_heldout("iris"))
    x = frame[["sepal_length", "sepal_width", "petal_length", "petal_width"]].to_numpy("float32")
    expected = np.mean(model.predict(x, verbose=0).argmax(-1) == frame["species"].map(
        ["setosa", "versicolor", "virginica"].index).to_numpy())
    assert heldout.measure("accuracy", model, examples="iris")["accuracy"] == pytest.approx(expected)
    assert model.layers[-1].activation is tf.nn.softmax  # the learner's model is left as it was
