"""The graph package's exceptions: one family, each saying what went wrong and what to do next.

The API maps them to HTTP statuses in one table; the CLI prints their message as one line.
"""

from __future__ import annotations


class GraphError(Exception):
    """Base of every error the graph package raises on purpose."""


class NodeNotFound(GraphError):
    """No node has the given id (or name)."""

    def __init__(self, node: str) -> None:
        super().__init__(
            f"no entity with id or name {node!r}; try `casegraph search` to find its id"
        )
        self.node = node


class NoPath(GraphError):
    """Two nodes exist but no path joins them within the hop limit."""

    def __init__(self, source: str, target: str, max_hops: int) -> None:
        super().__init__(f"no path between {source} and {target} within {max_hops} hops")
        self.source, self.target, self.max_hops = source, target, max_hops


class InvalidQuery(GraphError, ValueError):
    """A query parameter is out of range or of the wrong kind."""


class RecordError(GraphError):
    """A malformed extraction record; `where` is the file and line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.reason = where, message


class StoreLocked(GraphError):
    """Another process holds the embedded store for writing."""

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(
            f"the graph store at {path} is in use by another process{detail}. "
            "Stop that process (for example `casegraph serve`), or send the work to the running "
            "server through its API (POST /documents)."
        )
        self.path = path


class StoreUnavailable(GraphError):
    """The store cannot be reached or opened (server down, bad credentials, broken files)."""


class ReadOnlyViolation(GraphError):
    """A read-only query tried to write."""
