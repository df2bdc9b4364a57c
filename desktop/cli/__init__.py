"""The headless command line over the same core as the window."""
