"""Exam task 1, answered: the starter with its TODOs done (the seed comes from EXAM_SEED)."""
import os

import keras
import numpy as np

keras.utils.set_random_seed(int(os.environ.get("EXAM_SEED", "1")))
xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype="float32")
ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype="float32")

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mean_squared_error")
model.fit(xs.reshape(-1, 1), ys, epochs=400, verbose=0)

print(model.predict(np.array([[10.0]]), verbose=0))
model.save("task1_numbers.keras")
