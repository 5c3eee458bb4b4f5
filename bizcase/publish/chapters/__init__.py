"""The content of each chapter: functions that return the blocks a chapter notebook shows.

One module per chapter of the report. Each function takes the :class:`~bizcase.publish.chapter.Chapter`
and returns text, tables and charts built from the figure layer (:mod:`bizcase.publish.figures`),
with the prose from the chapter's text file (:mod:`bizcase.publish.texts`).
"""
