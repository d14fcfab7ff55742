"""Bulk loading: a whole graph written into an empty store at once, for restoring an export or
building a benchmark graph, where ingesting record by record would take hours.

The rule: bulk loading is for an EMPTY store. It creates nodes and relationships without
merging, so loading into a store that already holds data would collide on node ids and
duplicate relationships; `bulk_load` refuses such a store with `InvalidQuery` before writing
anything. Add data to a store in use with `graph.ingest` instead.

Every row is checked against the model (labels, endpoint pairs, property names and types,
unique ids whose prefix names their label, relationship endpoints among the nodes being
loaded); a bad row is reported by position and nothing is loaded.

On the embedded store the rows go through CSV files in a temporary folder, one per node table
and one per relationship endpoint pair, holding only the columns that have values, and the
engine's COPY reads them (statements in `graph.cypher`), all in one transaction: a bad row or an
engine error rolls everything back. Files are written (and relationship rows checked) in a
background thread while the engine copies the previous file. Other stores get the same rows,
all checked first, through batched `Store.write`.

Values round-trip exactly. A list property's items travel joined with `BULK_LIST_SEPARATOR`,
so an item must be a non-empty string without that character (the engine's split drops some
empty items, so they are refused rather than silently lost).
"""

from __future__ import annotations

import csv
import queue
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any, Final, Literal, cast

from pydantic import BaseModel, ConfigDict

from graph.cypher import (
    BULK_LIST_SEPARATOR,
    COPY_NODES,
    COPY_RELS,
    Dialect,
    copy_node_slots,
    copy_rel_slots,
)
from graph.errors import GraphError, InvalidQuery
from graph.model import ENDPOINTS, REL_PROPERTIES, Label, RelType, make_id, properties_of
from graph.names import search_text
from graph.store import Store, WriteBatch

Row = Mapping[str, Any]
RelKey = tuple[RelType, Label, Label]
NodeRows = Mapping[Label, Sequence[Row]]
RelRows = Mapping[RelKey, Iterable[Row]]
"""Relationship rows carry `src` and `dst` (node ids) and any relationship properties."""
Method = Literal["auto", "copy", "batched"]

_TYPES: Final[dict[str, tuple[type, ...]]] = {
    "STRING": (str,), "STRING[]": (list, tuple), "INT64": (int,), "DOUBLE": (float, int),
    "BOOLEAN": (bool,),
}
_MEANING: Final = {
    "STRING": "a string", "STRING[]": "a list of strings", "INT64": "an integer",
    "DOUBLE": "a number", "BOOLEAN": "true or false",
}
_QUOTING: Final[Any] = getattr(csv, "QUOTE_NOTNULL", csv.QUOTE_MINIMAL)
"""Quote every value but None, so the engine reads `""` as an empty string and an empty cell as
NULL. (Python 3.11 cannot; there an empty string loads as NULL.)"""


class BulkReport(BaseModel):
    """What one bulk load wrote, and how."""

    model_config = ConfigDict(frozen=True)

    method: Literal["copy", "batched"]
    nodes: dict[str, int]
    relationships: dict[str, int]
    seconds: float
    csv_bytes: int = 0


def bulk_load(
    store: Store, nodes: NodeRows, rels: RelRows, *, batch_size: int = 5000,
    workdir: str | Path | None = None, method: Method = "auto",
) -> BulkReport:
    """Load nodes and relationships into an empty store.

    Node rows are property dicts whose `id` was made by `graph.model` (its prefix names the
    label); a row without `search` gets the one ingest would store. Relationship rows are
    property dicts with `src` and `dst`, keyed by (type, source label, target label).
    `method` "auto" means COPY on the embedded store and batched writes elsewhere; `workdir`
    is where the temporary CSV files go (default: the system's temporary folder).

    Raises `InvalidQuery` for a store that is not empty or a row that does not fit the model.
    """
    started = time.perf_counter()
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidQuery("batch_size must be an integer of at least 1")
    if method not in ("auto", "copy", "batched"):
        raise InvalidQuery(f"method must be auto, copy or batched, got {method!r}")
    from graph.embedded import EmbeddedStore

    can_copy = isinstance(store, EmbeddedStore) and store.dialect is Dialect.LADYBUG
    if method == "copy" and not can_copy:
        raise InvalidQuery("COPY loading needs the embedded store; use method='batched'")
    _require_empty(store)
    plan = _Plan.check(nodes, rels)
    if method != "batched" and can_copy:
        size = _copy(store, plan, workdir)
        used: Literal["copy", "batched"] = "copy"
    else:
        _batched(store, plan, batch_size)
        used, size = "batched", 0
    return BulkReport(
        method=used, nodes=plan.node_counts(), relationships=plan.rel_counts(),
        seconds=round(time.perf_counter() - started, 3), csv_bytes=size,
    )


