"""The service benchmark: the synthetic graph of `bench/graph_bench.py`, served by the real
FastAPI app, each operation timed through HTTP (Starlette's test client over the ASGI app, so
routing, validation, the audit log and JSON serialisation all count) next to the store call it
wraps, on the same store in the same run. The difference is what the service adds.

    .venv/bin/python bench/api_bench.py [--small] [--runs 5] [--keep DIR]

`--small` uses 20,000 nodes / 100,000 relationships instead of 200,000 / 1,000,000. Prints one
table; no targets are set for the service beyond the store's own (bench/README.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generate import LARGE, SMALL, generate  # noqa: E402
from graph_bench import timed  # noqa: E402


def _median_ms(run: Callable[[], Any], runs: int) -> float:
    run()  # warm: the first call pays for caches and compiled statements
    median, _, _ = timed(run, runs)
    return median * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="20k nodes / 100k relationships")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per operation")
    parser.add_argument("--keep", type=Path, default=None, help="keep the store in this folder")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import ApiSettings
    from graph.bulk import bulk_load
    from graph.embedded import EmbeddedStore

    spec = SMALL if args.small else LARGE
    work = args.keep or Path(tempfile.mkdtemp(prefix="casegraph-api-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"generating and bulk-loading {spec.nodes:,} nodes / {spec.rels:,} relationships ...",
          file=sys.stderr)
    graph = generate(spec)
    store = EmbeddedStore(work / "db")
    bulk_load(store, graph.nodes, graph.rels, workdir=work)
    picks = graph.picks
    client = TestClient(create_app(ApiSettings(), store))
    company, operator = picks.busiest_company, picks.busiest_operator
    from graph.errors import NoPath

    def connected(pair: tuple[str, str]) -> bool:
        try:
            store.shortest_paths(*pair)
        except NoPath:
            return False
        return True

    source, target = next((p for p in picks.pairs if connected(p)), picks.pairs[0])
    prefix = picks.prefixes[0]

    def get(path: str, **params: Any) -> Callable[[], Any]:
        def run() -> Any:
            response = client.get(path, params=params)
            response.raise_for_status()
            return response

        return run

    rows: list[tuple[str, Callable[[], Any], Callable[[], Any] | None]] = [
        ("search", get("/api/search", q=prefix),
         lambda: store.search(prefix)),
        ("repeat offenders (50)", get("/api/offenders", min_cases=2, limit=50),
         lambda: store.offenders(min_cases=2, limit=50)),
        ("patterns", get("/api/patterns"), lambda: store.patterns()),
        ("ego, radius 2, 100 nodes", get(f"/api/entities/{company}/ego", radius=2, limit=100),
         lambda: store.ego(company, radius=2, limit=100)),
        ("linked businesses", get(f"/api/entities/{operator}/linked"),
         lambda: store.linked(operator)),
        ("shortest paths", get("/api/paths", source=source, target=target),
         lambda: store.shortest_paths(source, target)),
        ("ego view (vis-network JSON)", get(f"/api/views/ego/{company}"), None),
        ("ego export, GraphML + manifest", get(f"/api/exports/ego/{company}", format="graphml"),
         None),
    ]
    print(f"{'operation':<34} {'HTTP ms':>9} {'store ms':>9} {'added ms':>9}")
    for name, http, direct in rows:
        try:
            http_ms = _median_ms(http, args.runs)
        except Exception as e:  # a failing route is a result to print, not a crash
            print(f"{name:<34} failed: {e}")
            continue
        if direct is None:
            print(f"{name:<34} {http_ms:>9.1f} {'':>9} {'':>9}")
            continue
        store_ms = _median_ms(direct, args.runs)
        print(f"{name:<34} {http_ms:>9.1f} {store_ms:>9.1f} {http_ms - store_ms:>9.1f}")
    store.close()
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
