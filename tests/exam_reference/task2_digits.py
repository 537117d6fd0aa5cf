"""Exam task 2, answered: the starter with its TODOs done (the seed comes from EXAM_SEED)."""
import os

import keras

from course import data

keras.utils.set_random_seed(int(os.environ.get("EXAM_SEED", "1")))
digits = data.load("digits")
images, labels = digits["images"].astype("float32"), digits["labels"]

model = keras.Sequential([
    keras.Input(shape=(8, 8)),
    keras.layers.Rescaling(1 / 16),
    keras.layers.Flatten(),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, labels, validation_split=0.15, epochs=40, batch_size=32, verbose=0,
          callbacks=[keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True)])
model.save("task2_digits.keras")