def _require_empty(store: Store) -> None:
    held = sum(store.stats().nodes.values())
    if held:
        raise InvalidQuery(
            f"bulk load needs an empty store, and {store.location} already holds {held} nodes; "
            "add to a store in use with `casegraph ingest`, or load into a new folder"
        )


# -- checking ------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Checked rows of one table (or endpoint pair): the properties that have values, in the
    table's order, and whether every row has the same keys (then a C-level getter formats
    them)."""

    rows: Sequence[Row]
    columns: list[str]
    uniform: bool


class _Plan:
    """Every group of rows: nodes checked up front, relationship groups as they are reached
    (`rel_groups`), so on the embedded store their checks overlap the engine's copying."""

    def __init__(self) -> None:
        self.nodes: dict[Label, _Group] = {}
        self.rels: dict[RelKey, _Group] = {}
        self.pending: list[tuple[RelKey, Sequence[Row]]] = []
        self.ids: dict[Label, set[str]] = {}

    @classmethod
    def check(cls, nodes: NodeRows, rels: RelRows) -> _Plan:
        plan = cls()
        for label, rows in nodes.items():
            if not isinstance(label, Label):
                raise InvalidQuery(f"node rows must be keyed by Label, got {label!r}")
            plan.nodes[label] = _check_nodes(label, rows)
        plan.ids = {label: {r["id"] for r in g.rows} for label, g in plan.nodes.items()}
        for key, given in rels.items():
            rows = given if isinstance(given, Sequence) else list(given)
            plan.pending.append((_check_key(key), rows))
        return plan

    def rel_groups(self) -> Iterator[tuple[RelKey, _Group]]:
        """Each relationship group, checked (once) when reached."""
        for key, rows in self.pending:
            if key not in self.rels:
                self.rels[key] = _check_rels(key, rows, self.ids)
            yield key, self.rels[key]

    def node_counts(self) -> dict[str, int]:
        return {label.value: len(g.rows) for label, g in self.nodes.items() if g.rows}

    def rel_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (rel, _, _), group in self.rels.items():
            if group.rows:
                out[rel.value] = out.get(rel.value, 0) + len(group.rows)
        return out


def _check_key(key: object) -> RelKey:
    rel, src, dst = key if isinstance(key, tuple) and len(key) == 3 else (None, None, None)
    if not (isinstance(rel, RelType) and isinstance(src, Label) and isinstance(dst, Label)):
        raise InvalidQuery(
            f"relationship rows must be keyed by (RelType, Label, Label), got {key!r}"
        )
    if (src, dst) not in ENDPOINTS[rel]:
        allowed = ", ".join(f"{a}->{b}" for a, b in ENDPOINTS[rel])
        raise InvalidQuery(f"{rel} cannot join {src}->{dst} (allowed: {allowed})")
    return rel, src, dst


