"""Naive models of the exam's tasks: of the right shape, but untrained (or the naive forecast)."""
import keras


def naive_model(number: int):
    """A model that fits task ``number``'s specification and has learnt nothing."""
    keras.utils.set_random_seed(0)
    if number == 1:
        return keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    if number == 2:
        return keras.Sequential([keras.Input(shape=(8, 8)), keras.layers.Flatten(),
                                 keras.layers.Dense(10, activation="softmax")])
    if number == 3:
        return keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Rescaling(1 / 255),
                                 keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.GlobalAveragePooling2D(),
                                 keras.layers.Dense(3, activation="softmax")])
    if number == 4:
        vectorizer = keras.layers.TextVectorization(max_tokens=1000, output_sequence_length=120)
        vectorizer.adapt(["a few words"])
        return keras.Sequential([keras.Input(shape=(1,), dtype="string"), vectorizer, keras.layers.Embedding(1000, 16),
                                 keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1, activation="sigmoid")])
    # the naive forecast: next month is this month (the window's last value)
    return keras.Sequential([keras.Input(shape=(30, 1)), keras.layers.Cropping1D((29, 0)), keras.layers.Flatten()])
