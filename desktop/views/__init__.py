"""The PySide6 desktop GUI: thin screens over the core services and queries."""

from desktop.views.compat import protect_none

protect_none()
