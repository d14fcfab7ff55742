"""The category model: what it reads of a violation, that its saved weights predict exactly what
scikit-learn fitted, how it files the pipeline's violations, and that the shipped model is the
one trained on the current tuning gold."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.language import Language

from extract.categories import (
    MODEL_DIR,
    REGULARISATION,
    CategoryModel,
    Context,
    features,
    train,
)
from extract.topics import GENERAL_NAMES
from extract.train import TUNING, data_fingerprint, tuning_gold
from extract.violations import ViolationFinder
from graph.model import Category
from tests.extract.helpers import REPO, violation_finder

C = Category
DOCUMENT = "A licensing case about a bar and a tattoo studio in Leeds."
TRAINING: list[tuple[str, Category]] = [
    ("served vodka to a 16-year-old", C.ALCOHOL_TOBACCO),
    ("sold cider to two schoolgirls without asking their age", C.ALCOHOL_TOBACCO),
    ("sold a pack of cigarettes to a 15-year-old", C.ALCOHOL_TOBACCO),
    ("tattooed a 14-year-old girl", C.TATTOO_AND_COSMETIC),
    ("inked a dragon on the arm of a 16-year-old", C.TATTOO_AND_COSMETIC),
    ("pierced the navel of a minor", C.TATTOO_AND_COSMETIC),
    ("collected children's photos without parental consent", C.PERSONAL_INFORMATION),
    ("kept voice recordings of children for years", C.PERSONAL_INFORMATION),
    ("shared pupils' data with advertisers", C.PERSONAL_INFORMATION),
]


def contexts(rows: list[tuple[str, Category]]) -> tuple[list[Context], list[Category]]:
    return [Context(text, text + ".", DOCUMENT) for text, _ in rows], [c for _, c in rows]


@pytest.fixture(scope="module")
def toy() -> CategoryModel:
    return train(*contexts(TRAINING))


def test_features_weigh_the_clause_above_its_sentence_and_the_text() -> None:
    f = features(Context("sold vodka", "The bar sold vodka to a girl.", "The bar sold vodka.",
                         "nightlife"))
    assert f["c:vodka"] == 1.0 and f["s:vodka"] == 0.5 and 0 < f["d:vodka"] < 0.5
    assert f["k:nightlife"] == 1.0
    assert f["tc:alcohol_tobacco"] == 1.0 and f["ts:alcohol_tobacco"] == 0.5
    assert "k:" not in "".join(features(Context("x", "x", "x")))


def test_the_model_learns_the_categories_it_is_shown(toy: CategoryModel) -> None:
    for context, label in zip(*contexts(TRAINING), strict=True):
        assert toy.predict(context).category is label
    unseen = Context("handed a bottle of vodka to a boy of 15", "", DOCUMENT)
    assert toy.predict(unseen).category is C.ALCOHOL_TOBACCO


def test_probabilities_are_those_scikit_learn_fitted(toy: CategoryModel) -> None:
    given, labels = contexts(TRAINING)
    vectorizer = DictVectorizer()
    fitted = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(
        vectorizer.fit_transform([features(c) for c in given]), [c.value for c in labels])
    probe = Context("tattooed a boy and sold him cider", "He was 15.", DOCUMENT, "tattoo")
    expected = fitted.predict_proba(vectorizer.transform([features(probe)]))[0]
    ours = toy.probabilities(probe)
    for value, p in zip(fitted.classes_, expected, strict=True):
        assert ours[Category(value)] == pytest.approx(p, abs=1e-9)


def test_two_categories_give_the_same_probabilities_as_scikit_learn() -> None:
    rows = TRAINING[:6]
    given, labels = contexts(rows)
    model = train(given, labels)
    vectorizer = DictVectorizer()
    fitted = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(
        vectorizer.fit_transform([features(c) for c in given]), [c.value for c in labels])
    probe = Context("served rum to a tattooed teenager", "", DOCUMENT)
    expected = fitted.predict_proba(vectorizer.transform([features(probe)]))[0]
    ours = model.probabilities(probe)
    assert set(ours) == {C.ALCOHOL_TOBACCO, C.TATTOO_AND_COSMETIC}
    for value, p in zip(fitted.classes_, expected, strict=True):
        assert ours[Category(value)] == pytest.approx(p, abs=1e-9)


def test_training_needs_two_categories() -> None:
    with pytest.raises(ValueError, match="two categories"):
        train(*contexts(TRAINING[:3]))


def test_training_is_repeatable() -> None:
    a, b = train(*contexts(TRAINING)), train(*contexts(TRAINING))
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)


def test_a_saved_model_predicts_what_it_did(toy: CategoryModel, tmp_path: Path) -> None:
    toy.save(tmp_path / "m", {"fingerprint": "x"})
    loaded = CategoryModel.load(tmp_path / "m")
    assert loaded.meta["fingerprint"] == "x"
    for context in contexts(TRAINING)[0]:
        assert loaded.probabilities(context) == pytest.approx(toy.probabilities(context),
                                                              abs=1e-6)
        assert sum(loaded.probabilities(context).values()) == pytest.approx(1.0)


def test_a_damaged_model_is_refused(toy: CategoryModel, tmp_path: Path) -> None:
    toy.save(tmp_path / "m", {})
    record = json.loads((tmp_path / "m" / "training.json").read_text(encoding="utf-8"))
    record["features"] = record["features"][:-1]
    (tmp_path / "m" / "training.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(ValueError, match="do not fit"):
        CategoryModel.load(tmp_path / "m")
    with pytest.raises(OSError):
        CategoryModel.load(tmp_path / "absent")


def test_the_model_files_the_pipelines_violations(model_nlp: Language,
                                                  toy: CategoryModel) -> None:
    """With a model that knows only three categories, every violation lands in one of them,
    and one whose category changed carries that category's general name."""
    text = ("The Copper Kettle bar in Leeds is run by Mr Dean Hollis. On 4 March the Copper "
            "Kettle sold vodka to a 16-year-old girl without asking her age. Leeds City Council "
            "suspended the licence of the bar.")
    finder = violation_finder(model_nlp)
    shipped = finder.categories
    try:
        finder.categories = None
        rules = [e for e in model_nlp(text)._.casegraph["entities"] if e["type"] == "Violation"]
        finder.categories = toy
        filed = [e for e in model_nlp(text)._.casegraph["entities"] if e["type"] == "Violation"]
    finally:
        finder.categories = shipped
    assert rules and filed
    known = {C.ALCOHOL_TOBACCO.value, C.TATTOO_AND_COSMETIC.value, C.PERSONAL_INFORMATION.value}
    assert all(e["properties"]["category"] in known for e in filed)
    assert any(e["properties"]["category"] == C.ALCOHOL_TOBACCO.value for e in filed)
    rule_names = {e["name"]: e["properties"]["category"] for e in rules}
    for e in filed:
        category = Category(e["properties"]["category"])
        assert e["name"] == GENERAL_NAMES[category] or rule_names.get(e["name"]) == category.value


def test_a_missing_model_keeps_the_rules_categories(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert ViolationFinder(category_model=str(tmp_path / "nothing")).categories is None
    assert "python -m extract.train" in caplog.text
    assert ViolationFinder(category_model="none").categories is None


def test_the_shipped_model_is_trained_on_the_current_tuning_gold() -> None:
    """Retrain with `python -m extract.train` after changing the tuning gold or texts."""
    model = CategoryModel.load(MODEL_DIR)
    assert model.meta["fingerprint"] == data_fingerprint(tuning_gold(REPO / "examples" / "gold")), \
        "extract/models/categories is stale: run `python -m extract.train`"
    assert model.meta["trained_on"] == [f"{stem}.jsonl" for stem in TUNING]
    assert set(model.categories) == set(Category)
    assert model.meta["regularisation"] == model.meta["cross_validation"]["best"]
