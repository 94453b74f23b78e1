"""Statistics of the member roll (issue 4 §5): the standard tables for any unit at any date,
computed in SQL over the tree. `member_statistics` answers; `workbook` writes the .xlsx."""

from dangbo.members.statistics.counting import Read
from dangbo.members.statistics.report import member_statistics
from dangbo.members.statistics.tables import Column, Period, Row, Statistics, Table

__all__ = ["Column", "Period", "Read", "Row", "Statistics", "Table", "member_statistics"]
