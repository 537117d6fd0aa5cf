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
    nested = keras.Sequential([keras.Input((5,)), model])
    assert [checks.count_layers(nested, kind) for kind in (keras.layers.LSTM, keras.layers.GRU)] == [2, 0]


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


def make_generator(zero=True, temper=True, sample=True, use_model=True):
    """A text generator as the m3/05 exercise asks, or with one of its steps left out."""
    import numpy as np

    def generate_text(model, vectorizer, seed_text, n_words, temperature=0.7, seed=0):
        rng = np.random.default_rng(seed)
        vocabulary = vectorizer.get_vocabulary()
        words = seed_text.split()
        for _ in range(n_words):
            x = keras.utils.pad_sequences([vectorizer(" ".join(words)).numpy()], maxlen=model.input_shape[1])
            if use_model:
                probabilities = np.asarray(model(x, training=False))[0].astype("float64")
            else:
                probabilities = np.ones(len(vocabulary))
            if zero:
                probabilities[:2] = 0.0
            if temper:
                probabilities = probabilities ** (1 / temperature)
            probabilities /= probabilities.sum()
            index = rng.choice(len(probabilities), p=probabilities) if sample else int(np.argmax(probabilities))
            words.append(vocabulary[index])
        return " ".join(words)

    return generate_text


def test_sampling_is_checked_on_a_model_whose_probabilities_are_known():
    layer = keras.layers.TextVectorization()
    layer.adapt(TEXTS * 3 + ["the cat", "the"])
    checks.check_sampling(make_generator(), layer, 4, n_words=60)
    with pytest.raises(AssertionError, match=r"wrote \d+ '\[UNK\]' and \d+ empty words .* indices 0 and 1 to zero"):
        checks.check_sampling(make_generator(zero=False), layer, 4)
    with pytest.raises(AssertionError, match=r"at temperature 0.25 .* `probabilities \*\* \(1 / temperature\)`"):
        checks.check_sampling(make_generator(temper=False), layer, 4)
    with pytest.raises(AssertionError, match="wrote 'the' 60 times in 60 words.*always taking the likeliest"):
        checks.check_sampling(make_generator(sample=False), layer, 4)
    with pytest.raises(AssertionError, match="draw each word from the probabilities of the `model`"):
        checks.check_sampling(make_generator(use_model=False), layer, 4)


def test_fit_arguments_are_recorded_without_training():
    import numpy as np

    def train(x, y):
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True)
        return model, model.fit(x, y, 64, 12, 0, [stop], validation_data=(x, y))

    x, y = np.zeros((4, 3)), np.zeros(4)
    fit = checks.fit_arguments(train, x, y)
    assert (fit["batch_size"], fit["epochs"], fit["validation_data"][0] is x) == (64, 12, True)
    checks.check_callback(fit["callbacks"], keras.callbacks.EarlyStopping, monitor="val_accuracy", patience=2,
                          restore_best_weights=True)
    assert "fit" not in keras.Model.__dict__, "keras.Model.fit was not put back"
    with pytest.raises(AssertionError, match=r"train_without_fit\(\) never called `model.fit"):
        checks.fit_arguments(train_without_fit, x, y)


def train_without_fit(x, y):
    return None


def text_model(embedding, functional: bool = False):
    if functional:
        inputs = keras.Input(shape=(20,))
        body = keras.Sequential([embedding, keras.layers.GlobalAveragePooling1D()])  # a nested model
        return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(body(inputs)))
    return keras.Sequential([keras.Input(shape=(20,)), embedding, keras.layers.GlobalAveragePooling1D(),
                             keras.layers.Dense(1, activation="sigmoid")])


@pytest.mark.parametrize("functional", [False, True])
def test_embedding_check_finds_the_layer_however_the_model_is_built(functional):
    checks.check_embedding(text_model(keras.layers.Embedding(100, 8, mask_zero=True), functional), 100, 8)
    checks.check_embedding(text_model(keras.layers.Embedding(100, 8, mask_zero=True), functional), 100)


@pytest.mark.parametrize("embedding, vocab_size, dim, message", [
    (keras.layers.Embedding(100, 8), 100, 8, "pass mask_zero=True"),
    (keras.layers.Embedding(1000, 16, mask_zero=True), 500, 8, "the Embedding of the model is 1000x16, expected 500x8"),
    (keras.layers.Embedding(1000, 16, mask_zero=True), 500, None,
     "the Embedding of the model is 1000x16, expected 500x16"),
])
def test_embedding_mistakes_are_explained(embedding, vocab_size, dim, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_embedding(text_model(embedding), vocab_size, dim)


def test_embedding_messages_name_the_model():
    with pytest.raises(AssertionError, match="the Embedding of the 'lstm' model has mask_zero=False"):
        checks.check_embedding(text_model(keras.layers.Embedding(100, 8), functional=True), 100,
                               what="the 'lstm' model")


def test_embedding_check_asks_for_an_embedding_when_there_is_none():
    model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
    with pytest.raises(AssertionError, match="Embedding"):
        checks.check_embedding(model, 100)
