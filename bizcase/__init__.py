"""bizcase: the business case ICT-samenwerking Haarlem-Haarlemmermeer (2013), rebuilt as a model."""
import os

__version__ = "0.1.0"

# openpyxl writes a workbook's XML with lxml when lxml can be imported and with its own writer
# otherwise; lxml came into the .venv with pikepdf (the tagged PDF's test, issue 23). The workbooks'
# bytes, and bizcase.publish.workbook.zipfile_fixed, which finds the formula cells in the XML as
# openpyxl's own writer writes them, are those of its own writer: openpyxl reads this variable once,
# when it is first imported, so it is set here, before any module of the package imports openpyxl
# (and inherited by every process the build starts).
os.environ["OPENPYXL_LXML"] = "False"
