"""The embedded default store: LadybugDB, an on-disk, in-process graph database that speaks
Cypher, kept in one folder. No server to install.

One process owns the folder for writing (the engine takes a file lock); that process may use the
store from many threads: each thread gets its own connection, and writes are serialised.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ladybug

from graph.cypher import Dialect, ladybug_schema
from graph.errors import (
    GraphError,
    InvalidQuery,
    ReadOnlyViolation,
    StoreLocked,
    StoreUnavailable,
)
from graph.store import RawPath, Row, Store

DB_FILE = "graph.lbug"
MAX_SKIP = 10_000
_SKIP = re.compile(r"\bSKIP\s+(?:(\d+)|\$(\w+))", re.IGNORECASE)


def _refuse_deep_skip(text: str, params: Mapping[str, Any]) -> None:
    """Refuse a large SKIP in caller-supplied Cypher: ladybug 0.22 kills the whole process on
    `ORDER BY ... SKIP` past about 12,000, and one analyst's query must not take a server down.
    (casegraph's own statements never use SKIP; a computed SKIP expression still gets through.)"""
    for literal, name in _SKIP.findall(text):
        value = int(literal) if literal else params.get(name)
        if isinstance(value, int | float) and value > MAX_SKIP:
            raise InvalidQuery(
                f"SKIP above {MAX_SKIP:,} is refused on the embedded store; page with a WHERE "
                "on the sort key instead (e.g. `WHERE n.id > $last ORDER BY n.id LIMIT 100`)"
            )


class EmbeddedStore(Store):
    """A graph in a folder: `EmbeddedStore("./casegraph-data")`."""

    dialect = Dialect.LADYBUG

    def __init__(
        self,
        folder: str | Path,
        *,
        read_only: bool = False,
        buffer_pool_mb: int = 0,
        query_timeout_ms: int = 0,
        checkpoint_mb: int = 256,
    ) -> None:
        self.folder = Path(folder)
        self.location = str(self.folder)
        self.read_only = read_only
        self._timeout = query_timeout_ms
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreUnavailable(f"{self.folder} is a file; --db must name a folder")
        if not read_only:
            self.folder.mkdir(parents=True, exist_ok=True)
        elif not (self.folder / DB_FILE).exists():
            raise StoreUnavailable(
                f"no casegraph store in {self.folder}; run `casegraph ingest` first"
            )
        # The engine checkpoints when its write-ahead log passes the threshold; at its 16 MB
        # default every ingest commit on a large store paid about a second for it.
        kwargs: dict[str, Any] = {
            "read_only": read_only,
            "checkpoint_threshold": max(1, checkpoint_mb) * 2**20,
        }
        if buffer_pool_mb:
            kwargs["buffer_pool_size"] = buffer_pool_mb * 2**20
        try:
            self._db = ladybug.Database(str(self.folder / DB_FILE), **kwargs)
        except RuntimeError as e:
            if "lock" in str(e).lower():
                pid = str(e).split("PID", 1)[1].split(")")[0].strip() if "PID" in str(e) else ""
                raise StoreLocked(str(self.folder), f" (pid {pid})" if pid else "") from e
            raise StoreUnavailable(f"cannot open the store in {self.folder}: {e}") from e
        self._local = threading.local()
        self._connections: list[ladybug.Connection] = []
        self._guard = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        if not read_only:
            self.init_schema()

    # -- connections -------------------------------------------------------------------------

    def _conn(self) -> ladybug.Connection:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = ladybug.Connection(self._db)
            if self._timeout:
                conn.set_query_timeout(self._timeout)
            self._local.conn = conn
            with self._guard:
                self._connections.append(conn)
        return conn

    def _execute(self, conn: ladybug.Connection, text: str, params: Mapping[str, Any]) -> Any:
        try:
            return conn.execute(text, dict(params))
        except RuntimeError as e:
            message = str(e)
            if "interrupted" in message.lower() or "timeout" in message.lower():
                raise InvalidQuery("the query took longer than the time limit; narrow it") from e
            if "Cannot execute write operations in a read-only database" in message:
                raise GraphError("the store is open read-only; this needs a writer") from e
            raise GraphError(f"embedded store error: {message.splitlines()[0]}") from e

    @staticmethod
    def _rows(result: Any) -> list[Row]:
        columns = result.get_column_names()
        return [dict(zip(columns, values, strict=True)) for values in result.get_all()]

    # -- primitives ----------------------------------------------------------------------------

    def _read(self, text: str, params: Mapping[str, Any]) -> list[Row]:
        return self._rows(self._execute(self._conn(), text, params))

    def _write(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        conn = self._conn()
        with self._write_lock:
            self._execute(conn, "BEGIN TRANSACTION", {})
            try:
                for text, params in statements:
                    self._execute(conn, text, params)
            except BaseException:
                # A failed statement may already have ended the transaction.
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass
                raise
            self._execute(conn, "COMMIT", {})

    def _write_count(self, text: str, params: Mapping[str, Any]) -> int:
        conn = self._conn()
        with self._write_lock:
            rows = self._rows(self._execute(conn, text, params))
        return int(rows[0]["n"]) if rows else 0

    def _read_only(
        self, text: str, params: Mapping[str, Any], *, limit: int, timeout_s: float
    ) -> tuple[list[str], list[list[Any]]]:
        # A private connection, so the time limit and the read-only transaction touch nothing
        # else; the engine itself refuses writes inside `READ ONLY`.
        _refuse_deep_skip(text, params)
        conn = ladybug.Connection(self._db)
        try:
            conn.set_query_timeout(int(timeout_s * 1000))
            conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                result = conn.execute(text, dict(params))
                if isinstance(result, list):  # several statements: answer with the last
                    result = result[-1]
                columns = result.get_column_names()
                rows: list[list[Any]] = []
                while result.has_next() and len(rows) < limit:
                    rows.append(list(result.get_next()))
            except RuntimeError as e:
                message = str(e)
                if "read only" in message.lower() or "read-only" in message.lower():
                    raise ReadOnlyViolation("this endpoint runs read-only queries only") from e
                if "interrupt" in message.lower() or "timeout" in message.lower():
                    raise InvalidQuery(
                        f"the query ran longer than {timeout_s:g}s; narrow it or add a LIMIT"
                    ) from e
                raise InvalidQuery(f"the query failed: {message.splitlines()[0]}") from e
            finally:
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass
            return columns, rows
        finally:
            conn.close()

    def _raw_path(self, row: Row) -> RawPath:
        # Paths come back as engine dicts whose relationships point at internal ids.
        nodes = row["path_nodes"]
        internal = {(n["_ID"]["table"], n["_ID"]["offset"]): n["id"] for n in nodes}
        steps = []
        for rel in row["path_rels"]:
            src = internal[(rel["_SRC"]["table"], rel["_SRC"]["offset"])]
            dst = internal[(rel["_DST"]["table"], rel["_DST"]["offset"])]
            props = {k: v for k, v in rel.items() if not k.startswith("_")}
            steps.append({**props, "src": src, "dst": dst, "type": rel["_LABEL"]})
        return [n["id"] for n in nodes], steps

    def init_schema(self) -> None:
        conn = self._conn()
        with self._write_lock:
            for statement in ladybug_schema():
                self._execute(conn, statement, {})

    def close(self) -> None:
        """Close every connection, then the database: the engine keeps the file lock while any
        connection is open."""
        if self._closed:
            return
        self._closed = True
        with self._guard:
            for conn in self._connections:
                try:
                    conn.close()
                except RuntimeError:
                    pass
            self._connections.clear()
        self._db.close()

    def interrupt(self) -> None:
        """Stop the running query of the calling thread's connection (used by timeouts)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.interrupt()