def _columns(
    where: str, rows: Sequence[Row], kinds: Mapping[str, str]
) -> tuple[list[str], bool]:
    """The properties that have a value in some row, in `kinds` order, after checking that
    every key is known and every value has its property's type (by exact type: True is not an
    integer here). Rows are checked by their shape, the keys and value types they have, of
    which a million rows have a handful: far faster than looking at every value."""
    try:
        shapes = {(tuple(r), tuple(map(type, r.values()))) for r in rows}
    except (AttributeError, TypeError):
        number = next(i for i, r in enumerate(rows) if not isinstance(r, Mapping))
        raise InvalidQuery(
            f"{where}[{number}]: a row must be a dict, got {rows[number]!r}"
        ) from None
    present: set[str] = set()
    for keys, types in shapes:
        for key, found in zip(keys, types, strict=True):
            kind = kinds.get(key)
            if kind is None:
                number = next(i for i, r in enumerate(rows) if key in r)
                raise InvalidQuery(f"{where}[{number}]: unknown property {key!r}")
            if found is type(None):
                continue
            if found not in _TYPES[kind]:
                number, value = next(
                    (i, r[key]) for i, r in enumerate(rows)
                    if key in r and type(r[key]) is found
                )
                raise InvalidQuery(
                    f"{where}[{number}]: property {key!r} must be {_MEANING[kind]}, "
                    f"got {value!r}"
                )
            present.add(key)
    for name in present:
        if kinds[name].endswith("[]"):
            for number, row in enumerate(rows):
                items = row.get(name)
                if items is not None and not all(
                    type(x) is str and x and BULK_LIST_SEPARATOR not in x for x in items
                ):
                    raise InvalidQuery(
                        f"{where}[{number}]: property {name!r} must be a list of non-empty "
                        f"strings without the character \\x1f, got {items!r}"
                    )
    uniform = len({frozenset(keys) for keys, _ in shapes}) <= 1
    return [name for name in kinds if name in present], uniform


def _check_nodes(label: Label, rows: Sequence[Row]) -> _Group:
    where = f"nodes[{label}]"
    kinds = properties_of(label)
    columns, _ = _columns(where, rows, kinds)
    prefix = make_id(label, "").split(":", 1)[0] + ":"
    for number, row in enumerate(rows):
        node_id = row.get("id")
        if not isinstance(node_id, str) or not node_id.startswith(prefix) or node_id == prefix:
            raise InvalidQuery(
                f"{where}[{number}]: id {node_id!r} is not a {label} id "
                "(make ids with graph.model)"
            )
    if len({r["id"] for r in rows}) != len(rows):
        first: dict[str, int] = {}
        for number, row in enumerate(rows):
            if first.setdefault(row["id"], number) != number:
                raise InvalidQuery(f"{where}[{number}]: id {row['id']!r} appears twice")
    if rows and "search" not in columns and ("name" in columns or "aliases" in columns):
        columns = [c for c in kinds if c in columns or c == "search"]
    return _Group(rows, columns, uniform=False)  # lists and search need formatting anyway


def _check_rels(key: RelKey, rows: Sequence[Row], ids: Mapping[Label, set[str]]) -> _Group:
    rel, src, dst = key
    where = f"rels[{rel} {src}->{dst}]"
    kinds = {"src": "STRING", "dst": "STRING", **REL_PROPERTIES}
    columns, uniform = _columns(where, rows, kinds)
    for end, label in (("src", src), ("dst", dst)):
        known = ids.get(label, set())
        # One C-level pass; the row-by-row search runs only to name a bad row.
        if not set(map(methodcaller("get", end), rows)) <= known:
            number = next(i for i, r in enumerate(rows) if r.get(end) not in known)
            raise InvalidQuery(
                f"{where}[{number}]: {end} {rows[number].get(end)!r} is not a {label} being "
                "loaded"
            )
    return _Group(rows, [c for c in columns if c not in ("src", "dst")], uniform)


def _search(row: Row) -> str | None:
    """The search field ingest would store, for a row that comes without one."""
    if "search" in row:
        return row["search"]  # type: ignore[no-any-return]
    names = [n for n in (row.get("name"), *(row.get("aliases") or [])) if isinstance(n, str)]
    return search_text(names) if names else None


# -- embedded: CSV + COPY ------------------------------------------------------------------------


def _node_cells(rows: Sequence[Row], columns: list[str], kinds: Mapping[str, str]) -> Any:
    lists = {c for c in columns if kinds[c].endswith("[]")}
    for row in rows:
        cells: list[Any] = [row.get(c) for c in columns]
        for i, c in enumerate(columns):
            if c in lists and cells[i] is not None:
                cells[i] = BULK_LIST_SEPARATOR.join(cells[i])
            elif c == "search":
                cells[i] = _search(row)
        yield cells


