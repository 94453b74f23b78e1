"""Reading spreadsheet files for the import engine: pure Python, no Django, no database.

`read_file(data, filename)` turns the bytes of an xlsx, xls, ods or csv file into a Workbook of
Sheets whose cells are clean Python values (see Sheet), or raises ReadError with a Vietnamese
sentence for the user. Formulas are never evaluated: their cached results are read.
"""

from dangbo.imports.reading.base import CellValue, ReadError, Sheet, Workbook
from dangbo.imports.reading.cells import clip_merged
from dangbo.imports.reading.reader import read_file

__all__ = ["CellValue", "ReadError", "Sheet", "Workbook", "clip_merged", "read_file"]
