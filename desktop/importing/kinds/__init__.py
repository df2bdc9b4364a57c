"""Import kinds: one handler per kind of list (see ``base.Handler``)."""
