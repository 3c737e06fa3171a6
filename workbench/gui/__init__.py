"""The PySide6 and pyqtgraph user interface; thin views over the session layer."""
