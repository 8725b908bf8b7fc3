"""Moved to tests/helpers.py (the one module of shared test helpers); kept for older imports."""

from tests.helpers import ENTITIES, diagnostics_of, event, write_project

__all__ = ["ENTITIES", "diagnostics_of", "event", "write_project"]
