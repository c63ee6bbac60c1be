"""The read-back's entry point, kept for its callers: the code lives in ``ateliers.lecture``."""

from .lecture import Notice, Reading, Row, Sheets, Unrecognised, fold, parse_statut, read_sheets, split_acteurs
from .lecture.statuts import STATUTS

__all__ = ["STATUTS", "Notice", "Reading", "Row", "Sheets", "Unrecognised", "fold", "parse_statut", "read_sheets", "split_acteurs"]
