"""Text checks (m3_nlp): vectorizers and generated text.

Part of :mod:`course.checks`; notebooks import these names from there.
"""

from __future__ import annotations

import numpy as np

from ..quiet import quiet


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
