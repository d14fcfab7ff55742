"""The category model: which taxonomy category a violation belongs to, learned from the gold.

The cue rules name a breach precisely when its wording is one they know, but the category of a
breach depends on more than its wording: serving a 17-year-old vodka is `alcohol_tobacco` in a
hotel bar, an incident register left empty is `other` at a pub, a padlocked fire exit is
`public_places` at a cinema and `campus_and_childcare_safety` at a kindergarten. The hand-written
topic words (`extract.topics`) weigh such hints by fixed amounts; this model learns the weights
from every annotated violation.

It is a multinomial logistic regression over a violation's context:

* ``c:`` the words of the clause that states the breach (each once),
* ``s:`` the words of its sentence, at half weight,
* ``d:`` the words of the whole text, damped (log of the count, a tenth),
* ``k:`` the group of the venue involved (`VENUE_GROUPS`: "cafe", "hotel", "online" ...),
* ``tc:``/``ts:``/``td:`` the topic-word counts of the clause, the sentence and (as shares) the
  text, so that what the word lists know is a feature the model can weigh, not a rival to it.

Training (`python -m extract.train`) uses scikit-learn; the shipped model is a plain table of
weights (`extract/models/categories/`) read with numpy, so extraction does not need
scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from extract.topics import hits, words
from graph.model import Category

MODEL_DIR: Final = Path(__file__).resolve().parent / "models" / "categories"
_WEIGHTS: Final = "weights.npz"
_RECORD: Final = "training.json"
# the regularisation strength chosen by cross-validation over whole documents (see train.py)
REGULARISATION: Final = 3.0

# The venue groups of the kinds the corpus writes (graph properties: "internet_cafe",
# "guesthouse"...), so that training on gold and predicting on extracted kinds share features.
CORPUS_KIND_GROUPS: Final[dict[str, str]] = {
    "internet_cafe": "cafe", "esports_hotel": "esports", "hotel": "hotel", "guesthouse": "hotel",
    "ktv": "nightlife", "bar": "nightlife", "tattoo_parlour": "tattoo",
    "cosmetic_clinic": "beauty", "kindergarten": "childcare", "training_institution": "school",
    "school_canteen": "food", "shop": "store", "store": "store", "website": "store",
    "app": "online", "platform": "online", "game": "online",
}


@dataclass(frozen=True)
class Context:
    """What the model reads of one violation: the clause stating it, its sentence, the whole
    text and the venue group involved ("" when none is known)."""

    clause: str
    sentence: str
    document: str
    group: str = ""


@dataclass(frozen=True)
class Prediction:
    """The most likely category and its probability."""

    category: Category
    probability: float


@lru_cache(maxsize=16)
def _document_features(document: str) -> tuple[tuple[str, float], ...]:
    # every violation of a text asks about the same text: read it once
    counts = Counter(words(document))
    features = [(f"d:{w}", 0.1 * math.log1p(n)) for w, n in counts.items()]
    topics = hits(document)
    total = sum(topics.values()) or 1
    features += [(f"td:{c.value}", 2.0 * n / total) for c, n in topics.items() if n]
    return tuple(features)


def _local_features(context: Context) -> dict[str, float]:
    # what is particular to one violation: its clause, sentence and venue
    out: dict[str, float] = {}
    for word in words(context.sentence):
        out[f"s:{word}"] = 0.5
    for word in words(context.clause):
        out[f"c:{word}"] = 1.0
    if context.group:
        out[f"k:{context.group}"] = 1.0
    for category, n in hits(context.clause).items():
        if n:
            out[f"tc:{category.value}"] = float(n)
    for category, n in hits(context.sentence).items():
        if n:
            out[f"ts:{category.value}"] = 0.5 * n
    return out


def features(context: Context) -> dict[str, float]:
    """The named features of a violation's context (see the module docstring)."""
    return {**dict(_document_features(context.document)), **_local_features(context)}


