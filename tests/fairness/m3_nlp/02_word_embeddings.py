"""m3_nlp/02_word_embeddings: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional API, loss as a function, callback reading logs[...] after a membership test, "
            "functional export, neighbours returned as NumPy strings",
            build_embedding_model="""
        def build_embedding_model(vocab_size, sequence_length, embedding_dim=16):
            inputs = keras.Input(shape=(sequence_length,))
            x = keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True)(inputs)
            x = keras.layers.GlobalAveragePooling1D()(x)
            x = keras.layers.Dense(16, activation="relu")(x)
            outputs = keras.layers.Dense(1, activation="sigmoid")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss=keras.losses.binary_crossentropy, metrics=["accuracy"])
            return model
        """, stop_at_threshold="""
        class StopAtThreshold(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the metric `metric` reaches `threshold`.\"\"\"

            def __init__(self, metric="val_accuracy", threshold=0.8):
                super().__init__()
                self.metric = metric
                self.threshold = threshold

            def on_epoch_end(self, epoch, logs=None):
                if logs and self.metric in logs and logs[self.metric] >= self.threshold:
                    print(f"reached {self.threshold}: stopping")
                    self.model.stop_training = True
        """, export_model="""
        def export_model(vectorizer, model):
            inputs = keras.Input(shape=(1,), dtype="string")
            return keras.Model(inputs, model(vectorizer(inputs)))
        """, nearest_words="""
        def nearest_words(embeddings, vocabulary, word, k=5):
            vocabulary = np.asarray(vocabulary)
            index = int(np.flatnonzero(vocabulary == word)[0])
            lengths = np.linalg.norm(embeddings, axis=1) + 1e-9
            similarity = embeddings @ embeddings[index] / (lengths * lengths[index])
            similarity[index] = -np.inf
            return list(vocabulary[np.argsort(similarity)[::-1][:k]])
        """),
    correct("tf.keras objects: Adam and BinaryCrossentropy instances, activations as functions",
            build_embedding_model="""
        import tensorflow as tf

        def build_embedding_model(vocab_size, sequence_length, embedding_dim=16):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(sequence_length,)),
                tf.keras.layers.Embedding(input_dim=vocab_size, output_dim=embedding_dim, mask_zero=True),
                tf.keras.layers.GlobalAveragePooling1D(),
                tf.keras.layers.Dense(16, activation=tf.nn.relu),
                tf.keras.layers.Dense(1, activation=tf.nn.sigmoid),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.BinaryCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, stop_at_threshold="""
        class StopAtThreshold(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the metric `metric` reaches `threshold`.\"\"\"

            def __init__(self, metric="val_accuracy", threshold=0.8):
                super().__init__()
                self.metric = metric
                self.threshold = threshold

            def on_epoch_end(self, epoch, logs=None):
                current = (logs or {}).get(self.metric)
                if current is not None and not current < self.threshold:
                    print(f"Epoch {epoch + 1}: {self.metric} = {current:.3f}, stopping")
                    self.model.stop_training = True
        """, nearest_words="""
        def nearest_words(embeddings, vocabulary, word, k=5):
            vocabulary = list(vocabulary)
            target = embeddings[vocabulary.index(word)]
            scored = []
            for i, vector in enumerate(embeddings):
                if vocabulary[i] != word:
                    cosine = float(np.dot(vector, target)) / (np.linalg.norm(vector) * np.linalg.norm(target) + 1e-9)
                    scored.append((cosine, i))
            scored.sort(reverse=True)
            return [vocabulary[i] for _, i in scored[:k]]
        """),
    correct("Sequential built with add(), string input of shape () in the export",
            build_embedding_model="""
        def build_embedding_model(vocab_size, sequence_length, embedding_dim=16):
            model = keras.Sequential()
            model.add(keras.Input(shape=(sequence_length,)))
            model.add(keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True))
            model.add(keras.layers.GlobalAveragePooling1D())
            model.add(keras.layers.Dense(units=16, activation="relu"))
            model.add(keras.layers.Dense(units=1, activation="sigmoid"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="binary_crossentropy",
                          metrics=["accuracy"])
            return model
        """, export_model="""
        def export_model(vectorizer, model):
            return keras.Sequential([keras.Input(shape=(), dtype="string"), vectorizer, model])
        """),
    mistake("no mask_zero: the average counts the padding", loses="embedding_model_shapes",
            build_embedding_model="""
        def build_embedding_model(vocab_size, sequence_length, embedding_dim=16):
            model = keras.Sequential([
                keras.Input(shape=(sequence_length,)),
                keras.layers.Embedding(vocab_size, embedding_dim),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("the callback stops only beyond the threshold (> instead of >=)", loses="stopping_callback",
            stop_at_threshold="""
        class StopAtThreshold(keras.callbacks.Callback):
            \"\"\"Stop training as soon as the metric `metric` reaches `threshold`.\"\"\"

            def __init__(self, metric="val_accuracy", threshold=0.8):
                super().__init__()
                self.metric = metric
                self.threshold = threshold

            def on_epoch_end(self, epoch, logs=None):
                if logs.get(self.metric, 0) > self.threshold:
                    print("stopping")
                    self.model.stop_training = True
        """),
    mistake("the export leaves out the vectorizer", loses="binary_heldout_accuracy", export_model="""
        def export_model(vectorizer, model):
            return model
        """),
    mistake("nearest words by Euclidean distance instead of cosine similarity", loses="nearest_words_cosine",
            nearest_words="""
        def nearest_words(embeddings, vocabulary, word, k=5):
            index = list(vocabulary).index(word)
            distance = np.linalg.norm(embeddings - embeddings[index], axis=1)
            order = [i for i in np.argsort(distance) if i != index]
            return [vocabulary[i] for i in order[:k]]
        """),
    mistake("the word itself is left among its neighbours", loses="nearest_words_cosine", nearest_words="""
        def nearest_words(embeddings, vocabulary, word, k=5):
            index = list(vocabulary).index(word)
            unit = embeddings / (np.linalg.norm(embeddings, axis=1, keepdims=True) + 1e-9)
            return [vocabulary[i] for i in np.argsort(-(unit @ unit[index]))[:k]]
        """),
]
