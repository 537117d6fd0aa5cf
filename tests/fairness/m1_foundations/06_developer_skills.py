"""m1_foundations/06_developer_skills: alternative correct solutions and common mistakes."""

import textwrap

from course.instructor.fairness import correct, mistake

SCRIPT_HEAD = '''
%%writefile train_digits.py
"""Train a small digit classifier and save it in the Keras format.

Usage: python train_digits.py --epochs 3 --out saved/script_model.keras
"""
import argparse
import os

import keras

import course.data
'''

SCRIPT_MAIN = '''

def main():
    parser = argparse.ArgumentParser(description="Train a digit classifier and save it.")
    parser.add_argument("--epochs", type=int, default=5, help="number of training epochs")
    parser.add_argument("--out", default="saved/script_model.keras", help="where to save the model (.keras)")
    args = parser.parse_args()
    train(args.epochs, args.out)


if __name__ == "__main__":
    main()
'''


def script(train: str, head: str = SCRIPT_HEAD) -> str:
    """The whole train_script cell: the released lines around the learner's ``train`` function."""
    return head.strip() + "\n\n\n" + textwrap.dedent(train).strip() + "\n" + SCRIPT_MAIN


VARIANTS = [
    correct("pathlib, functional API (compact model of 64 units and script), loss and metric as objects",
            save_and_measure="""
        from pathlib import Path

        def save_and_measure(model, path):
            path = Path(path)
            if path.suffix != ".keras":
                raise ValueError(f"the path must end with .keras (the Keras 3 format), not {path.name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            model.save(path)
            return path.stat().st_size
        """, build_compact_model="""
        def build_compact_model():
            inputs = keras.Input(shape=(64,))
            hidden = keras.layers.Dense(64, activation="relu")(inputs)
            outputs = keras.layers.Dense(10, activation="softmax")(hidden)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, fixed_model="""
        def fixed_model():
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """, compile_for_regression="""
        def compile_for_regression(model):
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError(),
                          metrics=[keras.metrics.MeanAbsoluteError()])
            return model
        """, train_script=script('''
        def train(epochs, out):
            """Train a digit classifier for `epochs` epochs and save it to `out`, a .keras path."""
            digits = course.data.load("digits")
            images, labels = digits["images"], digits["labels"]
            x = images.reshape(len(images), 64).astype("float32") / 16.0
            inputs = keras.Input(shape=(64,))
            hidden = keras.layers.Dense(32, activation="relu")(inputs)
            outputs = keras.layers.Dense(10, activation="softmax")(hidden)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(x, labels, epochs=epochs, batch_size=32, verbose=2)
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            model.save(out)
        ''', head=SCRIPT_HEAD.replace("import os\n", "import os\nfrom pathlib import Path\n"))),
    correct("tf.keras (script too), save_model functions, losses and metric as functions",
            save_and_measure="""
        def save_and_measure(model, path):
            if not str(path).endswith(".keras"):
                raise ValueError("save_and_measure needs a path ending in .keras")
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            keras.saving.save_model(model, path)
            return os.path.getsize(path)
        """, build_compact_model="""
        def build_compact_model():
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(64,)),
                tf.keras.layers.Dense(32, activation="relu"),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """, fixed_model="""
        def fixed_model():
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(64,)),
                tf.keras.layers.Dense(32, activation="relu"),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy,
                          metrics=["accuracy"])
            return model
        """, compile_for_regression="""
        def compile_for_regression(model):
            model.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.mse,
                          metrics=[tf.keras.metrics.mae])
            return model
        """, train_script=script('''
        def train(epochs, out):
            """Train a digit classifier for `epochs` epochs and save it to `out`, a .keras path."""
            digits = course.data.load("digits")
            x = digits["images"].reshape(-1, 64).astype("float32") / 16
            y = digits["labels"]
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(64,)),
                tf.keras.layers.Dense(32, activation="relu"),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            model.fit(x, y, epochs=epochs, verbose=2)
            os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
            tf.keras.models.save_model(model, out)
            print("saved", out, os.path.getsize(out), "bytes")
        ''', head=SCRIPT_HEAD.replace("import keras\n", "import keras\nimport tensorflow as tf\n"))),
    correct("layers added one by one, keywords in another order, metric by its full name",
            build_compact_model="""
        def build_compact_model():
            model = keras.Sequential()
            model.add(keras.Input(shape=(64,)))
            model.add(keras.layers.Dense(32, activation="relu"))
            model.add(keras.layers.Dense(10, activation="softmax"))
            model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
            return model
        """, fixed_model="""
        def fixed_model():
            model = keras.Sequential()
            model.add(keras.Input(shape=(64,)))
            model.add(keras.layers.Dense(32, activation="relu"))
            model.add(keras.layers.Dense(10, activation="softmax"))
            model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
            return model
        """, compile_for_regression="""
        def compile_for_regression(model):
            model.compile(loss="mean_squared_error", metrics=["mean_absolute_error"], optimizer="adam")
            return model
        """),
    mistake("saves before checking the extension", loses="model_saved_and_reloaded", save_and_measure="""
        def save_and_measure(model, path):
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            model.save(path)
            if not path.endswith(".keras"):
                raise ValueError(f"expected a path ending in .keras, got {path!r}")
            return os.path.getsize(path)
        """),
    mistake("a hidden layer of 128 units (more than 5,000 parameters)",
            loses="compact_model_is_small_and_accurate", build_compact_model="""
        def build_compact_model():
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("fixes the input shape only, keeps categorical_crossentropy", loses="error_fixed", fixed_model="""
        def fixed_model():
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("compile arguments passed by position, Keras 2 style", loses="compile_uses_keywords",
            compile_for_regression="""
        def compile_for_regression(model):
            model.compile("adam", "mse", ["mae"])
            return model
        """),
    mistake("script saves to a fixed path, ignoring --out", loses="script_trains_and_saves", train_script=script('''
        def train(epochs, out):
            """Train a digit classifier for `epochs` epochs and save it to `out`, a .keras path."""
            digits = course.data.load("digits")
            x = digits["images"].reshape(-1, 64).astype("float32") / 16
            y = digits["labels"]
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(x, y, epochs=epochs, verbose=2)
            os.makedirs("saved", exist_ok=True)
            model.save("saved/script_model.keras")
        ''')),
    mistake("script ignores --epochs", loses="script_trains_and_saves", train_script=script('''
        def train(epochs, out):
            """Train a digit classifier for `epochs` epochs and save it to `out`, a .keras path."""
            digits = course.data.load("digits")
            x = digits["images"].reshape(-1, 64).astype("float32") / 16
            y = digits["labels"]
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(x, y, epochs=3, verbose=2)
            folder = os.path.dirname(out)
            if folder:
                os.makedirs(folder, exist_ok=True)
            model.save(out)
        ''')),
]
