"""m3_nlp/05_text_generation: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

GENERATE = """
def generate_text(model, vectorizer, seed_text, n_words, temperature=0.7, seed=0):
    rng = np.random.default_rng(seed)
    vocabulary = vectorizer.get_vocabulary()
    words = seed_text.split()
    for _ in range(n_words):
        tokens = vectorizer(" ".join(words)).numpy()
        x = keras.utils.pad_sequences([tokens], maxlen=model.input_shape[1], padding="pre")
        probabilities = np.asarray(model(x, training=False))[0].astype("float64")
        {zero}
        probabilities = {temper}
        probabilities /= probabilities.sum()
        words.append(vocabulary[{draw}])
    return " ".join(words)
"""


def generate(zero="probabilities[:2] = 0.0", temper="probabilities ** (1 / temperature)",
             draw="rng.choice(len(probabilities), p=probabilities)"):
    """The reference generator with one of its steps written differently."""
    return GENERATE.replace("{zero}", zero).replace("{temper}", temper).replace("{draw}", draw)


VARIANTS = [
    correct("n-grams from a comprehension with tf.keras' pad_sequences, functional model, model.predict "
            "and the temperature applied to log-probabilities",
            make_ngram_sequences="""
        import tensorflow as tf

        def make_ngram_sequences(lines, vectorizer, max_len):
            tokenized = [vectorizer(line).numpy() for line in lines]
            sequences = [tokens[:i] for tokens in tokenized for i in range(2, len(tokens) + 1)]
            padded = tf.keras.utils.pad_sequences(sequences, maxlen=max_len, padding="pre")
            x, y = padded[:, :-1], padded[:, -1]
            return x, y
        """, build_generator_model="""
        def build_generator_model(vocab_size, input_length):
            inputs = keras.Input(shape=(input_length,))
            x = keras.layers.Embedding(vocab_size, 32)(inputs)
            x = keras.layers.LSTM(96)(x)
            outputs = keras.layers.Dense(vocab_size, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss=keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            return model
        """, generate_text="""
        def generate_text(model, vectorizer, seed_text, n_words, temperature=0.7, seed=0):
            rng = np.random.default_rng(seed)
            vocabulary = vectorizer.get_vocabulary()
            words = seed_text.split()
            for _ in range(n_words):
                x = keras.utils.pad_sequences([vectorizer(" ".join(words)).numpy()], maxlen=model.input_shape[1])
                probabilities = model.predict(x, verbose=0)[0].astype("float64")
                logits = np.log(np.maximum(probabilities, 1e-300)) / temperature
                probabilities = np.exp(logits - logits.max())
                probabilities[0] = probabilities[1] = 0
                probabilities = probabilities / np.sum(probabilities)
                words.append(vocabulary[int(rng.choice(len(probabilities), p=probabilities))])
            return " ".join(words)
        """),
    correct("n-grams padded by hand with NumPy, tf.keras objects, sampling among the real words only",
            make_ngram_sequences="""
        def make_ngram_sequences(lines, vectorizer, max_len):
            sequences = []
            for line in lines:
                tokens = list(vectorizer(line).numpy())
                sequences += [tokens[:i] for i in range(2, len(tokens) + 1)]
            padded = np.zeros((len(sequences), max_len), dtype="int64")
            for row, sequence in enumerate(sequences):
                sequence = sequence[-max_len:]
                padded[row, max_len - len(sequence):] = sequence
            return padded[:, :max_len - 1], padded[:, max_len - 1]
        """, build_generator_model="""
        import tensorflow as tf

        def build_generator_model(vocab_size, input_length):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(input_length,)),
                tf.keras.layers.Embedding(input_dim=vocab_size, output_dim=32),
                tf.keras.layers.LSTM(units=96),
                tf.keras.layers.Dense(units=vocab_size, activation=tf.nn.softmax),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                          loss=tf.keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, generate_text="""
        def generate_text(model, vectorizer, seed_text, n_words, temperature=0.7, seed=0):
            rng = np.random.default_rng(seed)
            vocabulary = vectorizer.get_vocabulary()
            words = seed_text.split()
            length = model.input_shape[1]
            for _ in range(n_words):
                tokens = vectorizer(" ".join(words)).numpy()[-length:]
                x = np.zeros((1, length), dtype="int64")
                x[0, length - len(tokens):] = tokens
                probabilities = np.asarray(model(x, training=False))[0].astype("float64")[2:]
                probabilities = probabilities ** (1.0 / temperature)
                index = 2 + rng.choice(len(probabilities), p=probabilities / probabilities.sum())
                words.append(vocabulary[index])
            return " ".join(words)
        """),
    correct("n-grams from one batch call of the vectorizer, Sequential built with add(), loss as a string",
            make_ngram_sequences="""
        def make_ngram_sequences(lines, vectorizer, max_len):
            sequences = []
            for row in vectorizer(list(lines)).numpy():
                tokens = row[row != 0]
                for i in range(2, len(tokens) + 1):
                    sequences.append(tokens[:i])
            padded = keras.utils.pad_sequences(sequences, maxlen=max_len, padding="pre")
            return padded[:, :-1], padded[:, -1]
        """, build_generator_model="""
        def build_generator_model(vocab_size, input_length):
            model = keras.Sequential()
            model.add(keras.Input(shape=(input_length,)))
            model.add(keras.layers.Embedding(vocab_size, 32))
            model.add(keras.layers.LSTM(96))
            model.add(keras.layers.Dense(vocab_size, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            return model
        """, generate_text=generate(zero="probabilities[[0, 1]] = 0",
                                    temper="np.power(probabilities, 1 / temperature)",
                                    draw="rng.choice(np.arange(len(probabilities)), p=probabilities)")),
    mistake("n-grams padded at the end", loses="ngram_sequences", make_ngram_sequences="""
        def make_ngram_sequences(lines, vectorizer, max_len):
            sequences = []
            for line in lines:
                tokens = vectorizer(line).numpy()
                for i in range(2, len(tokens) + 1):
                    sequences.append(tokens[:i])
            padded = keras.utils.pad_sequences(sequences, maxlen=max_len, padding="post")
            return padded[:, :-1], padded[:, -1]
        """),
    mistake("the padding and [UNK] can be drawn", loses="generator_output",
            generate_text=generate(zero="pass")),
    mistake("the temperature is ignored", loses="generator_output",
            generate_text=generate(temper="probabilities")),
    mistake("the temperature used as the power instead of its inverse", loses="generator_output",
            generate_text=generate(temper="probabilities ** temperature")),
    mistake("greedy: always the likeliest word", loses="generator_output",
            generate_text=generate(draw="int(np.argmax(probabilities))")),
    mistake("the model is ignored: words drawn uniformly from the vocabulary", loses="generator_output",
            generate_text=generate(draw="rng.integers(2, len(probabilities))")),
    mistake("the notebook's own generator used instead of the model passed in", loses="generator_output",
            generate_text=generate().replace("np.asarray(model(x", "np.asarray(generator(x")),
]
