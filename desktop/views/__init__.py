"""The PySide6 desktop GUI: thin screens over the core services and queries."""
