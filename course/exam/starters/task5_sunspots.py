# %% [markdown]
# # Task 5 of 5: a sequence model on real numbers
#
# The monthly mean sunspot numbers since 1749 (version 1 of the series, about 0.6 times the
# numbers of the exam's file). Read the CSV file yourself, then build and train a model that
# forecasts next month's number from the 30 months before it. The exam's settings: windows of 30,
# batches of 32, training windows shuffled, and the last months kept aside to validate on.
#
# **Your model must** take windows of 30 monthly values, shape `(None, 30, 1)`, in the file's raw
# units, and give the next month's value, shape `(None, 1)`. Any scaling belongs inside the model.
# Save it as `task5_sunspots.keras` and run `course exam score 5`: it forecasts months it has never
# seen, one step at a time, and is scored by its mean absolute error (MAE): 5 points for an MAE of
# at most 9.85 in this file's units. Those months are hard to beat: forecasting "next month is this
# month" gives an MAE of 10.84, which scores 0.

# %%
import csv

import keras
import numpy as np
import tensorflow as tf

from course import data

path = data.path("sunspots")
print(path)

# %%
# TODO: read the "sunspots" column of the CSV file at `path` into a float32 array
series = None

# %%
# TODO: split it in time, and make windowed tf.data datasets (window 30, batch 32, shuffled training windows)
WINDOW = 30

# %%
# TODO: build a model that takes (30, 1) and gives one value, compile it (an MAE metric helps) and train it
model = None

# %%
model.save("task5_sunspots.keras")
