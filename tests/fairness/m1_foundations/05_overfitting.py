"""m1_foundations/05_overfitting: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional API, optimizer and loss as objects", build_regularized_model="""
        def build_regularized_model(dropout_rate=0.5):
            inputs = keras.Input(shape=(64,))
            x = keras.layers.Dense(128, activation="relu")(inputs)
            x = keras.layers.Dropout(dropout_rate)(x)
            x = keras.layers.Dense(128, activation="relu")(x)
            x = keras.layers.Dropout(dropout_rate)(x)
            outputs = keras.layers.Dense(10, activation="softmax")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """),
    correct("tf.keras, layers added one by one, Dropout(rate=...)", build_regularized_model="""
        import tensorflow as tf

        def build_regularized_model(dropout_rate=0.5):
            model = tf.keras.Sequential()
            model.add(tf.keras.Input(shape=(64,)))
            model.add(tf.keras.layers.Dense(128, activation="relu"))
            model.add(tf.keras.layers.Dropout(rate=dropout_rate))
            model.add(tf.keras.layers.Dense(128, activation="relu"))
            model.add(tf.keras.layers.Dropout(rate=dropout_rate))
            model.add(tf.keras.layers.Dense(10, activation="softmax"))
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    correct("hidden layers added in a loop, loss as a function", build_regularized_model="""
        def build_regularized_model(dropout_rate=0.5):
            model = keras.Sequential([keras.Input(shape=(64,))])
            for _ in range(2):
                model.add(keras.layers.Dense(128, activation="relu"))
                model.add(keras.layers.Dropout(dropout_rate))
            model.add(keras.layers.Dense(10, activation="softmax"))
            model.compile(optimizer="adam", loss=keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            return model
        """),
    mistake("fixed Dropout(0.5) instead of the argument", loses="dropout_model_structure",
            build_regularized_model="""
        def build_regularized_model(dropout_rate=0.5):
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("Dropout before each hidden layer instead of after it", loses="dropout_model_structure",
            build_regularized_model="""
        def build_regularized_model(dropout_rate=0.5):
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dropout(dropout_rate),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dropout(dropout_rate),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("compiled without the accuracy metric", loses="dropout_reduces_overfitting",
            build_regularized_model="""
        def build_regularized_model(dropout_rate=0.5):
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dropout(dropout_rate),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dropout(dropout_rate),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            return model
        """),
]
