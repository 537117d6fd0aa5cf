"""m1_foundations/01_first_model: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("functional API, loss and optimizer as objects", build_linear_model="""
        def build_linear_model():
            inputs = keras.Input(shape=(1,))
            outputs = keras.layers.Dense(1)(inputs)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.SGD(0.01), loss=keras.losses.MeanSquaredError())
            return model
        """),
    correct("tf.keras, loss as the function tf.keras.losses.mse, 1,000 epochs", build_linear_model="""
        import tensorflow as tf

        def build_linear_model():
            model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, activation="linear")])
            model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01),
                          loss=tf.keras.losses.mse)
            return model
        """, train_linear_model="""
        def train_linear_model(xs, ys):
            model = build_linear_model()
            model.fit(xs, ys, epochs=1000, verbose=0)
            return model
        """),
    correct("layers added one by one, loss by its full name, 500 epochs", build_linear_model="""
        def build_linear_model():
            model = keras.Sequential()
            model.add(keras.Input(shape=(1,)))
            model.add(keras.layers.Dense(units=1))
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mean_squared_error")
            return model
        """, train_linear_model="""
        def train_linear_model(xs, ys):
            model = build_linear_model()
            model.fit(x=xs, y=ys, epochs=500, verbose=0)
            return model
        """),
    mistake("an activation on the output", loses=["linear_model_shapes", "linear_model_predicts_new_x"],
            build_linear_model="""
        def build_linear_model():
            model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="relu")])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
            return model
        """),
    mistake("too few epochs", loses="linear_model_predicts_new_x", train_linear_model="""
        def train_linear_model(xs, ys):
            model = build_linear_model()
            model.fit(xs, ys, epochs=20, verbose=0)
            return model
        """),
]
