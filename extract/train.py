"""Training the breach classifier (`extract.classifier`) on the development gold:

    python -m extract.train [--gold examples/gold/dev.jsonl] [--folds 5] [--out DIR]

The texts go through the rule pipeline (without the classifier); each sentence becomes a sample,
labelled a breach when the text of a gold violation overlaps it. The threshold is chosen by
cross-validation over whole documents: for each fold a classifier is trained on the other
documents and scores the fold's sentences; the threshold kept has the best F1 over all folds.
(The rules were tuned on these texts, so only the classifier's own figures are honest here;
what the two do together on unseen text is measured on the held-aside splits.) Then a
classifier is trained on every document and written with a training record: the fingerprint
of the data, the threshold and the cross-validated figures.

Only the development split may be given: the held-aside splits measure what was never trained on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from spacy.language import Language

from extract.classifier import (
    MODEL_DIR,
    Sample,
    fingerprint,
    sentence_words,
    train,
)
from extract.gold import GoldDoc, load_gold, occurrences, texts_folder
from extract.pipeline import load
from extract.state import state_of
from graph.errors import RecordError

THRESHOLDS: Final = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_HELD_ASIDE: Final = ("heldout", "blind")  # gold file stems (and their numbered successors)


@dataclass(frozen=True)
class Document:
    """A development text, its gold and its sentences as samples."""

    doc_id: str
    text: str
    gold: GoldDoc
    samples: tuple[Sample, ...]


def data_fingerprint(gold_path: Path, texts: Path | None = None) -> str:
    """The fingerprint of a gold file and its texts: what a model trained on them records."""
    folder = texts or texts_folder(gold_path)
    ids = sorted(load_gold(gold_path))
    return fingerprint([gold_path.read_bytes(), *((folder / f"{i}.txt").read_bytes()
                                                 for i in ids)])


def documents(gold_path: Path, nlp: Language, texts: Path | None = None) -> list[Document]:
    """The annotated texts of a gold file with their labelled sentences, read by the rules."""
    gold = load_gold(gold_path)
    folder = texts or texts_folder(gold_path)
    contents = {doc_id: (folder / f"{doc_id}.txt").read_text(encoding="utf-8")
                for doc_id in gold}
    finder = nlp.get_pipe("casegraph_violations")
    saved = finder.classifier  # type: ignore[attr-defined]
    finder.classifier = None  # type: ignore[attr-defined]
    try:
        with nlp.select_pipes(disable=["casegraph_output"]):
            docs = list(nlp.pipe(contents.values(), batch_size=16))
    finally:
        finder.classifier = saved  # type: ignore[attr-defined]
    out: list[Document] = []
    for (doc_id, text), doc in zip(contents.items(), docs, strict=True):
        state = state_of(doc)
        spans = [o for v in gold[doc_id].violations for o in occurrences(text, v.text)]
        samples = tuple(
            Sample(tuple(sentence_words(doc, state, sent)),
                   any(s < sent.end_char and sent.start_char < e for s, e in spans))
            for sent in doc.sents if sent.text.strip()
        )
        out.append(Document(doc_id, text, gold[doc_id], samples))
    return out


def folds(docs: Sequence[Document], k: int) -> Iterator[tuple[list[Document], list[Document]]]:
    """(training, testing) splits over whole documents, the same every run (sorted by id)."""
    ordered = sorted(docs, key=lambda d: d.doc_id)
    for i in range(k):
        yield ([d for j, d in enumerate(ordered) if j % k != i],
               [d for j, d in enumerate(ordered) if j % k == i])


def sentence_figures(pairs: Sequence[tuple[float, bool]], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of calling a sentence a breach at `threshold`."""
    tp = sum(1 for p, breach in pairs if p >= threshold and breach)
    fp = sum(1 for p, breach in pairs if p >= threshold and not breach)
    fn = sum(1 for p, breach in pairs if p < threshold and breach)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def cross_validate(docs: Sequence[Document], k: int, say: Any = print) -> dict[str, Any]:
    """Cross-validated sentence figures at each threshold: for each fold a classifier trained
    on the other documents scores the fold's sentences. `best` is the threshold with the
    highest F1 (the higher one on a tie: a false breach costs an investigator more time)."""
    pairs: list[tuple[float, bool]] = []
    for n, (training, testing) in enumerate(folds(docs, k), 1):
        classifier = train([s for d in training for s in d.samples])
        for d in testing:
            scores = classifier.scores([s.words for s in d.samples])
            pairs += [(p, s.breach) for p, s in zip(scores, d.samples, strict=True)]
        say(f"fold {n}/{k}: trained on {len(training)} texts, tested on {len(testing)}")
    table = {str(t): sentence_figures(pairs, t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (table[str(t)]["f1"], t))
    return {"folds": k, "sentences": table, "best": best}


def main(argv: list[str] | None = None) -> int:
    """`python -m extract.train`: cross-validate, train on all, write the model."""
    parser = argparse.ArgumentParser(prog="python -m extract.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=Path("examples/gold/dev.jsonl"),
                        help="development gold (JSONL); texts in ../cases/<stem>/")
    parser.add_argument("--texts", type=Path, default=None,
                        help="folder of the texts (default: ../cases/<gold stem>)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (>= 2)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="use this threshold instead of the cross-validated one")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    args = parser.parse_args(argv)
    if args.gold.stem.startswith(_HELD_ASIDE):
        print(f"error: {args.gold} is a held-aside split; train on the development gold",
              file=sys.stderr)
        return 2
    if args.folds < 2:
        print("error: --folds must be at least 2", file=sys.stderr)
        return 2
    started = time.monotonic()
    nlp = load(None)
    try:
        docs = documents(args.gold, nlp, args.texts)
    except (OSError, RecordError) as e:
        print(f"error: cannot read the development texts: {e}", file=sys.stderr)
        return 2
    samples = [s for d in docs for s in d.samples]
    print(f"{len(docs)} texts, {len(samples)} sentences, "
          f"{sum(s.breach for s in samples)} stating a breach", file=sys.stderr)
    figures = cross_validate(docs, args.folds, say=lambda m: print(m, file=sys.stderr))
    threshold = args.threshold if args.threshold is not None else figures["best"]
    classifier = train(samples, threshold=threshold)
    classifier.save(args.out, {
        "trained_on": args.gold.name, "texts": len(docs), "sentences": len(samples),
        "breaches": sum(s.breach for s in samples),
        "fingerprint": data_fingerprint(args.gold, args.texts),
        "cross_validation": figures, "base_model": str(nlp.meta.get("casegraph_model")),
    })
    for t, row in figures["sentences"].items():
        mark = " <- kept" if float(t) == threshold else ""
        print(f"threshold {t}: precision {row['precision']:.3f} recall {row['recall']:.3f} "
              f"F1 {row['f1']:.3f}{mark}", file=sys.stderr)
    print(f"wrote {args.out} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