def _write_csv(path: Path, header: list[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=_QUOTING, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


_Step = tuple[str, Mapping[str, Any]]


class _CsvFiles(threading.Thread):
    """Writes the CSV files in the background and hands over a COPY statement as each one is
    done, so Python formatting the next file and the engine copying the last one (which
    releases the GIL) share the machine's cores."""

    def __init__(self, plan: _Plan, folder: Path) -> None:
        super().__init__(name="casegraph-bulk-csv", daemon=True)
        self.plan, self.folder = plan, folder
        self.ready: queue.SimpleQueue[_Step | BaseException | None] = queue.SimpleQueue()
        self.halt = threading.Event()
        self.size = 0

    def run(self) -> None:
        try:
            for statement in self._files():
                if self.halt.is_set():
                    break
                self.ready.put(statement)
        except BaseException as e:  # handed to the consumer, which rolls back
            self.ready.put(e)
        self.ready.put(None)

    def _files(self) -> Iterator[_Step]:
        for label, group in self.plan.nodes.items():
            if group.rows:
                path = self.folder / f"node_{label.value}.csv"
                cells = _node_cells(group.rows, group.columns, properties_of(label))
                _write_csv(path, group.columns, cells)
                self.size += path.stat().st_size
                slots = copy_node_slots(label, group.columns, path)
                yield COPY_NODES.render(Dialect.LADYBUG, **slots), {}
        for (rel, src, dst), group in self.plan.rel_groups():
            if group.rows:
                path = self.folder / f"rel_{rel.value}_{src.value}_{dst.value}.csv"
                keys = ["src", "dst", *group.columns]
                if group.uniform:
                    rows: Iterable[Sequence[Any]] = map(itemgetter(*keys), group.rows)
                else:
                    rows = ([r.get(k) for k in keys] for r in group.rows)
                _write_csv(path, ["from", "to", *group.columns], rows)
                self.size += path.stat().st_size
                slots = copy_rel_slots(rel, src, dst, group.columns, path)
                yield COPY_RELS.render(Dialect.LADYBUG, **slots), {}

    def statements(self) -> Iterator[_Step]:
        while (item := self.ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item


def _copy(store: Store, plan: _Plan, workdir: str | Path | None) -> int:
    """Write the CSV files and COPY them, in one transaction; returns their size in bytes."""
    with tempfile.TemporaryDirectory(prefix="casegraph-bulk-", dir=workdir) as tmp:
        files = _CsvFiles(plan, Path(tmp).resolve())
        files.start()
        try:
            # `_write` runs what it is given in order, in one transaction, rolling back on any
            # error; it is given the statements as the files become ready.
            store._write(cast(Sequence[_Step], files.statements()))
        except InvalidQuery:
            raise  # a bad row found while writing: rolled back, reported as it is
        except GraphError as e:
            raise InvalidQuery(
                f"bulk load failed and was rolled back, the store is still empty: {e}"
            ) from e
        except OSError as e:
            raise GraphError(
                f"bulk load could not write its CSV files in {tmp}: {e}; nothing was loaded"
            ) from e
        finally:
            files.halt.set()
            files.join()
        return files.size


# -- any other store: batched writes -------------------------------------------------------------


def _batched(store: Store, plan: _Plan, batch_size: int) -> None:
    items: list[tuple[Label | RelKey, dict[str, Any]]] = []
    for label, group in plan.nodes.items():
        kinds = properties_of(label)
        items += [(label, {**_plain(r, kinds), "search": _search(r)}) for r in group.rows]
    # Check every row before the first write: batches are separate transactions.
    for key, group in list(plan.rel_groups()):
        items += [(key, _plain(r, REL_PROPERTIES)) for r in group.rows]
    written = 0
    try:
        for start in range(0, len(items), batch_size):
            batch = WriteBatch()
            for target, row in items[start : start + batch_size]:
                if isinstance(target, Label):
                    batch.add_node(target, row)
                else:
                    batch.add_rel(*target, row)
            # Nodes come first, so a batch's relationships find their endpoints.
            store.write(batch)
            written += len(batch)
    except GraphError as e:
        raise GraphError(
            f"bulk load stopped after {written} rows: {e}. The store now holds a partial "
            "load; empty it before loading again"
        ) from e


def _plain(row: Row, kinds: Mapping[str, str]) -> dict[str, Any]:
    """A checked row as the store's writer takes it: lists as lists, and whole numbers in
    floating-point properties as floats (the engine will not put an integer there)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is not None and kinds.get(key) == "DOUBLE":
            value = float(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out
