"""The graph benchmark: a synthetic, skewed graph bulk-loaded into the embedded store, then
incremental ingest through the production path and every query of the store contract, timed
against the targets, printed as one table.

    .venv/bin/python bench/graph_bench.py [--small] [--out bench/out]

Default size: 200,000 nodes / 1,000,000 relationships; `--small`: 20,000 / 100,000. Each phase
(load, open, ingest, queries) runs in a fresh process, so its peak RSS is its own. Results also
go to `<out>/results-<size>.json` and `.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import LARGE, SMALL, Picks, Spec, generate, records

HERE = Path(__file__).resolve().parent
INGEST_RECORDS = 1000
REPEATS = 5

# The targets for the embedded store at 200k nodes / 1M relationships: figure -> (test, bound).
TARGETS: dict[str, tuple[str, float]] = {
    "open_s": ("<", 1.0),
    "load_s": ("<", 30.0),
    "ingest_rate": (">=", 500.0),
    "offenders_s": ("<", 1.0),
    "ego_ms": ("<", 100.0),
    "path_ms": ("<", 200.0),
}


# -- phases: each runs in its own process and prints one JSON line -------------------------


def _rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def phase_load(spec: Spec, db: Path, out: Path, count: int) -> dict[str, Any]:
    from graph.bulk import bulk_load
    from graph.embedded import EmbeddedStore

    started = time.perf_counter()
    graph = generate(spec)
    generate_s = time.perf_counter() - started
    rss_generated = _rss_mb()
    (out / "picks.json").write_text(json.dumps(graph.picks.__dict__))
    with (out / "records.jsonl").open("w", encoding="utf-8") as handle:
        for record in records(graph, count):
            handle.write(record.to_json() + "\n")
    store = EmbeddedStore(db)
    started = time.perf_counter()
    report = bulk_load(store, graph.nodes, graph.rels, workdir=out)
    load_s = time.perf_counter() - started
    store.close()
    return {
        "generate_s": generate_s, "load_s": load_s, "rss_generated_mb": rss_generated,
        "rss_mb": _rss_mb(), "csv_mb": report.csv_bytes / 2**20,
        "nodes": sum(report.nodes.values()), "rels": sum(report.relationships.values()),
        "top": graph.picks.top,
    }


def phase_open(db: Path, out: Path) -> dict[str, Any]:
    from graph.embedded import EmbeddedStore

    started = time.perf_counter()
    store = EmbeddedStore(db)
    store.get_node(json.loads((out / "picks.json").read_text())["busiest_company"])
    open_s = time.perf_counter() - started
    store.close()
    return {"open_s": open_s, "rss_mb": _rss_mb()}


def phase_ingest(db: Path, out: Path) -> dict[str, Any]:
    from graph.embedded import EmbeddedStore
    from graph.ingest import Ingestor
    from graph.records import Record, read_records

    items = [r for r in read_records(out / "records.jsonl") if isinstance(r, Record)]
    store = EmbeddedStore(db)
    ingestor = Ingestor(store)
    started = time.perf_counter()
    ingestor.resolver.load()  # what ingest() does first; timed apart to show its share
    resolver_s = time.perf_counter() - started
    report = ingestor.ingest(items)
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    store.close()  # the engine checkpoints what the last commits left in its log
    return {
        "records": len(items), "ingest_s": ingest_s, "ingest_rate": len(items) / ingest_s,
        "resolver_s": resolver_s, "close_s": time.perf_counter() - started,
        "report": report.as_dict() | {"errors": len(report.errors)}, "rss_mb": _rss_mb(),
    }


def timed(run: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """Median and first wall time of `repeats` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times[0], result


