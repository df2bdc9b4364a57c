"""Lists and reports out to Excel (.xlsx) and CSV, and blank import templates.

``xlsx.write_xlsx`` writes a sheet that looks like a ledger made by hand (title row with the
firm and date range, frozen header, number/date formats, widths, totals row); ``csv_out``
writes UTF-8 with BOM or GBK; ``safe.neutralise`` keeps text from ever becoming a formula.
"""

from desktop.exporting.safe import neutralise
from desktop.exporting.table import Column, Sheet

__all__ = ["Column", "Sheet", "neutralise"]
