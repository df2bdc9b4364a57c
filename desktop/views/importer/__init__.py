"""The window side of Excel import and export: the import wizard, its preview, the import
history with undo, and the 导出 Excel dialog.  Kept light at import time: the list screens
and main window import :mod:`.hooks`, which loads the rest only when it is used."""
