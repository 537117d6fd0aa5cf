# %% [markdown]
# # Task 2 of 5: a classifier on a well-known dataset
#
# Scikit-learn's handwritten digits: 8x8 images of raw pixel values from 0 to 16, each labelled
# with the digit it shows. Build and train a classifier of the ten digits.
#
# **Your model must** take 8x8 images of raw pixel values (0 to 16), shape `(None, 8, 8)`, and give
# ten probabilities per image, shape `(None, 10)`, in the order of the digits 0 to 9. Any scaling
# belongs inside the model. Save it as `task2_digits.keras` and run `course exam score 2`: it is
# scored by its accuracy on digits it has never seen.

# %%
import keras
import numpy as np

from course import data

digits = data.load("digits")
images, labels = digits["images"].astype("float32"), digits["labels"]
print(images.shape, labels.shape, images.min(), images.max())

# %%
# TODO: build a model that takes images of shape (8, 8) and gives 10 probabilities
model = None

# TODO: compile it and train it, keeping part of the data aside to validate on

# %%
model.save("task2_digits.keras")
