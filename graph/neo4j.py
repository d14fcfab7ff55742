"""The Neo4j backend: the same `Store` over Bolt with the official driver, for deployments that
already run Neo4j (5.21 or later: traversals use GQL's `ANY SHORTEST` / `ALL SHORTEST`).

Reads are routed as reads (a cluster serves them from any member), every `Store.write` batch is
one write transaction, and driver failures become the graph package's own errors with a hint of
what to check. Values come back as plain Python: casegraph stores no temporal or spatial types.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any, NoReturn, Self, TypeVar

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.cypher import Dialect, neo4j_schema
from graph.errors import GraphError, InvalidQuery, ReadOnlyViolation, StoreUnavailable
from graph.settings import NEO4J_SCHEMES, GraphSettings
from graph.store import RawPath, Row, Store

T = TypeVar("T")

# The driver logs each retry and routing failure as a warning; with no logging configured Python
# prints those to stderr, around the one-line error the CLI shows. A handler of our own keeps them
# off the terminal and still lets an application that configures logging see them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# Neo4j status codes that say what went wrong, not just that something did.
_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)
_READ_ONLY = (
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
    "Neo.ClientError.Transaction.ForbiddenDueToTransactionType",
)
_NO_DATABASE = "Neo.ClientError.Database.DatabaseNotFound"
_BAD_QUERY = (
    "Neo.ClientError.Statement.SyntaxError",
    "Neo.ClientError.Statement.SemanticError",
    "Neo.ClientError.Statement.TypeError",
    "Neo.ClientError.Statement.ArgumentError",
    "Neo.ClientError.Statement.ParameterMissing",
    "Neo.ClientError.Procedure.ProcedureNotFound",
)


class Neo4jStore(Store):
    """A graph in a Neo4j database: `Neo4jStore("neo4j://host:7687", auth=("neo4j", "pw"))`."""

    dialect = Dialect.NEO4J

    def __init__(
        self, uri: str, *, auth: tuple[str, str] | None = None, database: str = "neo4j",
        query_timeout_s: float = 0.0, verify: bool = True, **driver_config: Any,
    ) -> None:
        self.uri = uri
        self.database = database
        # A URI may carry user info; the location is shown in messages, so it never does.
        self.location = f"{_without_userinfo(uri)} (database {database})"
        self._user = auth[0] if auth else ""
        self._timeout = query_timeout_s if query_timeout_s > 0 else None
        self._closed = False
        usage = "give --db (or CASEGRAPH_DB) as neo4j://HOST:7687 or bolt://HOST:7687"
        if not uri.startswith(NEO4J_SCHEMES):
            raise StoreUnavailable(f"{_without_userinfo(uri)!r} is not a Bolt address; {usage}")
        try:
            self._driver = GraphDatabase.driver(uri, auth=auth, **driver_config)
        except (ConfigurationError, ValueError) as e:
            # The driver quotes the URI, and a URI with user info holds a password.
            reason = _first_line(e).replace(uri, _without_userinfo(uri))
            raise StoreUnavailable(f"cannot use {self.location}: {reason}; {usage}") from e
        if verify:
            try:
                self._probe()
            except BaseException:
                self._driver.close()
                raise

    def _probe(self) -> None:
        """Fail now, with a clear message, if the server, the credentials or the database are
        wrong: one round trip, without the retries that managed transactions make for 30 s."""
        with self._mapped():
            self._driver.verify_connectivity()
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                session.run("RETURN 1").consume()

    @classmethod
    def from_settings(cls, settings: GraphSettings) -> Self:
        """The store named by `db` (a neo4j:// or bolt:// URI), with NEO4J_USERNAME,
        NEO4J_PASSWORD and NEO4J_DATABASE read as Neo4j's own tools read them."""
        # An empty password means the server runs without authentication.
        auth = (
            (settings.neo4j_username, settings.neo4j_password) if settings.neo4j_password else None
        )
        return cls(
            settings.db, auth=auth, database=settings.neo4j_database,
            query_timeout_s=settings.query_timeout_s,
        )

    # -- error mapping ---------------------------------------------------------------------------

    def _fail(self, e: Exception) -> NoReturn:
        """Re-raise a driver error as one of ours, saying what to check."""
        where = self.location
        if isinstance(e, AuthError):
            raise StoreUnavailable(
                f"Neo4j at {where} refused the credentials of user {self._user or '(none)'!r}: "
                "check NEO4J_USERNAME and NEO4J_PASSWORD"
            ) from e
        if isinstance(e, ServiceUnavailable | SessionExpired):
            raise StoreUnavailable(
                f"cannot reach Neo4j at {where}: is the server running, and are the URI "
                f"(--db / CASEGRAPH_DB) and its port right? ({_first_line(e)})"
            ) from e
        if isinstance(e, ConstraintError):
            raise GraphError(
                f"Neo4j refused a write that breaks a constraint: {_first_line(e)}"
            ) from e
        if isinstance(e, Neo4jError):
            code = e.code or ""
            if code == _NO_DATABASE:
                raise StoreUnavailable(
                    f"Neo4j at {_without_userinfo(self.uri)} has no database {self.database!r}: "
                    "check NEO4J_DATABASE (Community edition has one database, `neo4j`)"
                ) from e
            if code in _TIMED_OUT:
                raise InvalidQuery(
                    "the query took longer than the time limit; narrow it"
                ) from e
            if code in _READ_ONLY:
                raise GraphError(
                    f"Neo4j at {where} is read-only for this work; this needs a writer"
                ) from e
            if code.startswith("Neo.ClientError.Security."):
                raise StoreUnavailable(
                    f"Neo4j at {where} does not allow this for user {self._user!r}: "
                    f"{_first_line(e)}"
                ) from e
            if isinstance(e, ClientError):
                raise GraphError(f"Neo4j rejected a query: {_first_line(e)}") from e
            raise StoreUnavailable(f"Neo4j at {where} failed: {_first_line(e)}") from e
        raise StoreUnavailable(f"Neo4j driver error for {where}: {_first_line(e)}") from e

    @contextmanager
    def _mapped(self) -> Iterator[None]:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        try:
            yield
        except (Neo4jError, DriverError) as e:
            self._fail(e)

    # -- primitives ------------------------------------------------------------------------------

    def _read(self, text: str, params: Mapping[str, Any]) -> list[Row]:
        with self._mapped():
            records, _, _ = self._driver.execute_query(
                Query(text, timeout=self._timeout),
                parameters_=dict(params),
                routing_=RoutingControl.READ,
                database_=self.database,
            )
        return [record.data() for record in records]

    def _session(self, **config: Any) -> neo4j.Session:
        # Sessions share the bookmarks of `execute_query`, so on a cluster a read always sees
        # the writes this store made before it (causal consistency across all our calls).
        return self._driver.session(
            database=self.database,
            bookmark_manager=self._driver.execute_query_bookmark_manager,
            **config,
        )

    def _in_write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        # `execute_write` retries the whole function on transient failures (leader switch,
        # deadlock), which is safe because a failed attempt is rolled back as a whole.
        with self._mapped(), self._session() as session:
            return session.execute_write(work)

    def _write(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            for text, params in statements:
                tx.run(text, dict(params)).consume()

        self._in_write(work)

    def _write_count(self, text: str, params: Mapping[str, Any]) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(text, dict(params)).single()
            return int(record["n"]) if record is not None else 0

        return self._in_write(work)

    def _read_only(
        self, text: str, params: Mapping[str, Any], *, limit: int, timeout_s: float
    ) -> tuple[list[str], list[list[Any]]]:
        # Two locks on one door: the session asks for read access (the server refuses writes in
        # it), and the transaction is rolled back, never committed, whatever the query did.
        if self._closed:
            raise StoreUnavailable("the store is closed")
        try:
            with self._session(default_access_mode=neo4j.READ_ACCESS) as session:
                tx = session.begin_transaction(timeout=timeout_s)
                try:
                    result = tx.run(text, dict(params))
                    columns = list(result.keys())
                    rows: list[list[Any]] = []
                    for record in result:
                        if len(rows) >= limit:
                            break
                        rows.append([plain(value) for value in record.values()])
                finally:
                    # close() rolls back whatever is still open, and is quiet about a transaction
                    # the server already ended; a dead connection takes the transaction with it.
                    with suppress(Neo4jError, DriverError):
                        tx.close()
        except Neo4jError as e:
            code = e.code or ""
            if code in _READ_ONLY:
                raise ReadOnlyViolation("this endpoint runs read-only queries only") from e
            if code in _TIMED_OUT:
                raise InvalidQuery(
                    f"the query ran longer than {timeout_s:g}s; narrow it or add a LIMIT"
                ) from e
            if isinstance(e, ClientError) and not isinstance(e, AuthError) and (
                code in _BAD_QUERY or code.startswith("Neo.ClientError.Statement.")
            ):
                raise InvalidQuery(f"the query failed: {_first_line(e)}") from e
            self._fail(e)
        except DriverError as e:
            self._fail(e)
        return columns, rows

    def _raw_path(self, row: Row) -> RawPath:
        # NEO_PATH_COLUMNS: node ids in order, and per step {src, type, dst, props}.
        steps = [
            {**(step.get("props") or {}), "src": step["src"], "type": step["type"],
             "dst": step["dst"]}
            for step in row["path_rels"]
        ]
        return list(row["path_ids"]), steps

    def init_schema(self) -> None:
        """Create the constraints and indexes of `schema.cypher`; each says IF NOT EXISTS, so
        running it again changes nothing. Needs a user allowed to change the schema."""
        # Schema commands cannot share a transaction with each other, so each runs alone.
        for statement in neo4j_schema():
            self._write([(statement, {})])

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._driver.close()


def plain(value: Any) -> Any:
    """A driver value as plain Python, shaped like the embedded engine's: a node is a dict of
    its properties with `_ID` and `_LABEL`, a relationship adds `_SRC` and `_DST`, a path is
    `{_NODES, _RELS}`; dates and times become `datetime` objects, durations ISO text, points
    their SRID and coordinates. Analysts' queries may return any of these."""
    if isinstance(value, Node):
        labels = sorted(value.labels)
        return {"_ID": value.element_id, "_LABEL": labels[0] if len(labels) == 1 else labels,
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_ID": value.element_id, "_LABEL": value.type,
                "_SRC": value.start_node.element_id if value.start_node else None,
                "_DST": value.end_node.element_id if value.end_node else None,
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"_NODES": [plain(n) for n in value.nodes],
                "_RELS": [plain(r) for r in value.relationships]}
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, Date | DateTime | Time):
        return value.to_native()
    if isinstance(value, Point):
        return {"srid": getattr(value, "srid", None), "coordinates": list(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _first_line(e: Exception) -> str:
    # A server error's own message is the readable part; the driver's str() adds codes.
    message = (e.message if isinstance(e, Neo4jError) else None) or str(e) or type(e).__name__
    return str(message).strip().splitlines()[0]


def _without_userinfo(uri: str) -> str:
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri
    host, at, tail = rest.partition("@")
    return f"{scheme}://{tail}" if at and "/" not in host else uri
