"""m4_time_series/01_series_and_baselines: alternative correct solutions and common mistakes."""

from course.instructor.fairness import correct, mistake

VARIANTS = [
    correct("loops over plain Python lists", centred_moving_average="""
        def centred_moving_average(values, window):
            values = list(values)
            return np.array([sum(values[i:i + window]) / window for i in range(len(values) - window + 1)])
        """, naive_forecast="""
        def naive_forecast(values, start):
            return np.array([values[t - 1] for t in range(start, len(values))])
        """, mae_and_mse="""
        def mae_and_mse(y_true, y_pred):
            errors = [float(t) - float(p) for t, p in zip(y_true, y_pred)]
            mae = sum(abs(e) for e in errors) / len(errors)
            mse = sum(e * e for e in errors) / len(errors)
            return mae, mse
        """, trailing_moving_average="""
        def trailing_moving_average(values, window, start):
            forecast = []
            for t in range(start, len(values)):
                forecast.append(np.mean(values[t - window:t]))
            return np.array(forecast)
        """),
    correct("pandas rolling windows", centred_moving_average="""
        import pandas as pd

        def centred_moving_average(values, window):
            return pd.Series(values).rolling(window, center=True).mean().dropna().to_numpy()
        """, naive_forecast="""
        import pandas as pd

        def naive_forecast(values, start):
            return pd.Series(values).shift(1).to_numpy()[start:]
        """, mae_and_mse="""
        def mae_and_mse(y_true, y_pred):
            errors = np.subtract(y_true, y_pred)
            return float(np.abs(errors).mean()), float(np.square(errors).mean())
        """, trailing_moving_average="""
        import pandas as pd

        def trailing_moving_average(values, window, start):
            return pd.Series(values).rolling(window).mean().shift(1).to_numpy()[start:]
        """),
    correct("sliding windows and cumulative sums in float32", centred_moving_average="""
        def centred_moving_average(values, window):
            windows = np.lib.stride_tricks.sliding_window_view(np.asarray(values), window)
            return windows.mean(axis=1)
        """, naive_forecast="""
        def naive_forecast(values, start):
            return np.roll(np.asarray(values), 1)[start:]
        """, mae_and_mse="""
        def mae_and_mse(y_true, y_pred):
            y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
            return float(np.mean(np.abs(y_true - y_pred))), float(np.mean((y_true - y_pred) ** 2))
        """, trailing_moving_average="""
        def trailing_moving_average(values, window, start):
            sums = np.concatenate([[0.0], np.cumsum(np.asarray(values, dtype="float32"))])
            steps = np.arange(start, len(values))
            return (sums[steps] - sums[steps - window]) / window
        """),
    mistake("the trailing window includes the month it forecasts", loses="trailing_average_uses_only_the_past",
            trailing_moving_average="""
        def trailing_moving_average(values, window, start):
            values = np.asarray(values, dtype="float64")
            return np.array([values[t - window + 1:t + 1].mean() for t in range(start, len(values))])
        """),
    mistake("the naive forecast copies the month itself", loses="naive_forecast_lines_up", naive_forecast="""
        def naive_forecast(values, start):
            return np.asarray(values)[start:]
        """),
    mistake("a centred average padded to full length (mode='same')", loses="centred_average_is_centred",
            centred_moving_average="""
        def centred_moving_average(values, window):
            return np.convolve(values, np.ones(window) / window, mode="same")
        """),
    mistake("the root of the MSE instead of the MSE", loses="mae_and_mse_by_hand", mae_and_mse="""
        def mae_and_mse(y_true, y_pred):
            errors = np.asarray(y_true, dtype="float64") - np.asarray(y_pred, dtype="float64")
            return float(np.mean(np.abs(errors))), float(np.sqrt(np.mean(errors ** 2)))
        """),
]