def phase_queries(db: Path, out: Path) -> dict[str, Any]:
    from graph.embedded import EmbeddedStore
    from graph.errors import NoPath

    picks = Picks(**json.loads((out / "picks.json").read_text()))
    store = EmbeddedStore(db)
    res: dict[str, Any] = {}

    def note(key: str, run: Callable[[], Any], size: Callable[[Any], int]) -> None:
        median, first, result = timed(run)
        res[key] = {"median_s": median, "first_s": first, "n": size(result)}

    note("offenders", lambda: store.offenders(min_cases=5, limit=5000), len)
    note("linked", lambda: store.linked(picks.busy_venue, hops=3, limit=100), len)
    note("ego", lambda: store.ego(picks.busiest_company, radius=2, limit=500),
         lambda g: len(g.nodes))
    note("patterns", lambda: store.patterns(by=("category", "year")), len)
    prefix = picks.prefixes[0]
    note("search", lambda: store.search(prefix, limit=20), len)
    note("subgraph", lambda: store.subgraph(picks.sample), lambda g: len(g.nodes))

    path_times, found = [], 0
    for a, b in picks.pairs:
        started = time.perf_counter()
        try:
            store.shortest_paths(a, b, max_hops=6)
            found += 1
        except NoPath:
            pass
        path_times.append(time.perf_counter() - started)
    res["path"] = {"median_s": statistics.median(path_times), "first_s": path_times[0],
                   "max_s": max(path_times), "n": found, "pairs": len(picks.pairs)}
    store.close()
    return {"queries": res, "rss_mb": _rss_mb()}


# -- driver ------------------------------------------------------------------------------------


