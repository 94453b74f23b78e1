"""Printable documents of the member roll in the Party's format (HD 36-HD/VPTW): the member
summary (mẫu 2-HSĐV) and the list of badges due, as PDF, DOCX and xlsx."""
