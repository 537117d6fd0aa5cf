"""Text checks (m3_nlp): vectorizers, embeddings, generated text and sampling.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet
from .models import _all_layers, check_layers


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
    known = str(next((w for w in vocabulary[2:] if w.isalpha()), vocabulary[2]))
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


def check_sampling(generate, vectorizer, input_length: int, n_words: int = 60) -> None:
    """Check that a text generator samples from its model, with the temperature, never padding or ``[UNK]``.

    The generator is run on a stand-in model whose prediction never changes: the
    padding (index 0) and ``'[UNK]'`` (index 1) get 30% of the probability each,
    and three words of the vocabulary share the rest, 0.75 : 0.1875 : 0.0625. A
    generator that samples as asked never writes the padding or ``[UNK]``; at
    temperature 1 it writes the likeliest word about 75% of the time; at
    temperature 0.25 (probabilities raised to the power 4) nearly always. A
    generator that ignores the model, the temperature or the sampling cannot meet
    these shares but by a very unlikely chance.

    Args:
        generate: the learner's ``generate_text(model, vectorizer, seed_text, n_words, temperature, seed)``.
        vectorizer: the adapted ``TextVectorization`` layer the generator reads the vocabulary from.
        input_length: the model's input length, as in the notebook (``MAX_LEN - 1``).
        n_words: how many words each run writes.

    Introduced in m3_nlp/05_text_generation.
    """
    import keras

    vocabulary = vectorizer.get_vocabulary()
    likeliest, second, third = (str(word) for word in vocabulary[2:5])
    probabilities = np.full(len(vocabulary), 1e-6)
    probabilities[[0, 1, 2, 3, 4]] = [0.3, 0.3, 0.3, 0.075, 0.025]
    probabilities /= probabilities.sum()
    with quiet():
        output = keras.layers.Dense(len(vocabulary), activation="softmax", kernel_initializer="zeros")
        model = keras.Sequential([keras.Input(shape=(input_length,)), output])
        output.bias.assign(np.log(probabilities).astype("float32"))
    seed_text = f"{second} {third}"
    described = (f"a model that always gives the padding (index 0) and '[UNK]' (index 1) 30% of the probability each, "
                 f"{likeliest!r} 30%, {second!r} 7.5% and {third!r} 2.5%")
    counts = {}
    for temperature in (1.0, 0.25):
        with quiet():
            text = generate(model, vectorizer, seed_text, n_words, temperature=temperature, seed=5)
        assert isinstance(text, str), f"the generator should return a string, got {type(text).__name__}"
        new = text.split()[len(seed_text.split()):]
        unknown = sum(word == "[UNK]" for word in new)
        empty = sum(word == "" for word in text.split(" ")[len(seed_text.split()):])
        assert not unknown and not empty, (
            f"with {described}, the generator wrote {unknown} '[UNK]' and {empty} empty words (the padding) "
            f"in {n_words} words: set the probabilities of indices 0 and 1 to zero before normalising")
        check_generated_text(text, seed_text, n_words, vocabulary)
        counts[temperature] = sum(word == likeliest for word in new)
    warm, cold = counts[1.0], counts[0.25]
    assert n_words // 2 <= warm, (
        f"with {described}, at temperature 1 the generator wrote {likeliest!r} {warm} times in {n_words} words, "
        f"expected about {round(0.75 * n_words)}: draw each word from the probabilities of the `model` passed to "
        "the generator, e.g. `rng.choice(len(probabilities), p=probabilities)`")
    assert warm <= n_words - 4, (
        f"with {described}, at temperature 1 the generator wrote {likeliest!r} {warm} times in {n_words} words, "
        f"expected about {round(0.75 * n_words)}: sample each word at random according to the probabilities "
        "(`rng.choice(len(probabilities), p=probabilities)`) instead of always taking the likeliest")
    assert cold >= n_words - 3, (
        f"with {described}, at temperature 0.25 the likeliest word {likeliest!r} should win nearly every draw, "
        f"but it was written {cold} times in {n_words} words: apply the temperature, "
        "`probabilities ** (1 / temperature)`, then divide by the sum")


def check_embedding(model, vocab_size: int, embedding_dim: int | None = None, mask_zero: bool = True,
                    what: str = "the model") -> None:
    """Check a text model's ``Embedding``: ``vocab_size`` rows of ``embedding_dim`` numbers, masking the padding.

    The layer is found by type wherever it sits (in a Sequential or functional model, or a model
    nested in it), so any way of building the model passes.

    Args:
        model: a Keras model.
        vocab_size: the rows expected (the vocabulary size the builder was given).
        embedding_dim: the size of each vector expected, or ``None`` not to check it.
        mask_zero: whether ``mask_zero=True`` is required, so that the layers after it skip the padding.
        what: the model, as the messages name it (e.g. ``"the 'lstm' model"``).

    Example:
        >>> check_embedding(model, 1000, 16)  # doctest: +SKIP
    """
    import keras

    check_layers(model, keras.layers.Embedding)
    embedding = next(layer for layer in _all_layers(model) if isinstance(layer, keras.layers.Embedding))
    got = (embedding.input_dim, embedding.output_dim)
    wanted = (vocab_size, embedding.output_dim if embedding_dim is None else embedding_dim)
    assert got == wanted, (
        f"with vocab_size={vocab_size}" + ("" if embedding_dim is None else f" and embedding_dim={embedding_dim}")
        + f" the Embedding of {what} is {got[0]}x{got[1]}, expected {wanted[0]}x{wanted[1]}: use the function's "
        "arguments, not fixed numbers")
    assert embedding.mask_zero or not mask_zero, (
        f"the Embedding of {what} has mask_zero=False: pass mask_zero=True, so that the layers after it skip the "
        "padding")
