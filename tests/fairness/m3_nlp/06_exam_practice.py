"""m3_nlp/06_exam_practice: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("json.loads of the text, pandas for the CSV, a dict for the class numbers, the functional API, "
            "GlobalMaxPooling1D, losses and optimizers as objects, saving through pathlib",
            load_records="""
        def load_records(path):
            records = json.loads(Path(path).read_text(encoding="utf-8"))
            texts, labels = [], []
            for record in records:
                texts.append(record["text"])
                labels.append(int(record["about_computers"]))
            return texts, np.array(labels, dtype="int32")
        """, prepare_text="""
        def prepare_text(texts, labels, training_size):
            vectorizer = keras.layers.TextVectorization(max_tokens=VOCAB_SIZE, output_mode="int",
                                                        output_sequence_length=MAX_LENGTH)
            vectorizer.adapt(tf.constant(list(texts[:training_size])))
            x_train = vectorizer(tf.constant(list(texts[:training_size])))
            x_val = vectorizer(tf.constant(list(texts[training_size:])))
            labels = np.asarray(labels)
            return vectorizer, (x_train, labels[:training_size]), (x_val, labels[training_size:])
        """, build_binary_model="""
        def build_binary_model(vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM, max_length=MAX_LENGTH):
            inputs = keras.Input(shape=(max_length,))
            x = keras.layers.Embedding(input_dim=vocab_size, output_dim=embedding_dim, mask_zero=True)(inputs)
            x = keras.layers.GlobalMaxPooling1D()(x)
            x = keras.layers.Dense(16, activation="relu")(x)
            outputs = keras.layers.Dense(1, activation="sigmoid")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                          loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
            return model
        """, save_and_reload="""
        def save_and_reload(model, path):
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            keras.saving.save_model(model, path)
            return keras.saving.load_model(path)
        """, load_category_csv="""
        import pandas as pd

        def load_category_csv(path):
            frame = pd.read_csv(path)
            return frame["text"].tolist(), frame["category"].tolist()
        """, category_numbers="""
        def category_numbers(categories):
            class_names = sorted(set(categories))
            number = {name: i for i, name in enumerate(class_names)}
            return np.array([number[category] for category in categories]), class_names
        """, build_multiclass_model="""
        def build_multiclass_model(num_classes, vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM,
                                   max_length=MAX_LENGTH):
            inputs = keras.Input(shape=(max_length,))
            x = keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True)(inputs)
            x = keras.layers.GlobalAveragePooling1D()(x)
            outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, confusion_counts="""
        def confusion_counts(labels, probabilities, num_classes):
            matrix = np.zeros((num_classes, num_classes), dtype=int)
            for label, row in zip(labels, probabilities):
                matrix[int(label), int(np.argmax(row))] += 1
            return matrix
        """),
    correct("tf.keras everywhere (tf.nn.sigmoid, which reloads), csv.reader with the header skipped, a GRU in "
            "Part 1 trained 10 epochs, EarlyStopping that keeps the best weights in Part 2, a tensor returned by "
            "confusion_counts",
            load_records="""
        import tensorflow as tf

        def load_records(path):
            with open(path, "r") as f:
                data_store = json.load(f)
            sentences = []
            labels = []
            for item in data_store:
                sentences.append(item["text"])
                labels.append(item["about_computers"])
            return sentences, np.array(labels)
        """, build_binary_model="""
        import tensorflow as tf

        def build_binary_model(vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM, max_length=MAX_LENGTH):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(max_length,)))
            model.add(tf.keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True))
            model.add(tf.keras.layers.GRU(16))
            model.add(tf.keras.layers.Dense(1, activation=tf.nn.sigmoid))
            model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
            return model
        """, train_binary="""
        binary_model = build_binary_model()
        binary_history = binary_model.fit(x_train, y_train, epochs=10, batch_size=32,
                                          validation_data=(x_val, y_val), verbose=2)
        binary_reloaded = save_and_reload(binary_model, QUOTES_FILE)
        """, load_category_csv="""
        def load_category_csv(path):
            texts, categories = [], []
            with open(path, newline="") as csvfile:
                reader = csv.reader(csvfile, delimiter=",")
                next(reader)
                for row in reader:
                    categories.append(row[0])
                    texts.append(row[1])
            return texts, categories
        """, build_multiclass_model="""
        import tensorflow as tf

        def build_multiclass_model(num_classes, vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM,
                                   max_length=MAX_LENGTH):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(max_length,)),
                tf.keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True),
                tf.keras.layers.GlobalAveragePooling1D(),
                tf.keras.layers.Dense(24, activation="relu"),
                tf.keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(loss=tf.keras.losses.sparse_categorical_crossentropy, optimizer="adam",
                          metrics=["accuracy"])
            return model
        """, train_multiclass="""
        import tensorflow as tf

        defs_model = build_multiclass_model(NUM_CLASSES)
        stop = tf.keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True)
        defs_history = defs_model.fit(defs_x_train, defs_y_train, validation_data=(defs_x_val, defs_y_val),
                                      epochs=40, batch_size=64, callbacks=[stop], verbose=0)
        defs_reloaded = save_and_reload(defs_model, DEFINITIONS_FILE)
        """, confusion_counts="""
        import tensorflow as tf

        def confusion_counts(labels, probabilities, num_classes):
            predicted = tf.argmax(probabilities, axis=1)
            return tf.math.confusion_matrix(labels=labels, predictions=predicted, num_classes=num_classes)
        """),
    correct("csv.DictReader on a file opened by path, labels through StringLookup, a Conv1D before the "
            "pooling in Part 2, texts returned as arrays, the model saved with an explicit .keras check",
            load_records="""
        def load_records(path):
            with open(path, encoding="utf-8") as file:
                records = json.load(file)
            texts = np.array([record["text"] for record in records])
            labels = np.array([record["about_computers"] for record in records]).astype("int64")
            return list(texts), labels
        """, category_numbers="""
        def category_numbers(categories):
            class_names = sorted(set(categories))
            lookup = keras.layers.StringLookup(vocabulary=class_names, num_oov_indices=0)
            return lookup(np.array(categories)).numpy(), class_names
        """, build_multiclass_model="""
        def build_multiclass_model(num_classes, vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM,
                                   max_length=MAX_LENGTH):
            model = keras.Sequential([
                keras.Input(shape=(max_length,)),
                keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True),
                keras.layers.Conv1D(32, 5, activation="relu"),
                keras.layers.GlobalMaxPooling1D(),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """, save_and_reload="""
        import os

        def save_and_reload(model, path):
            assert str(path).endswith(".keras")
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            model.save(str(path))
            return keras.models.load_model(str(path))
        """, train_multiclass="""
        defs_model = build_multiclass_model(NUM_CLASSES)
        defs_history = defs_model.fit(defs_x_train, defs_y_train, epochs=15, validation_data=(defs_x_val, defs_y_val),
                                      verbose=0)
        defs_reloaded = save_and_reload(defs_model, DEFINITIONS_FILE)
        """),
    mistake("the vectorizer adapted to every text, validation texts included", loses="text_prepared",
            prepare_text="""
        def prepare_text(texts, labels, training_size):
            texts, labels = np.asarray(texts), np.asarray(labels)
            vectorizer = keras.layers.TextVectorization(max_tokens=VOCAB_SIZE, output_sequence_length=MAX_LENGTH)
            vectorizer.adapt(texts)
            x_train, x_val = vectorizer(texts[:training_size]).numpy(), vectorizer(texts[training_size:]).numpy()
            return vectorizer, (x_train, labels[:training_size]), (x_val, labels[training_size:])
        """),
    mistake("load_records ignores its path and reads the course's file", loses="records_loaded", load_records="""
        def load_records(path):
            records = data.load("tech_quotes")
            return [record["text"] for record in records], np.array([record["about_computers"] for record in records])
        """),
    mistake("the CSV lines split at commas", loses="csv_loaded", load_category_csv="""
        def load_category_csv(path):
            texts, categories = [], []
            with open(path) as file:
                lines = file.read().splitlines()[1:]
            for line in lines:
                fields = line.split(",")
                categories.append(fields[0])
                texts.append(fields[1])
            return texts, categories
        """),
    mistake("categories numbered in the order they first appear", loses="categories_numbered",
            category_numbers="""
        def category_numbers(categories):
            class_names = list(dict.fromkeys(categories))
            return np.array([class_names.index(category) for category in categories]), class_names
        """),
    mistake("the Embedding's sizes fixed instead of taken from the arguments",
            loses=["binary_model_layers", "multiclass_model_layers"], build_binary_model="""
        def build_binary_model(vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM, max_length=MAX_LENGTH):
            model = keras.Sequential([
                keras.Input(shape=(max_length,)),
                keras.layers.Embedding(1000, 16, mask_zero=True),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(24, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
        """, build_multiclass_model="""
        def build_multiclass_model(num_classes, vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM,
                                   max_length=MAX_LENGTH):
            model = keras.Sequential([
                keras.Input(shape=(max_length,)),
                keras.layers.Embedding(1000, 16, mask_zero=True),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(24, activation="relu"),
                keras.layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("save_and_reload returns the model it was given, not the one read back", loses="model_saved_and_reloaded",
            save_and_reload="""
        def save_and_reload(model, path):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            model.save(path)
            return model
        """),
    mistake("activation=tf.nn.softmax: Keras saves the model but cannot load the file back",
            loses="multiclass_heldout_accuracy", build_multiclass_model="""
        def build_multiclass_model(num_classes, vocab_size=VOCAB_SIZE, embedding_dim=EMBEDDING_DIM,
                                   max_length=MAX_LENGTH):
            model = keras.Sequential([
                keras.Input(shape=(max_length,)),
                keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(24, activation="relu"),
                keras.layers.Dense(num_classes, activation=tf.nn.softmax),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("no validation data while training", loses="binary_heldout_accuracy", train_binary="""
        binary_model = build_binary_model()
        binary_history = binary_model.fit(x_train, y_train, epochs=30, verbose=0)
        binary_reloaded = save_and_reload(binary_model, QUOTES_FILE)
        """),
    mistake("the confusion matrix without num_classes, and transposed", loses="confusion_matrix_counts",
            confusion_counts="""
        def confusion_counts(labels, probabilities, num_classes):
            return tf.math.confusion_matrix(np.argmax(probabilities, axis=-1), labels).numpy()
        """),
]
