"""One error hierarchy for kg.

Every message says what was wrong, where, and (when there is a fix) how to fix it. The CLI prints
``Error: <message>`` on one line and exits non-zero; it never shows a traceback for a ``KgError``.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input file or record could not be read (missing, undecodable, malformed)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ExportError(KgError):
    """An export format is unknown or the destination cannot be written."""


class EvaluationError(KgError):
    """Gold or prediction files for ``kg evaluate`` are malformed."""


class OntologyError(KgError):
    """The bundled ontology is missing or disagrees with the code."""
