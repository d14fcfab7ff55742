"""The breach classifier: a small spaCy text classifier that tells whether a sentence states that
a party broke a rule. The cue rules say precisely what a breach
is when its wording is one they know; the classifier catches the sentences worded in ways no
rule foresaw ("the shop handed two 15-year-olds a pack of pods"), so that they are not lost.

It reads a sentence as the rules have already understood it: every name of a business, person,
authority or place becomes one placeholder token (``@company``, ``@operator``...), pronouns that
refer to a party become the party's placeholder, numbers become ``@num``, other words are
lower-cased. It therefore learns how breaches are *said* ("@company sold ... to @num-year-olds
without ..."), not who committed the ones it was trained on.

The model is trained on the development gold only (`python -m extract.train`) and ships with the
package (`extract/models/breaches/`), with the fingerprint of the data it was trained on and the
threshold chosen by cross-validation on that data.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from thinc.api import fix_random_seed

from extract.state import State
from graph.model import Label

MODEL_DIR: Final = Path(__file__).resolve().parent / "models" / "breaches"
_BATCH: Final = 16  # examples per update
BREACH: Final = "BREACH"
OTHER: Final = "OTHER"
_PLACEHOLDERS: Final[dict[Label, str]] = {
    Label.COMPANY: "@company", Label.VENUE: "@venue", Label.OPERATOR: "@operator",
    Label.AUTHORITY: "@authority", Label.LOCATION: "@place", Label.CASE: "@case",
}
# The text classifier spaCy calls an ensemble: a bag of words and bigrams next to a small
# convolutional encoder over word shapes, prefixes and suffixes (so that "inked" and "inking"
# share something). Sizes are small: the training set is a few thousand sentences.
_CONFIG: Final[dict[str, Any]] = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "nO": None,
        "linear_model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
            "ngram_size": 2, "no_output_layer": False, "length": 65536,
        },
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                "rows": [2000, 1000, 1000, 500], "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                "window_size": 1, "maxout_pieces": 3, "depth": 2,
            },
        },
    },
}


def sentence_words(doc: Doc, state: State, sent: Span) -> list[str]:
    """The words the classifier reads for one sentence (see the module docstring): "Zhang Mou
    sold 3 vapes to them", with Zhang Mou an Operator, reads as `@operator sold @num vapes to
    them`."""
    words: list[str] = []
    last_key: str | None = None
    for token in sent:
        if token.is_space:
            continue
        entity = state.entity_at(token.i)
        if entity is not None and entity.type in _PLACEHOLDERS:
            if entity.key != last_key or token.i in state.pronouns:
                words.append(_PLACEHOLDERS[entity.type])
            last_key = entity.key
            continue
        last_key = None
        words.append("@num" if token.like_num else token.lower_)
    return words


@dataclass(frozen=True)
class Sample:
    """One training sentence: the words the classifier reads and whether it states a breach."""

    words: tuple[str, ...]
    breach: bool


class BreachClassifier:
    """A trained classifier and the threshold above which a sentence counts as a breach."""

    def __init__(self, nlp: Language, threshold: float, meta: dict[str, Any] | None = None):
        self.nlp = nlp
        self.threshold = threshold
        self.meta = meta or {}

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> BreachClassifier:
        """The classifier saved at `path` (OSError when there is none)."""
        nlp = spacy.load(path)
        meta = json.loads((path / "training.json").read_text(encoding="utf-8"))
        return cls(nlp, float(meta["threshold"]), meta)

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[float]:
        """The probability that each sentence (given as `sentence_words`) states a breach."""
        docs = [Doc(self.nlp.vocab, words=list(words)) for words in sentences if words]
        scored = iter(float(d.cats.get(BREACH, 0.0)) for d in self.nlp.pipe(docs))
        return [next(scored) if words else 0.0 for words in sentences]

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write the model and its training record (fingerprint, threshold, figures)."""
        path.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(path)
        record = {**meta, "threshold": self.threshold}
        (path / "training.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                                            encoding="utf-8")


def train(samples: Sequence[Sample], threshold: float = 0.5, epochs: int = 12,
          seed: int = 0,
          after_epoch: Callable[[int, BreachClassifier], None] | None = None) -> BreachClassifier:
    """A classifier trained on `samples`, the same one for the same samples and seed;
    `after_epoch(n, classifier)` is called after each pass (to score it as training goes)."""
    if not any(s.breach for s in samples) or all(s.breach for s in samples):
        raise ValueError("training needs sentences both with and without a breach")
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=_CONFIG)
    for label in (BREACH, OTHER):
        textcat.add_label(label)  # type: ignore[attr-defined]
    # the category is not learned: a few hundred breaches spread over eleven categories are
    # too few (cross-validated, it was right a fifth of the time; the topic words 0.7)
    examples = [
        Example.from_dict(Doc(nlp.vocab, words=list(s.words)),
                          {"cats": {BREACH: float(s.breach), OTHER: float(not s.breach)}})
        for s in samples if s.words
    ]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    classifier = BreachClassifier(nlp, threshold)
    for epoch in range(1, epochs + 1):
        order.shuffle(examples)
        for i in range(0, len(examples), _BATCH):
            nlp.update(examples[i:i + _BATCH], sgd=optimizer, drop=0.2)
        if after_epoch is not None:
            after_epoch(epoch, classifier)
    return classifier


def fingerprint(parts: Iterable[bytes]) -> str:
    """The SHA-256 of the training data (gold and texts), so a stale model can be detected."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()
