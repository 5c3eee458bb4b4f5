"""What readers see: the figure layer, Dutch labels and texts, tables, charts, chapters, workbooks, logs."""
