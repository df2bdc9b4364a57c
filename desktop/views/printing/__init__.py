"""The window side of printing: preview, print, save as PDF, batch statements, printer offsets.

All PDF building goes through the core (``desktop.printing.builders`` and
``desktop.printing.jobs``): a preview only reads; a real print or a saved PDF
records the print (``print_count``) on the writer thread, so a later copy is
marked 补打 just as from the command line.
"""
