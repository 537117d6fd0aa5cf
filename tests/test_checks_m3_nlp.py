"""The text checks and plots of Module 3 pass good work and fail bad work with messages that say what to fix."""

from __future__ import annotations

import keras
import matplotlib
import pytest

from course import checks, plots

matplotlib.use("agg")

TEXTS = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog", "the end"]


def vectorizer(max_tokens=8, sequence_length=5, **settings):
    layer = keras.layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=sequence_length, **settings)
    layer.adapt(TEXTS)
    return layer


def test_a_good_vectorizer_passes():
    checks.check_text_vectorizer(vectorizer(), max_tokens=8, sequence_length=5)


def test_vectorizer_mistakes_are_explained():
    with pytest.raises(AssertionError, match="expected a keras.layers.TextVectorization layer, got list"):
        checks.check_text_vectorizer(["the"], 8, 5)
    with pytest.raises(AssertionError, match="no vocabulary yet: call `vectorizer.adapt"):
        checks.check_text_vectorizer(keras.layers.TextVectorization(max_tokens=8), 8, 5)
    with pytest.raises(AssertionError, match=r"vocabulary of 10 tokens .* got 8: .*max_tokens=10"):
        checks.check_text_vectorizer(vectorizer(), max_tokens=10, sequence_length=5)
    with pytest.raises(AssertionError, match=r"shape \(3, 7\), expected \(3, 5\).*output_sequence_length=5"):
        checks.check_text_vectorizer(vectorizer(sequence_length=7), max_tokens=8, sequence_length=5)
    with pytest.raises(AssertionError, match=r"shape \(3, \d+\), expected \(3, 5\)"):
        checks.check_text_vectorizer(vectorizer(sequence_length=None), max_tokens=8, sequence_length=5)
    with pytest.raises(AssertionError, match="unknown word became 0, expected 1"):
        checks.check_text_vectorizer(DropsUnknownWords(max_tokens=8, output_sequence_length=5).adapted(), 8, 5)


class DropsUnknownWords(keras.layers.TextVectorization):
    """A vectorizer that maps unknown words to 0 (padding) instead of 1 ([UNK])."""

    def adapted(self):
        self.adapt(TEXTS)
        return self

    def call(self, inputs):
        out = super().call(inputs)
        return out * keras.ops.cast(keras.ops.not_equal(out, 1), out.dtype)


def test_generated_text_is_checked():
    vocabulary = ["", "[UNK]", "the", "cat", "sat", "on", "mat"]
    checks.check_generated_text("The cat sat on the mat", "The cat", 4, vocabulary)
    with pytest.raises(AssertionError, match="should return a string, got list"):
        checks.check_generated_text(["the"], "the", 0, vocabulary)
    with pytest.raises(AssertionError, match="start with the seed 'a cat'"):
        checks.check_generated_text("the cat sat", "a cat", 1, vocabulary)
    with pytest.raises(AssertionError, match="asked for 3 new words after the seed, got 2"):
        checks.check_generated_text("the cat sat on", "the cat", 3, vocabulary)
    with pytest.raises(AssertionError, match=r"not in the vocabulary: \['\[UNK\]', 'dog'\]"):
        checks.check_generated_text("the cat [UNK] dog", "the cat", 2, vocabulary)


def test_check_layers_looks_inside_bidirectional_wrappers():
    model = keras.Sequential([keras.Input((5,)), keras.layers.Embedding(10, 4),
                              keras.layers.Bidirectional(keras.layers.LSTM(3)), keras.layers.Dense(1)])
    checks.check_layers(model, keras.layers.Bidirectional)
    checks.check_layers(model, keras.layers.LSTM, at_least=2)
    with pytest.raises(AssertionError, match="at least 1 GRU layer, found 0"):
        checks.check_layers(model, keras.layers.GRU)


def test_compare_histories_draws_one_panel_per_model():
    histories = {"LSTM": {"accuracy": [0.5, 0.8], "val_accuracy": [0.5, 0.7]},
                 "GRU": {"accuracy": [0.6, 0.9], "val_accuracy": [0.6, 0.75]},
                 "Conv1D": {"accuracy": [0.6, 0.9]},
                 "pooled": {"accuracy": [0.6, 0.7]}}
    fig = plots.compare_histories(histories)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titled == ["LSTM: 0.70", "GRU: 0.75", "Conv1D", "pooled"]
    assert len(fig.axes) == 6  # 2 rows of 3 panels, two of them blank
    with pytest.raises(ValueError, match=r"no 'loss' in the history of \['LSTM'"):
        plots.compare_histories({"LSTM": {"accuracy": [0.5]}}, metric="loss")
    with pytest.raises(ValueError, match="no histories to compare"):
        plots.compare_histories({})
