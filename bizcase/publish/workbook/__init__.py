"""The Excel workbooks of the business case (the live model of formulas among them) and their deterministic zip."""
