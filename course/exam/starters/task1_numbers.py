# %% [markdown]
# # Task 1 of 5: a basic model
#
# The six pairs of numbers below follow one rule. Build and train a model that learns it, so
# that it predicts `y` for numbers it has never seen (the scorer tries numbers from -10 to 20).
#
# **Your model must** take one number per row, shape `(None, 1)`, and give one number per row,
# shape `(None, 1)`. Save it as `task1_numbers.keras` in this folder, then run
# `course exam score 1`. The scorer computes the mean squared error on its own numbers:
# 5 points for an error of at most 0.05 (see `course exam status` for every task's rule).

# %%
import keras
import numpy as np

xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype="float32")
ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype="float32")

# %%
# TODO: build a model that takes one number and gives one number
model = None

# TODO: compile it with a loss for regression, and train it on xs and ys

# %%
print(model.predict(np.array([[10.0]]), verbose=0))  # what does your model say for 10?
model.save("task1_numbers.keras")
