"""m1_foundations/04_data_pipelines: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("map before shuffle with tf.expand_dims, functional API with optimizer and loss as objects, "
            "argmax as an array method",
            make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            def scale(image, label):
                image = tf.cast(image, tf.float32) / 16.0
                return tf.expand_dims(image, axis=-1), label

            dataset = tf.data.Dataset.from_tensor_slices((images, labels))
            dataset = dataset.map(scale, num_parallel_calls=tf.data.AUTOTUNE)
            if shuffle:
                dataset = dataset.shuffle(buffer_size=len(images), seed=42)
            return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
        """, build_digit_model="""
        def build_digit_model():
            inputs = keras.Input(shape=(8, 8, 1))
            x = keras.layers.Flatten()(inputs)
            x = keras.layers.Dense(64, activation="relu")(x)
            outputs = keras.layers.Dense(10, activation="softmax")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, to_model_input="""
        def to_model_input(flat_rows):
            rows = np.array(flat_rows, dtype=np.float32)
            return rows.reshape(len(rows), 8, 8, 1) / 16
        """, predicted_labels="""
        def predicted_labels(model, x):
            return model.predict(x, verbose=0).argmax(axis=1)
        """),
    correct("scaled with NumPy before the dataset, tf.keras model built with add() and the loss as a function, "
            "labels from tf.argmax",
            make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            scaled = np.asarray(images, dtype="float32").reshape(-1, 8, 8, 1) / 16.0
            dataset = tf.data.Dataset.from_tensor_slices((scaled, labels))
            if shuffle:
                dataset = dataset.shuffle(len(scaled), seed=42)
            dataset = dataset.batch(batch_size)
            return dataset.prefetch(buffer_size=tf.data.AUTOTUNE)
        """, build_digit_model="""
        def build_digit_model():
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(8, 8, 1)))
            model.add(tf.keras.layers.Flatten())
            model.add(tf.keras.layers.Dense(64, activation="relu"))
            model.add(tf.keras.layers.Dense(10, activation="softmax"))
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """, to_model_input="""
        def to_model_input(flat_rows):
            scaled = np.asarray(flat_rows, dtype="float32") / 16
            return scaled.reshape(-1, 8, 8)[..., np.newaxis]
        """, predicted_labels="""
        def predicted_labels(model, x):
            probabilities = model.predict(x, verbose=0)
            return tf.argmax(probabilities, axis=-1).numpy()
        """),
    correct("lambda with tf.reshape in map, one step per line, loss by its full name, int32 labels",
            make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            dataset = tf.data.Dataset.from_tensor_slices((images, labels))
            if shuffle:
                dataset = dataset.shuffle(buffer_size=len(images), seed=42)
            dataset = dataset.map(lambda image, label: (tf.reshape(tf.cast(image, tf.float32) / 16.0, (8, 8, 1)),
                                                        label))
            dataset = dataset.batch(batch_size=batch_size)
            dataset = dataset.prefetch(tf.data.AUTOTUNE)
            return dataset
        """, build_digit_model="""
        def build_digit_model():
            model = keras.Sequential([
                keras.Input(shape=(8, 8, 1)),
                keras.layers.Flatten(),
                keras.layers.Dense(units=64, activation="relu"),
                keras.layers.Dense(units=10, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """, predicted_labels="""
        def predicted_labels(model, x):
            probabilities = model.predict(x, verbose=0)
            return np.argmax(probabilities, axis=-1).astype("int32")
        """),
    mistake("batches before shuffling", loses="dataset_shapes_and_batches", make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            def prepare(image, label):
                return tf.cast(image, tf.float32)[..., tf.newaxis] / 16.0, label

            dataset = tf.data.Dataset.from_tensor_slices((images, labels)).map(prepare)
            dataset = dataset.batch(batch_size)
            if shuffle:
                dataset = dataset.shuffle(len(images), seed=42)
            return dataset.prefetch(tf.data.AUTOTUNE)
        """),
    mistake("always shuffles, even with shuffle=False", loses="dataset_shapes_and_batches", make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            def prepare(image, label):
                return tf.cast(image, tf.float32)[..., tf.newaxis] / 16.0, label

            dataset = tf.data.Dataset.from_tensor_slices((images, labels))
            dataset = dataset.shuffle(len(images), seed=42).map(prepare)
            return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
        """),
    mistake("drops the last, smaller batch", loses="dataset_shapes_and_batches", make_dataset="""
        def make_dataset(images, labels, batch_size=32, shuffle=True):
            def prepare(image, label):
                return tf.cast(image, tf.float32)[..., tf.newaxis] / 16.0, label

            dataset = tf.data.Dataset.from_tensor_slices((images, labels))
            if shuffle:
                dataset = dataset.shuffle(len(images), seed=42)
            return dataset.map(prepare).batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
        """),
    mistake("to_model_input returns float64", loses="test_data_matches_input_shape", to_model_input="""
        def to_model_input(flat_rows):
            return np.asarray(flat_rows).reshape(-1, 8, 8, 1) / 16
        """),
    mistake("to_model_input works on arrays only, not on a list of rows", loses="test_data_matches_input_shape",
            to_model_input="""
        def to_model_input(flat_rows):
            return flat_rows.astype("float32").reshape(-1, 8, 8, 1) / 16
        """),
    mistake("argmax without an axis", loses="outputs_match_labels", predicted_labels="""
        def predicted_labels(model, x):
            probabilities = model.predict(x, verbose=0)
            return np.argmax(probabilities)
        """),
]
