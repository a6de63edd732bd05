"""Exporters: ``ReportSink`` adapters writing CSV (stdlib ``csv``) and Excel ``.xlsx``
(openpyxl write-only, imported when an XlsxSink is made: the ``custreg[excel]`` extra), plus an
in-memory collector."""

from custreg.adapters.exports.collect import CollectingSink
from custreg.adapters.exports.csv_sink import CsvSink
from custreg.adapters.exports.xlsx_sink import XlsxSink

__all__ = ["CollectingSink", "CsvSink", "XlsxSink"]
