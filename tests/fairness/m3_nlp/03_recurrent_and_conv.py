"""m3_nlp/03_recurrent_and_conv: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional API with an if/elif chain, tf.keras, losses as functions", build_text_classifier="""
        import tensorflow as tf

        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            inputs = tf.keras.Input(shape=(sequence_length,))
            x = tf.keras.layers.Embedding(vocab_size, 16, mask_zero=(kind != "conv1d"))(inputs)
            if kind == "pooled":
                x = tf.keras.layers.GlobalAveragePooling1D()(x)
            elif kind == "simple_rnn":
                x = tf.keras.layers.SimpleRNN(16)(x)
            elif kind == "gru":
                x = tf.keras.layers.GRU(16)(x)
            elif kind == "lstm":
                x = tf.keras.layers.LSTM(16)(x)
            elif kind == "bidirectional":
                x = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16))(x)
            elif kind == "conv1d":
                x = tf.keras.layers.Conv1D(32, 5, activation="relu")(x)
                x = tf.keras.layers.GlobalMaxPooling1D()(x)
            else:
                raise ValueError(f"unknown kind: {kind}")
            x = tf.keras.layers.Dense(16, activation="relu")(x)
            if num_classes == 1:
                outputs = tf.keras.layers.Dense(1, activation="sigmoid")(x)
                loss = tf.keras.losses.binary_crossentropy
            else:
                outputs = tf.keras.layers.Dense(num_classes, activation="softmax")(x)
                loss = tf.keras.losses.sparse_categorical_crossentropy
            model = tf.keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
    correct("Sequential built with add(), loss and optimizer instances, keyword arguments everywhere",
            build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            if kind not in ("pooled", "simple_rnn", "gru", "lstm", "bidirectional", "conv1d"):
                raise ValueError("kind must be pooled, simple_rnn, gru, lstm, bidirectional or conv1d")
            model = keras.Sequential()
            model.add(keras.Input(shape=(sequence_length,)))
            model.add(keras.layers.Embedding(input_dim=vocab_size, output_dim=16, mask_zero=kind != "conv1d"))
            if kind == "pooled":
                model.add(keras.layers.GlobalAveragePooling1D())
            if kind == "simple_rnn":
                model.add(keras.layers.SimpleRNN(units=16))
            if kind == "gru":
                model.add(keras.layers.GRU(units=16))
            if kind == "lstm":
                model.add(keras.layers.LSTM(units=16))
            if kind == "bidirectional":
                model.add(keras.layers.Bidirectional(keras.layers.LSTM(units=16)))
            if kind == "conv1d":
                model.add(keras.layers.Conv1D(filters=32, kernel_size=5, activation="relu"))
                model.add(keras.layers.GlobalMaxPooling1D())
            model.add(keras.layers.Dense(units=16, activation=keras.activations.relu))
            if num_classes > 1:
                model.add(keras.layers.Dense(units=num_classes, activation=keras.activations.softmax))
                loss = keras.losses.SparseCategoricalCrossentropy()
            else:
                model.add(keras.layers.Dense(units=1, activation=keras.activations.sigmoid))
                loss = keras.losses.BinaryCrossentropy()
            model.compile(optimizer=keras.optimizers.Adam(), loss=loss, metrics=["accuracy"])
            return model
        """),
    correct("a dict of layer factories, losses as classes' instances from tf.keras", build_text_classifier="""
        import tensorflow as tf

        MIDDLE = {
            "pooled": lambda: [tf.keras.layers.GlobalAveragePooling1D()],
            "simple_rnn": lambda: [tf.keras.layers.SimpleRNN(16)],
            "gru": lambda: [tf.keras.layers.GRU(16)],
            "lstm": lambda: [tf.keras.layers.LSTM(16)],
            "bidirectional": lambda: [tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16))],
            "conv1d": lambda: [tf.keras.layers.Conv1D(32, 5, activation="relu"), tf.keras.layers.GlobalMaxPooling1D()],
        }

        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            try:
                middle = MIDDLE[kind]()
            except KeyError:
                raise ValueError(f"no such kind: {kind!r}") from None
            binary = num_classes == 1
            model = tf.keras.Sequential(
                [tf.keras.Input(shape=(sequence_length,)),
                 tf.keras.layers.Embedding(vocab_size, 16, mask_zero=kind != "conv1d")]
                + middle
                + [tf.keras.layers.Dense(16, activation="relu"),
                   tf.keras.layers.Dense(num_classes, activation="sigmoid" if binary else "softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
                          loss=tf.keras.losses.BinaryCrossentropy() if binary
                          else tf.keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """),
    mistake("no mask_zero for the LSTM kinds: they read the padding last", loses="text_classifier_layers",
            build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            middle = {
                "pooled": [keras.layers.GlobalAveragePooling1D()],
                "simple_rnn": [keras.layers.SimpleRNN(16)],
                "gru": [keras.layers.GRU(16)],
                "lstm": [keras.layers.LSTM(16)],
                "bidirectional": [keras.layers.Bidirectional(keras.layers.LSTM(16))],
                "conv1d": [keras.layers.Conv1D(32, 5, activation="relu"), keras.layers.GlobalMaxPooling1D()],
            }
            if kind not in middle:
                raise ValueError(kind)
            if num_classes == 1:
                output, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
            else:
                output, loss = keras.layers.Dense(num_classes, activation="softmax"), "sparse_categorical_crossentropy"
            model = keras.Sequential([keras.Input(shape=(sequence_length,)),
                                      keras.layers.Embedding(vocab_size, 16, mask_zero=kind not in ("lstm", "bidirectional", "conv1d")),
                                      *middle[kind], keras.layers.Dense(16, activation="relu"), output])
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
    mistake("no mask_zero at all: the average and the GRU learn from the padding too",
            loses=["text_classifier_layers", "recurrent_heldout_accuracy"],
            build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            middle = {
                "pooled": [keras.layers.GlobalAveragePooling1D()],
                "simple_rnn": [keras.layers.SimpleRNN(16)],
                "gru": [keras.layers.GRU(16)],
                "lstm": [keras.layers.LSTM(16)],
                "bidirectional": [keras.layers.Bidirectional(keras.layers.LSTM(16))],
                "conv1d": [keras.layers.Conv1D(32, 5, activation="relu"), keras.layers.GlobalMaxPooling1D()],
            }
            if kind not in middle:
                raise ValueError(kind)
            if num_classes == 1:
                output, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
            else:
                output, loss = keras.layers.Dense(num_classes, activation="softmax"), "sparse_categorical_crossentropy"
            model = keras.Sequential([keras.Input(shape=(sequence_length,)),
                                      keras.layers.Embedding(vocab_size, 16, mask_zero=False),
                                      *middle[kind], keras.layers.Dense(16, activation="relu"), output])
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
    mistake("categorical_crossentropy for the multi-class models", loses="text_classifier_layers",
            build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            middle = {
                "pooled": [keras.layers.GlobalAveragePooling1D()],
                "simple_rnn": [keras.layers.SimpleRNN(16)],
                "gru": [keras.layers.GRU(16)],
                "lstm": [keras.layers.LSTM(16)],
                "bidirectional": [keras.layers.Bidirectional(keras.layers.LSTM(16))],
                "conv1d": [keras.layers.Conv1D(32, 5, activation="relu"), keras.layers.GlobalMaxPooling1D()],
            }
            if kind not in middle:
                raise ValueError(kind)
            if num_classes == 1:
                output, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
            else:
                output, loss = keras.layers.Dense(num_classes, activation="softmax"), "categorical_crossentropy"
            model = keras.Sequential([keras.Input(shape=(sequence_length,)),
                                      keras.layers.Embedding(vocab_size, 16, mask_zero=kind != "conv1d"),
                                      *middle[kind], keras.layers.Dense(16, activation="relu"), output])
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
    mistake("an unknown kind silently gives the pooled model", loses="text_classifier_layers",
            build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            middle = {
                "pooled": [keras.layers.GlobalAveragePooling1D()],
                "simple_rnn": [keras.layers.SimpleRNN(16)],
                "gru": [keras.layers.GRU(16)],
                "lstm": [keras.layers.LSTM(16)],
                "bidirectional": [keras.layers.Bidirectional(keras.layers.LSTM(16))],
                "conv1d": [keras.layers.Conv1D(32, 5, activation="relu"), keras.layers.GlobalMaxPooling1D()],
            }
            if kind not in middle:
                kind = "pooled"
            if num_classes == 1:
                output, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
            else:
                output, loss = keras.layers.Dense(num_classes, activation="softmax"), "sparse_categorical_crossentropy"
            model = keras.Sequential([keras.Input(shape=(sequence_length,)),
                                      keras.layers.Embedding(vocab_size, 16, mask_zero=kind != "conv1d"),
                                      *middle[kind], keras.layers.Dense(16, activation="relu"), output])
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
    mistake("return_sequences=True on the single GRU and LSTM: one prediction per word",
            loses=["text_classifier_layers", "recurrent_heldout_accuracy"], build_text_classifier="""
        def build_text_classifier(kind, vocab_size, sequence_length, num_classes=1):
            middle = {
                "pooled": [keras.layers.GlobalAveragePooling1D()],
                "simple_rnn": [keras.layers.SimpleRNN(16)],
                "gru": [keras.layers.GRU(16, return_sequences=True)],
                "lstm": [keras.layers.LSTM(16, return_sequences=True)],
                "bidirectional": [keras.layers.Bidirectional(keras.layers.LSTM(16))],
                "conv1d": [keras.layers.Conv1D(32, 5, activation="relu"), keras.layers.GlobalMaxPooling1D()],
            }
            if kind not in middle:
                raise ValueError(kind)
            if num_classes == 1:
                output, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
            else:
                output, loss = keras.layers.Dense(num_classes, activation="softmax"), "sparse_categorical_crossentropy"
            model = keras.Sequential([keras.Input(shape=(sequence_length,)),
                                      keras.layers.Embedding(vocab_size, 16, mask_zero=kind != "conv1d"),
                                      *middle[kind], keras.layers.Dense(16, activation="relu"), output])
            model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
            return model
        """),
]
