"""Open projects, run Commands with undo and redo, and report Changes to the views."""
