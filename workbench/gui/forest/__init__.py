"""RevMan-style forest plot, funnel plot and figure export (pyqtgraph items fed with setData)."""
