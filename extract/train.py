"""Training the breach classifier (`extract.classifier`) and the category model
(`extract.categories`) on the tuning gold:

    python -m extract.train [--gold GOLD.jsonl ...] [--folds 5] [--out DIR] [--categories-out DIR]

The tuning gold is the development split and the blind splits that have already been scored
(`TUNING`); the held-aside splits (`HELD_ASIDE`) are refused, since they measure what was never
trained on. The texts go through the rule pipeline (without the models); each sentence becomes a
breach sample, labelled a breach when the text of a gold violation overlaps it, and each gold
violation a category sample (its clause, sentence, text and venue group).

Both models are cross-validated over whole documents: for each fold they are trained on the
other documents and tested on the fold's. The breach threshold kept has the best sentence F1;
the category model's regularisation the best accuracy. (The rules were tuned on these texts, so
only the models' own figures are honest here; what everything does together on unseen text is
measured on the held-aside splits.) Then both are trained on every document and written with a
training record: the fingerprint of the data, the choices and the cross-validated figures.
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

from extract.categories import CORPUS_KIND_GROUPS, REGULARISATION, CategoryModel, Context
from extract.categories import MODEL_DIR as CATEGORY_DIR
from extract.categories import train as train_categories
from extract.classifier import (
    MODEL_DIR,
    BreachClassifier,
    Sample,
    fingerprint,
    sentence_words,
    train,
)
from extract.gold import GoldDoc, load_gold, occurrences, texts_folder
from extract.pipeline import load
from extract.state import state_of
from graph.errors import RecordError
from graph.model import Category

THRESHOLDS: Final = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
REGULARISATIONS: Final = (1.0, REGULARISATION, 10.0)
EPOCHS: Final = (6, 8, 12)
"""Numbers of training passes the breach classifier is cross-validated at. (Fewer underfit: in
a leave-one-split-out trial, 3 passes found 0.73-0.77 of a blind split's breaches, 4-12 passes
0.86-0.95; the sentence F1 of cross-validation is too flat to tell that by itself.)"""
_GOLD: Final = Path("examples/gold")
TUNING: Final = ("dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6",
                  "blind7")
"""Gold file stems trained on: the development split, and blind splits once they were scored."""
HELD_ASIDE: Final = frozenset({"heldout", "blind8", "blind9"})
"""Gold file stems never trained on."""


@dataclass(frozen=True)
class Document:
    """A tuning text, its gold, its sentences as breach samples and its violations as
    category samples."""

    doc_id: str
    text: str
    gold: GoldDoc
    samples: tuple[Sample, ...]
    violations: tuple[tuple[Context, Category], ...] = ()


def tuning_gold(root: Path = _GOLD) -> list[Path]:
    """The gold files trained on by default (`TUNING`, under `root`)."""
    return [root / f"{stem}.jsonl" for stem in TUNING]


def data_fingerprint(gold_paths: Path | Sequence[Path], texts: Path | None = None) -> str:
    """The fingerprint of gold files and their texts: what a model trained on them records."""
    parts: list[bytes] = []
    for gold_path in [gold_paths] if isinstance(gold_paths, Path) else gold_paths:
        folder = texts or texts_folder(gold_path)
        ids = sorted(load_gold(gold_path))
        parts += [gold_path.read_bytes(), *((folder / f"{i}.txt").read_bytes() for i in ids)]
    return fingerprint(parts)


def _venue_group(gold: GoldDoc, by: str) -> str:
    """The venue group of a gold offender: its own kind or the kind of a venue it runs (not
    the text's other venues: in a bulletin of several cases, the game company is not the
    kindergarten of the case before it)."""
    entities = {e.name: e for e in gold.entities}
    kinds = [str(entities[by].properties.get("kind") or "")] if by in entities else []
    kinds += [str(entities[r.target].properties.get("kind") or "") for r in gold.relations
              if r.source == by and r.type in ("RUNS", "OPERATES") and r.target in entities]
    return next((CORPUS_KIND_GROUPS[k] for k in kinds if k in CORPUS_KIND_GROUPS), "")


def documents(gold_path: Path, nlp: Language, texts: Path | None = None) -> list[Document]:
    """The annotated texts of a gold file with their labelled sentences and violations, read
    by the rules."""
    gold = load_gold(gold_path)
    folder = texts or texts_folder(gold_path)
    contents = {doc_id: (folder / f"{doc_id}.txt").read_text(encoding="utf-8")
                for doc_id in gold}
    finder = nlp.get_pipe("casegraph_violations")
    saved = finder.classifier, finder.categories  # type: ignore[attr-defined]
    # the rules alone: the samples must not depend on the models they will train
    finder.classifier = finder.categories = None  # type: ignore[attr-defined]
    try:
        with nlp.select_pipes(disable=["casegraph_output"]):
            docs = list(nlp.pipe(contents.values(), batch_size=16))
    finally:
        finder.classifier, finder.categories = saved  # type: ignore[attr-defined]
    out: list[Document] = []
    for (doc_id, text), doc in zip(contents.items(), docs, strict=True):
        state = state_of(doc)
        found = [(v, occurrences(text, v.text)) for v in gold[doc_id].violations]
        spans = [o for _, occ in found for o in occ]
        samples = tuple(
            Sample(tuple(sentence_words(doc, state, sent)),
                   any(s < sent.end_char and sent.start_char < e for s, e in spans))
            for sent in doc.sents if sent.text.strip()
        )
        violations = []
        for v, occ in found:
            for start, end in occ[:1]:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                context = Context(v.text, span.sent.text, text, _venue_group(gold[doc_id], v.by))
                violations.append((context, v.category))
        out.append(Document(doc_id, text, gold[doc_id], samples, tuple(violations)))
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
    """Cross-validated sentence figures after each number of training passes in `EPOCHS` and
    at each threshold: for each fold a classifier trained on the other documents scores the
    fold's sentences after each of those passes. `best` is the threshold and `epochs` the
    number of passes with the highest F1 (on a tie, the higher threshold, since a false breach
    costs an investigator more time, and the fewer passes)."""
    pairs: dict[int, list[tuple[float, bool]]] = {e: [] for e in EPOCHS}
    for n, (training, testing) in enumerate(folds(docs, k), 1):
        def score(epoch: int, classifier: BreachClassifier,
                  testing: list[Document] = testing) -> None:
            if epoch in pairs:
                for d in testing:
                    scores = classifier.scores([s.words for s in d.samples])
                    pairs[epoch] += [(p, s.breach) for p, s in zip(scores, d.samples,
                                                                    strict=True)]
        train([s for d in training for s in d.samples], epochs=max(EPOCHS), after_epoch=score)
        say(f"fold {n}/{k}: trained on {len(training)} texts, tested on {len(testing)}")
    tables = {e: {str(t): sentence_figures(pairs[e], t) for t in THRESHOLDS} for e in EPOCHS}
    epochs, best = max(((e, t) for e in EPOCHS for t in THRESHOLDS),
                       key=lambda et: (tables[et[0]][str(et[1])]["f1"], et[1], -et[0]))
    return {"folds": k, "epochs": epochs, "sentences": tables[epochs], "best": best,
            "f1_by_epochs": {str(e): max(row["f1"] for row in tables[e].values())
                             for e in EPOCHS}}


def category_samples(docs: Sequence[Document]) -> tuple[list[Context], list[Category]]:
    """The category samples of documents, as (contexts, labels)."""
    pairs = [pair for d in docs for pair in d.violations]
    return [c for c, _ in pairs], [label for _, label in pairs]


def cross_validate_categories(docs: Sequence[Document], k: int,
                              say: Any = print) -> dict[str, Any]:
    """Cross-validated category accuracy at each regularisation strength; `best` is the most
    accurate (the stronger regularisation, i.e. the smaller value, on a tie)."""
    right = dict.fromkeys(REGULARISATIONS, 0)
    total = 0
    for n, (training, testing) in enumerate(folds(docs, k), 1):
        contexts, labels = category_samples(training)
        tests, truth = category_samples(testing)
        total += len(tests)
        for strength in REGULARISATIONS:
            model = train_categories(contexts, labels, strength)
            right[strength] += sum(model.predict(c).category is label
                                   for c, label in zip(tests, truth, strict=True))
        say(f"categories, fold {n}/{k}: {len(contexts)} violations to train, {len(tests)} to test")
    table = {str(c): round(right[c] / total, 4) if total else 0.0 for c in REGULARISATIONS}
    best = max(REGULARISATIONS, key=lambda c: (table[str(c)], -c))
    return {"folds": k, "violations": total, "accuracy": table, "best": best}


def say(message: str) -> None:
    """Progress and figures go to stderr."""
    print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """`python -m extract.train`: cross-validate, train on all, write both models."""
    parser = argparse.ArgumentParser(prog="python -m extract.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, nargs="+", default=None,
                        help="tuning gold files (JSONL), texts in ../cases/<stem>/ "
                             f"(default: {', '.join(TUNING)} under {_GOLD})")
    parser.add_argument("--texts", type=Path, default=None,
                        help="folder of the texts, for a single gold file "
                             "(default: ../cases/<gold stem>)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (>= 2)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="use this breach threshold instead of the cross-validated one")
    parser.add_argument("--out", type=Path, default=MODEL_DIR,
                        help="where to write the breach classifier")
    parser.add_argument("--categories-out", type=Path, default=CATEGORY_DIR,
                        help="where to write the category model")
    args = parser.parse_args(argv)
    golds: list[Path] = args.gold or tuning_gold()
    refused = [g for g in golds if g.stem in HELD_ASIDE]
    if refused:
        print(f"error: {refused[0]} is a held-aside split; train on the tuning gold "
              f"({', '.join(TUNING)})", file=sys.stderr)
        return 2
    if args.texts is not None and len(golds) > 1:
        print("error: --texts goes with a single --gold file", file=sys.stderr)
        return 2
    if args.folds < 2:
        print("error: --folds must be at least 2", file=sys.stderr)
        return 2
    started = time.monotonic()
    nlp = load(None)
    try:
        docs = [d for g in golds for d in documents(g, nlp, args.texts)]
    except (OSError, RecordError) as e:
        print(f"error: cannot read the tuning texts: {e}", file=sys.stderr)
        return 2
    samples = [s for d in docs for s in d.samples]
    contexts, labels = category_samples(docs)
    print(f"{len(docs)} texts, {len(samples)} sentences, "
          f"{sum(s.breach for s in samples)} stating a breach, {len(contexts)} violations",
          file=sys.stderr)
    figures = cross_validate(docs, args.folds, say=say)
    category_figures = cross_validate_categories(docs, args.folds, say=say)
    threshold = args.threshold if args.threshold is not None else figures["best"]
    common = {
        "trained_on": [g.name for g in golds], "texts": len(docs),
        "fingerprint": data_fingerprint(golds, args.texts),
        "base_model": str(nlp.meta.get("casegraph_model")),
    }
    classifier = train(samples, threshold=threshold, epochs=figures["epochs"])
    classifier.save(args.out, {
        **common, "sentences": len(samples), "breaches": sum(s.breach for s in samples),
        "cross_validation": figures,
    })
    categories: CategoryModel = train_categories(contexts, labels, category_figures["best"])
    categories.save(args.categories_out, {
        **common, "violations": len(contexts), "regularisation": category_figures["best"],
        "cross_validation": category_figures,
    })
    say(f"breach classifier: {figures['epochs']} passes (best F1 by passes: "
        f"{figures['f1_by_epochs']})")
    for t, row in figures["sentences"].items():
        mark = " <- kept" if float(t) == threshold else ""
        say(f"threshold {t}: precision {row['precision']:.3f} recall {row['recall']:.3f} "
            f"F1 {row['f1']:.3f}{mark}")
    for c, accuracy in category_figures["accuracy"].items():
        mark = " <- kept" if float(c) == category_figures["best"] else ""
        say(f"category regularisation {c}: accuracy {accuracy:.3f}{mark}")
    say(f"wrote {args.out} and {args.categories_out} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
