"""m1_foundations/02_classification: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("labels with np.where, Sequential built with add(), losses and optimizers as objects, "
            "iris read into a DataFrame",
            load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(path)
            diagnosis = table.pop("diagnosis")
            features = table.to_numpy(dtype="float32")
            labels = np.where(diagnosis == "malignant", 1, 0)
            return features, labels
        """, build_binary_classifier="""
        def build_binary_classifier(normalizer):
            model = keras.Sequential()
            model.add(keras.Input(shape=(30,)))
            model.add(normalizer)
            model.add(keras.layers.Dense(16, activation="relu"))
            model.add(keras.layers.Dense(1, activation="sigmoid"))
            model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(),
                          metrics=["accuracy"])
            return model
        """, load_iris="""
        def load_iris(path, class_names):
            with open(path) as file:
                table = pd.DataFrame(json.load(file))
            features = table[["sepal_length", "sepal_width", "petal_length", "petal_width"]].to_numpy("float32")
            labels = table["species"].map(class_names.index).to_numpy()
            return features, labels
        """, build_multiclass_classifier="""
        def build_multiclass_classifier(normalizer, n_classes):
            model = keras.Sequential()
            model.add(keras.Input(shape=(4,)))
            model.add(normalizer)
            model.add(keras.layers.Dense(16, activation="relu"))
            model.add(keras.layers.Dense(n_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
            return model
        """),
    correct("tf.keras, losses as functions, labels mapped from a dict, iris read in a loop, "
            "plot with epochs from 1 and titles",
            load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(path)
            features = table.drop(columns=["diagnosis"]).to_numpy(dtype=np.float32)
            labels = table["diagnosis"].map({"benign": 0, "malignant": 1}).to_numpy()
            return features, labels
        """, build_binary_classifier="""
        import tensorflow as tf

        def build_binary_classifier(normalizer):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(30,)),
                normalizer,
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1, activation="sigmoid"),
            ])
            model.compile(optimizer="adam", loss=tf.keras.losses.binary_crossentropy, metrics=["accuracy"])
            return model
        """, load_iris="""
        def load_iris(path, class_names):
            with open(path) as file:
                records = json.loads(file.read())
            features, labels = [], []
            for record in records:
                features.append([record["sepal_length"], record["sepal_width"],
                                 record["petal_length"], record["petal_width"]])
                labels.append(class_names.index(record["species"]))
            return np.array(features, dtype=np.float32), np.array(labels)
        """, build_multiclass_classifier="""
        import tensorflow as tf

        def build_multiclass_classifier(normalizer, n_classes):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(4,)),
                normalizer,
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(n_classes, activation="softmax"),
            ])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                          loss=tf.keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
            return model
        """, plot_curves="""
        def plot_curves(history):
            logs = history.history
            epochs = range(1, len(logs["loss"]) + 1)
            fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 4))
            loss_ax.plot(epochs, logs["loss"], label="training")
            loss_ax.plot(epochs, logs["val_loss"], label="validation")
            loss_ax.set_title("Loss")
            loss_ax.set_xlabel("epoch")
            loss_ax.set_ylabel("loss")
            loss_ax.legend()
            accuracy_ax.plot(epochs, logs["accuracy"], label="training")
            accuracy_ax.plot(epochs, logs["val_accuracy"], label="validation")
            accuracy_ax.set_title("Accuracy")
            accuracy_ax.set_xlabel("epoch")
            accuracy_ax.set_ylabel("accuracy")
            accuracy_ax.legend()
            return fig
        """),
    correct("activations as functions, features with .values, plot drawn with pyplot's subplot",
            load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(path)
            features = table.drop("diagnosis", axis=1).astype("float32").values
            labels = (table["diagnosis"] == "malignant").to_numpy().astype(int)
            return features, labels
        """, build_binary_classifier="""
        def build_binary_classifier(normalizer):
            model = keras.Sequential([
                keras.Input(shape=(30,)),
                normalizer,
                keras.layers.Dense(units=16, activation=keras.activations.relu),
                keras.layers.Dense(units=1, activation=keras.activations.sigmoid),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
        """, build_multiclass_classifier="""
        def build_multiclass_classifier(normalizer, n_classes):
            model = keras.Sequential([
                keras.Input(shape=(4,)),
                normalizer,
                keras.layers.Dense(units=16, activation=keras.activations.relu),
                keras.layers.Dense(units=n_classes, activation=keras.activations.softmax),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model
        """, plot_curves="""
        def plot_curves(history):
            fig = plt.figure(figsize=(10, 4))
            for position, metric in enumerate(["loss", "accuracy"], start=1):
                plt.subplot(1, 2, position)
                plt.plot(history.history[metric], label=f"training {metric}")
                plt.plot(history.history["val_" + metric], label=f"validation {metric}")
                plt.xlabel("epoch")
                plt.ylabel(metric)
                plt.legend()
            return fig
        """),
    mistake("labels reversed (1 = benign)",
            loses=["reads_csv_into_arrays", "binary_classifier_heldout_accuracy"], load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(path)
            features = table.drop(columns="diagnosis").to_numpy("float32")
            labels = (table["diagnosis"] == "benign").astype("int32").to_numpy()
            return features, labels
        """),
    mistake("features left as float64", loses="reads_csv_into_arrays", load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(path)
            features = table.drop(columns="diagnosis").to_numpy()
            labels = (table["diagnosis"] == "malignant").astype("int32").to_numpy()
            return features, labels
        """),
    mistake("softmax on the single output unit",
            loses=["binary_classifier_shapes", "binary_classifier_heldout_accuracy"], build_binary_classifier="""
        def build_binary_classifier(normalizer):
            model = keras.Sequential([
                keras.Input(shape=(30,)),
                normalizer,
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("iris labels numbered alphabetically with np.unique, ignoring class_names",
            loses="reads_json_into_arrays", load_iris="""
        def load_iris(path, class_names):
            with open(path) as file:
                records = json.load(file)
            measurements = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
            features = np.array([[record[name] for name in measurements] for record in records], dtype="float32")
            species = [record["species"] for record in records]
            _, labels = np.unique(species, return_inverse=True)
            return features, labels
        """),
    mistake("categorical_crossentropy with integer labels",
            loses=["multiclass_classifier_shapes", "multiclass_classifier_heldout_accuracy"],
            build_multiclass_classifier="""
        def build_multiclass_classifier(normalizer, n_classes):
            model = keras.Sequential([
                keras.Input(shape=(4,)),
                normalizer,
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(n_classes, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                          loss="categorical_crossentropy", metrics=["accuracy"])
            return model
        """),
    mistake("load_cancer reads the shipped file instead of the file at path", loses="reads_csv_into_arrays",
            load_cancer="""
        def load_cancer(path):
            table = pd.read_csv(course.data.path("breast_cancer"))
            features = table.drop(columns="diagnosis").to_numpy("float32")
            labels = (table["diagnosis"] == "malignant").astype("int32").to_numpy()
            return features, labels
        """),
    mistake("load_iris reads the shipped file instead of the file at path", loses="reads_json_into_arrays",
            load_iris="""
        def load_iris(path, class_names):
            with open(course.data.path("iris")) as file:
                records = json.load(file)
            measurements = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
            features = np.array([[record[name] for name in measurements] for record in records], dtype="float32")
            labels = np.array([class_names.index(record["species"]) for record in records], dtype="int32")
            return features, labels
        """),
    mistake("plot_curves shows the figure but does not return it", loses="plot_shows_loss_and_accuracy",
            plot_curves="""
        def plot_curves(history):
            fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
            for ax, metric in zip(axes, ["loss", "accuracy"]):
                ax.plot(history.history[metric], label="training")
                ax.plot(history.history[f"val_{metric}"], label="validation")
                ax.set_xlabel("epoch")
                ax.set_ylabel(metric)
                ax.legend()
            plt.show()
        """),
]
