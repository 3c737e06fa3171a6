"""RevMan 5 review files (.rm5): the only place that knows their XML."""
