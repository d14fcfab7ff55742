"""The export package's two errors: an export that cannot be made as asked, and an export file
that cannot be read back. Both belong to the graph error family, so the CLI prints them as one
line and the API maps them like their parents."""

from __future__ import annotations

from graph.errors import InvalidQuery, RecordError


class ExportError(InvalidQuery):
    """The export cannot be made as asked: a bad selection or output, or a value the chosen
    format cannot carry (the message names the value and a format that can)."""


class ExportFileError(RecordError):
    """An export file that cannot be read back: damaged, edited, or not written by casegraph.
    `where` names the file (and line or element when known)."""
