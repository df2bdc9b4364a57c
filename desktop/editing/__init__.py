"""What the document editor knows without Qt: lookups while typing, a line's figures, a
saved document read into plain data, and which actions its state offers.

``desktop.views.editor`` lays these out; keeping them here puts them under mypy and lets
``tests/core`` exercise them without a window."""