class CategoryModel:
    """Weights per (feature, category) and a bias per category."""

    def __init__(self, names: Sequence[str], categories: Sequence[Category],
                 weights: np.ndarray, bias: np.ndarray, meta: dict[str, Any] | None = None):
        self.index = {name: i for i, name in enumerate(names)}
        self.categories = list(categories)
        self.weights = weights  # (features, categories)
        self.bias = bias
        self.meta = meta or {}
        self._last_document: tuple[str, np.ndarray] | None = None

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> CategoryModel:
        """The model saved at `path` (OSError when there is none, ValueError when damaged)."""
        record = json.loads((path / _RECORD).read_text(encoding="utf-8"))
        with np.load(path / _WEIGHTS, allow_pickle=False) as arrays:
            weights, bias = arrays["weights"], arrays["bias"]
        names, categories = record["features"], [Category(c) for c in record["categories"]]
        if weights.shape != (len(names), len(categories)) or bias.shape != (len(categories),):
            raise ValueError(f"{path}: weights do not fit the feature list")
        meta = {k: v for k, v in record.items() if k != "features"}
        return cls(names, categories, weights, bias, meta)

    def probabilities(self, context: Context) -> dict[Category, float]:
        """The probability of each category for a violation's context."""
        scores = self.bias + self._document_scores(context.document) + \
            self._scores(_local_features(context).items())
        scores -= scores.max()
        exp = np.exp(scores)
        exp /= exp.sum()
        return {c: float(p) for c, p in zip(self.categories, exp, strict=True)}

    def _scores(self, named: Iterable[tuple[str, float]]) -> np.ndarray:
        rows, values = [], []
        for name, value in named:
            row = self.index.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        return np.asarray(values) @ self.weights[rows] if rows else np.zeros(len(self.bias))

    def _document_scores(self, document: str) -> np.ndarray:
        # every violation of a text shares the text's part of the score: work it out once
        last = self._last_document  # one read: another thread may replace it meanwhile
        if last is None or last[0] != document:
            last = (document, self._scores(_document_features(document)))
            self._last_document = last
        return last[1]

    def predict(self, context: Context) -> Prediction:
        """The most likely category of a violation."""
        probabilities = self.probabilities(context)
        best = max(probabilities, key=lambda c: probabilities[c])
        return Prediction(best, probabilities[best])

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write the weights and the training record (features, categories, fingerprint...)."""
        path.mkdir(parents=True, exist_ok=True)
        names = sorted(self.index, key=lambda n: self.index[n])
        np.savez_compressed(path / _WEIGHTS, weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32))
        record = {**meta, "categories": [c.value for c in self.categories], "features": names}
        (path / _RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")


def train(contexts: Sequence[Context], labels: Sequence[Category],
          regularisation: float = REGULARISATION) -> CategoryModel:
    """A model fitted to labelled contexts (needs scikit-learn: `pip install casegraph[train]`);
    the same one for the same data."""
    if len(set(labels)) < 2:
        raise ValueError("training needs violations of at least two categories")
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:  # pragma: no cover - the dev and train extras install it
        raise RuntimeError("training the category model needs scikit-learn: "
                           "pip install 'casegraph[train]'") from e
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features(c) for c in contexts])
    y = [c.value for c in labels]
    fitted = LogisticRegression(C=regularisation, max_iter=2000).fit(x, y)
    categories = [Category(c) for c in fitted.classes_]
    weights, bias = fitted.coef_, fitted.intercept_
    if len(categories) == 2:
        # two classes come as one row: p(second) = sigmoid(s); the softmax of (-s/2, s/2) is it
        weights, bias = np.vstack([-weights / 2, weights / 2]), np.concatenate([-bias / 2,
                                                                              bias / 2])
    return CategoryModel(list(vectorizer.get_feature_names_out()), categories,
                         weights.T.copy(), bias.copy())