def _run_phase(name: str, args: argparse.Namespace, db: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", name,
               "--db", str(db), "--out", str(args.out), "--nodes", str(args.nodes),
               "--rels", str(args.rels), "--records", str(args.records)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {name} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _median(runs: list[Any]) -> Any:
    """Figure by figure, the median over runs (numbers), else the first run's value."""
    first = runs[0]
    if isinstance(first, dict):
        return {k: _median([r[k] for r in runs]) for k in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        return statistics.median(runs)
    return first


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _meets(key: str, value: float) -> str:
    if key not in TARGETS:
        return ""
    op, target = TARGETS[key]
    ok = value < target if op == "<" else value >= target
    return "yes" if ok else "NO"


def _target(key: str, unit: str) -> str:
    if key not in TARGETS:
        return "-"
    op, target = TARGETS[key]
    return f"{op} {target:g} {unit}"


def build_rows(spec: Spec, load: dict[str, Any], opened: dict[str, Any],
               ingest: dict[str, Any], queries: dict[str, Any],
               disk: dict[str, float]) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, meets) for every measured figure."""
    q = queries["queries"]
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, value: str, key: str = "", unit: str = "", raw: float = 0.0) -> None:
        rows.append((label, value, _target(key, unit), _meets(key, raw) if key else ""))

    add(f"generate synthetic graph ({spec.nodes:,} nodes / {spec.rels:,} rels)",
        f"{load['generate_s']:.1f} s")
    add(f"bulk load ({load['nodes']:,} nodes / {load['rels']:,} rels, CSV {load['csv_mb']:.0f} MB)",
        f"{load['load_s']:.1f} s", "load_s", "s", load["load_s"])
    add("peak RSS, load process (generated rows alone)",
        f"{load['rss_mb']:.0f} MB ({load['rss_generated_mb']:.0f} MB)")
    add("disk after load", f"{disk['load']:.0f} MB")
    add("open existing store (fresh process, first query included)",
        f"{opened['open_s']:.2f} s", "open_s", "s", opened["open_s"])
    add("peak RSS, open", f"{opened['rss_mb']:.0f} MB")
    add(f"incremental ingest, {ingest['records']:,} records via Ingestor "
        f"({ingest['ingest_s']:.1f} s, of which resolver index load {ingest['resolver_s']:.1f} s)",
        f"{ingest['ingest_rate']:.0f} records/s", "ingest_rate", "records/s",
        ingest["ingest_rate"])
    add("close after ingest (engine checkpoint)", f"{ingest['close_s']:.1f} s")
    add("peak RSS, ingest process", f"{ingest['rss_mb']:.0f} MB")
    add("disk after ingest", f"{disk['ingest']:.0f} MB")
    add(f"repeat offenders, min 5 cases, with cases + violations ({q['offenders']['n']} found)",
        f"{q['offenders']['median_s']:.2f} s", "offenders_s", "s", q["offenders"]["median_s"])
    add(f"linked businesses of a busy venue, k=3 ({q['linked']['n']} returned)",
        f"{q['linked']['median_s'] * 1000:.0f} ms")
    add(f"ego network radius 2, capped at 500 nodes ({q['ego']['n']} nodes)",
        f"{q['ego']['median_s'] * 1000:.0f} ms", "ego_ms", "ms", q["ego"]["median_s"] * 1000)
    path = q["path"]
    add(f"shortest paths, median of {path['pairs']} random business pairs "
        f"({path['n']} joined, max {path['max_s'] * 1000:.0f} ms)",
        f"{path['median_s'] * 1000:.0f} ms", "path_ms", "ms", path["median_s"] * 1000)
    add(f"patterns by category x year ({q['patterns']['n']} cells)",
        f"{q['patterns']['median_s'] * 1000:.0f} ms")
    add(f"name search by prefix ({q['search']['n']} hits)",
        f"{q['search']['median_s'] * 1000:.0f} ms")
    add(f"subgraph of 100 ids ({q['subgraph']['n']} nodes)",
        f"{q['subgraph']['median_s'] * 1000:.0f} ms")
    add("peak RSS, query process", f"{queries['rss_mb']:.0f} MB")
    return rows


def render(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("figure", "value", "target", "meets")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    fmt = [header, *rows]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(fmt[0], widths, strict=True)), line]
    out += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in fmt[1:]]
    return "\n".join(out)


def markdown(rows: list[tuple[str, str, str, str]]) -> str:
    out = ["| figure | value | target | meets |", "|---|---|---|---|"]
    out += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="20k nodes / 100k relationships")
    parser.add_argument("--nodes", type=int, help="custom size: nodes")
    parser.add_argument("--rels", type=int, help="custom size: relationships")
    parser.add_argument("--records", type=int, default=INGEST_RECORDS,
                        help="records for the incremental ingest")
    parser.add_argument("--runs", type=int, default=1,
                        help="whole runs (fresh store each); figures are medians over them")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="results and the store")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--phase", choices=("load", "open", "ingest", "queries"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out = args.out.resolve()
    base = SMALL if args.small else LARGE
    spec = Spec(nodes=args.nodes or base.nodes, rels=args.rels or base.rels, seed=base.seed)
    args.nodes, args.rels = spec.nodes, spec.rels

    if args.phase:
        result = {
            "load": lambda: phase_load(spec, args.db, args.out, args.records),
            "open": lambda: phase_open(args.db, args.out),
            "ingest": lambda: phase_ingest(args.db, args.out),
            "queries": lambda: phase_queries(args.db, args.out),
        }[args.phase]()
        print(json.dumps(result))
        return

    size = {SMALL.nodes: "small", LARGE.nodes: "large"}.get(spec.nodes, f"{spec.nodes}")
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / f"db-{size}"
    print(f"casegraph graph benchmark, {size}: {spec.nodes:,} nodes / {spec.rels:,} rels, "
          f"seed {spec.seed}, {os.cpu_count()} CPUs, {args.runs} run(s)", file=sys.stderr)
    runs = []
    for _ in range(max(1, args.runs)):
        shutil.rmtree(db, ignore_errors=True)
        load = _run_phase("load", args, db)
        disk = {"load": _disk_mb(db)}
        opened = _run_phase("open", args, db)
        ingest = _run_phase("ingest", args, db)
        disk["ingest"] = _disk_mb(db)
        queries = _run_phase("queries", args, db)
        runs.append({"load": load, "open": opened, "ingest": ingest, "queries": queries,
                     "disk_mb": disk})
    result = _median(runs)
    rows = build_rows(spec, result["load"], result["open"], result["ingest"],
                      result["queries"], result["disk_mb"])
    print(render(rows))
    raw = {"spec": spec.__dict__, "median": result, "runs": runs}
    (args.out / f"results-{size}.json").write_text(json.dumps(raw, indent=1))
    (args.out / f"results-{size}.md").write_text(markdown(rows))
    if not args.keep:
        shutil.rmtree(db, ignore_errors=True)


if __name__ == "__main__":
    main()
