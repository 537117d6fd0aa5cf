"""Checks accept every form Keras accepts for the same thing, and still reject the wrong thing."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from course import checks
from course.checks.wording import canonical, shown

SOFTMAX_OUTPUTS = {
    "string": lambda: [keras.layers.Dense(3, activation="softmax")],
    "keras function": lambda: [keras.layers.Dense(3, activation=keras.activations.softmax)],
    "tf.nn function": lambda: [keras.layers.Dense(3, activation=tf.nn.softmax)],
    "Activation layer": lambda: [keras.layers.Dense(3), keras.layers.Activation("softmax")],
    "Softmax layer": lambda: [keras.layers.Dense(3), keras.layers.Softmax()],
    "tf.keras": lambda: [tf.keras.layers.Dense(3, activation=tf.keras.activations.softmax)],
}


@pytest.mark.parametrize("form", SOFTMAX_OUTPUTS)
def test_a_softmax_output_passes_however_it_is_written(form):
    inputs = keras.Input((4,))
    x = inputs
    for layer in SOFTMAX_OUTPUTS[form]():
        x = layer(x)
    checks.check_output(keras.Model(inputs, x), units=3, activation="softmax")


def test_another_activation_is_still_rejected_with_its_plain_name():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation=tf.nn.sigmoid)])
    with pytest.raises(AssertionError, match="got 'sigmoid': use `activation=\"softmax\"`"):
        checks.check_output(model, units=3, activation="softmax")


LOSSES = {
    "string": "binary_crossentropy",
    "function": keras.losses.binary_crossentropy,
    "instance": keras.losses.BinaryCrossentropy(),
    "tf.keras instance": tf.keras.losses.BinaryCrossentropy(),
    "tf.keras function": tf.keras.losses.binary_crossentropy,
}


@pytest.mark.parametrize("form", LOSSES)
def test_a_loss_passes_however_it_is_given(form):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss=LOSSES[form], metrics=["accuracy"])
    checks.check_compiled(model, loss="binary_crossentropy")


def test_a_wrong_loss_is_rejected_with_its_plain_name():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.mean_squared_error)
    with pytest.raises(AssertionError, match="loss='binary_crossentropy', got 'mean_squared_error'$"):
        checks.check_compiled(model, loss="binary_crossentropy")


METRICS = {
    "strings": (["mae"], ["mae"]),
    "full name": (["mean_absolute_error"], ["mae"]),
    "function": ([keras.metrics.mean_absolute_error], ["mae"]),
    "instance": ([keras.metrics.MeanAbsoluteError()], ["mae"]),
    "instance with a name of its own": ([keras.metrics.MeanAbsoluteError(name="err")], ["mae"]),
    "accuracy by its Keras class": ([keras.metrics.SparseCategoricalAccuracy()], ["accuracy"]),
    "accuracy as a function": ([keras.metrics.sparse_categorical_accuracy], ["accuracy"]),
    "accuracy as acc": (["acc"], ["accuracy"]),
}


@pytest.mark.parametrize("form", METRICS)
def test_metrics_pass_however_they_are_given(form):
    given, expected = METRICS[form]
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=given)
    checks.check_metrics(model, expected)


def test_a_missing_metric_is_named_in_the_message():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.mean_squared_error])
    with pytest.raises(AssertionError, match=r"without the metric\(s\) \['mae'\] \(it has \['mean_squared_error'\]\)"):
        checks.check_metrics(model, ["mae"])


def test_names_are_canonical_and_values_are_shown_as_a_learner_writes_them():
    assert canonical(tf.nn.softmax) == "softmax"
    assert canonical(keras.optimizers.Adam()) == canonical("adam") == "adam"
    assert canonical({"module": "builtins", "class_name": "function", "config": "mae"}) == "mean_absolute_error"
    assert shown([np.int32(2), np.str_("animal"), np.array([1.5])]) == "[2, 'animal', [1.5]]"


def test_a_stopping_callback_may_read_every_entry_that_fit_logs():
    class StopAndReport(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.seen = f"loss {logs['loss']:.2f}, validation accuracy {logs['val_accuracy']:.2f}"
            if logs["accuracy"] >= 0.95:
                self.model.stop_training = True

    checks.check_stopping_callback(StopAndReport(), "accuracy", 0.95)


def dropout_model(order):
    layers = {"dense": lambda: keras.layers.Dense(8), "relu": lambda: keras.layers.Activation("relu"),
              "dropout": lambda: keras.layers.Dropout(0.3)}
    return keras.Sequential([keras.Input((4,)), *(layers[name]() for name in order), keras.layers.Dense(3)])


def test_each_hidden_layer_must_be_followed_by_dropout_however_the_activation_is_written():
    checks.check_each_followed_by(dropout_model(["dense", "dropout", "dense", "dropout"]),
                                  keras.layers.Dense, keras.layers.Dropout)
    checks.check_each_followed_by(dropout_model(["dense", "relu", "dropout", "dense", "relu", "dropout"]),
                                  keras.layers.Dense, keras.layers.Dropout)
    with pytest.raises(AssertionError, match=r"Dense layer 2 \('dense_\d+'\) is followed by Dense, not Dropout: "
                                             r"put Dropout after it"):
        checks.check_each_followed_by(dropout_model(["dropout", "dense", "dropout", "dense"]),
                                      keras.layers.Dense, keras.layers.Dropout, hint="put Dropout after it")


def test_a_script_that_ignores_its_epochs_is_caught_by_the_steps_it_trained():
    def trained(epochs):
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(np.zeros((64, 4)), np.zeros(64), batch_size=32, epochs=epochs, verbose=0)
        return model

    one, three = trained(1), trained(3)
    assert checks.trained_steps(three) == 6
    checks.check_epochs_respected(one, three, 1, 3)
    with pytest.raises(AssertionError, match="with --epochs 1 the script trained 2 steps and with --epochs 3 2 steps, "
                                             "expected 6"):
        checks.check_epochs_respected(one, trained(1), 1, 3)
