"""Workshop mode: the presentation view a guideline panel follows on a projector."""
