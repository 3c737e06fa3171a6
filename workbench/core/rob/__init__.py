"""Risk-of-bias tools as data and the evaluator of their algorithms."""
