"""One editor for every document kind: header, lines table, totals and credit panel."""
