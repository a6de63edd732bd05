"""Report definitions as data (X1-X4, U5): levels, the column catalogue, filters, sort, the
validated plan an adapter answers, how raw rows are presented, and spreadsheet-safe cell text.

A report is a plain value (``ReportDefinition``) that a host can store, show in a form or read from
JSON (``definition_from_mapping``). ``plan_report`` checks it against the organisation's settings
and the principal and returns a ``ReportPlan``: what adapters answer (rows of *raw* stored values,
ids instead of names) and how those raw values are *presented* (names, local times, canonical
money), so that every adapter gives the same cells for the same data.

Everything here is pure. The package holds one module per job: ``columns`` (levels and the
column catalogue), ``filters``, ``definition`` (sort keys, definitions, the built-in reports),
``plan``, ``presentation`` (presented cells and the export header) and ``cell_safety`` (X4: what a
text cell may hold and formula neutralisation); it re-exports every public name. Writing cells as
text for a file is the exporters' job (``custreg.adapters.exports.cell_text``).
"""

from custreg.domain.reports.cell_safety import FORMULA_PREFIXES
from custreg.domain.reports.cell_safety import FORMULA_TRIGGERS
from custreg.domain.reports.cell_safety import MAX_CELL_LENGTH
from custreg.domain.reports.cell_safety import NEUTRALISER
from custreg.domain.reports.cell_safety import cell_safe_text
from custreg.domain.reports.cell_safety import neutralise_formula
from custreg.domain.reports.cell_safety import spreadsheet_text
from custreg.domain.reports.cell_safety import starts_formula
from custreg.domain.reports.columns import ALL_LEVELS
from custreg.domain.reports.columns import NOTE_LEVELS
from custreg.domain.reports.columns import ORDER_KEYS
from custreg.domain.reports.columns import PROJECT_LEVELS
from custreg.domain.reports.columns import STANDARD_COLUMNS
from custreg.domain.reports.columns import CellType
from custreg.domain.reports.columns import Column
from custreg.domain.reports.columns import Presentation
from custreg.domain.reports.columns import ReportLevel
from custreg.domain.reports.columns import column_catalogue
from custreg.domain.reports.columns import find_column
from custreg.domain.reports.definition import BUILTIN_REPORTS
from custreg.domain.reports.definition import COLUMN_KEY_MAX_LENGTH
from custreg.domain.reports.definition import MAX_COLUMNS
from custreg.domain.reports.definition import TITLE_MAX_LENGTH
from custreg.domain.reports.definition import ReportDefinition
from custreg.domain.reports.definition import SortKey
from custreg.domain.reports.definition import builtin_report
from custreg.domain.reports.definition import definition_from_mapping
from custreg.domain.reports.filters import FILTER_LEVELS
from custreg.domain.reports.filters import FILTER_NAMES
from custreg.domain.reports.filters import KEYWORD_MAX_LENGTH
from custreg.domain.reports.filters import ReportFilters
from custreg.domain.reports.filters import check_filters
from custreg.domain.reports.filters import parse_filters
from custreg.domain.reports.plan import TIEBREAKER
from custreg.domain.reports.plan import ReportPlan
from custreg.domain.reports.plan import plan_report
from custreg.domain.reports.presentation import CellValue
from custreg.domain.reports.presentation import Converter
from custreg.domain.reports.presentation import ReportHeader
from custreg.domain.reports.presentation import chunk_presenter
from custreg.domain.reports.presentation import local_time
from custreg.domain.reports.presentation import row_presenter

__all__ = [
    "ALL_LEVELS",
    "BUILTIN_REPORTS",
    "COLUMN_KEY_MAX_LENGTH",
    "FILTER_LEVELS",
    "FILTER_NAMES",
    "FORMULA_PREFIXES",
    "FORMULA_TRIGGERS",
    "KEYWORD_MAX_LENGTH",
    "MAX_CELL_LENGTH",
    "MAX_COLUMNS",
    "NEUTRALISER",
    "NOTE_LEVELS",
    "ORDER_KEYS",
    "PROJECT_LEVELS",
    "STANDARD_COLUMNS",
    "TIEBREAKER",
    "TITLE_MAX_LENGTH",
    "CellType",
    "CellValue",
    "Column",
    "Converter",
    "Presentation",
    "ReportDefinition",
    "ReportFilters",
    "ReportHeader",
    "ReportLevel",
    "ReportPlan",
    "SortKey",
    "builtin_report",
    "cell_safe_text",
    "check_filters",
    "chunk_presenter",
    "column_catalogue",
    "definition_from_mapping",
    "find_column",
    "local_time",
    "neutralise_formula",
    "parse_filters",
    "plan_report",
    "row_presenter",
    "spreadsheet_text",
    "starts_formula",
]
