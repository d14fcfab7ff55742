"""The breach classifier: what it reads, how it is trained and saved, how it backs the cue rules
in the pipeline, and that the shipped model is the one trained on the current tuning gold."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from spacy.language import Language

from extract.categories import CategoryModel
from extract.classifier import MODEL_DIR, BreachClassifier, Sample, sentence_words, train
from extract.train import (
    EPOCHS,
    HELD_ASIDE,
    REGULARISATIONS,
    THRESHOLDS,
    TUNING,
    data_fingerprint,
    main,
    tuning_gold,
)
from extract.violations import ViolationFinder
from tests.extract.helpers import DEV_GOLD, REPO, until, violation_finder

BREACHES = [
    "@company sold cigarettes to @num pupils without asking their age .",
    "@venue admitted minors after midnight and let them play games .",
    "@operator tattooed @num children without their parents ' consent .",
    "@company collected children 's voice recordings without consent .",
    "@venue rented rooms to unaccompanied teenagers .",
    "@operator served beer to three schoolgirls .",
]
OTHERS = [
    "@authority fined @company @num yuan on @num may .",
    "the law forbids selling tobacco to minors .",
    "@company said it had changed its procedures .",
    "@authority ordered @venue to close for a month .",
    "@operator runs @venue in @place .",
    "the case is the first of its kind in @place .",
]


def samples() -> list[Sample]:
    return [Sample(tuple(s.split()), True) for s in BREACHES] + [
        Sample(tuple(s.split()), False) for s in OTHERS]


@pytest.fixture(scope="module")
def toy() -> BreachClassifier:
    return train(samples(), epochs=12)


def test_training_learns_the_sentences_it_is_shown(toy: BreachClassifier) -> None:
    scores = toy.scores([s.split() for s in BREACHES + OTHERS])
    breach, other = scores[:len(BREACHES)], scores[len(BREACHES):]
    assert min(breach) > max(other)
    # and carries over to a sentence it has not seen, worded like its breaches
    unseen, fine = toy.scores([
        "@venue sold cigarettes to teenagers without asking their age .".split(),
        "@authority fined @venue @num yuan .".split()])
    assert unseen > fine


def test_training_is_repeatable() -> None:
    a, b = train(samples(), epochs=3), train(samples(), epochs=3)
    words = [s.split() for s in BREACHES + OTHERS]
    assert a.scores(words) == b.scores(words)


def test_training_needs_sentences_of_both_kinds() -> None:
    with pytest.raises(ValueError, match="both"):
        train([Sample(("a", "b"), False)] * 3)


def test_an_empty_sentence_scores_nothing(toy: BreachClassifier) -> None:
    assert toy.scores([[], ["@company", "sold", "beer"]])[0] == 0.0


def test_saved_classifier_loads_with_its_threshold(toy: BreachClassifier,
                                                   tmp_path: Path) -> None:
    toy.threshold = 0.42
    toy.save(tmp_path / "m", {"note": "test"})
    again = BreachClassifier.load(tmp_path / "m")
    words = [s.split() for s in BREACHES]
    assert again.threshold == 0.42 and again.meta["note"] == "test"
    assert again.scores(words) == pytest.approx(toy.scores(words))


def test_sentence_words_stand_names_for_their_types(model_nlp: Language) -> None:
    doc, state = until(model_nlp, "Zhang Mou, the operator of the Feiyu Internet Cafe, sold 3 "
                                  "packs of cigarettes to pupils.", "casegraph_output")
    words = sentence_words(doc, state, next(iter(doc.sents)))
    assert words[:2] == ["@operator", ","]
    assert "@venue" in words and "@num" in words and "cigarettes" in words
    assert not any(w in words for w in ("zhang", "feiyu", "3"))


def test_the_classifier_backs_the_rules_in_the_pipeline(model_nlp: Language) -> None:
    """A sentence no cue knows becomes a violation when the classifier says so, with the
    business as its offender, and not when the classifier is off or unsure."""
    text = ("The Lantern Bar in Xuzhou is run by Lantern Leisure Co., Ltd. On 3 May the Lantern "
            "Bar poured four glasses of rum punch for a table of Year 9 schoolchildren. The "
            "Xuzhou Market Regulation Bureau fined the company.")
    finder = violation_finder(model_nlp)
    shipped = finder.classifier
    assert shipped is not None

    def violations(threshold: float | None) -> list[tuple[str, str]]:
        if threshold is None:
            finder.classifier = None
        else:
            shipped.threshold = threshold
            finder.classifier = shipped
        doc = model_nlp(text)
        data = doc._.casegraph
        names = {e["key"]: e["name"] for e in data["entities"]}
        return [(names[r["source"]], names[r["target"]]) for r in data["relations"]
                if r["type"] == "COMMITTED"]

    saved = shipped.threshold
    try:
        assert violations(None) == []  # the rules alone miss it
        assert violations(1.01) == []
        found = violations(0.0)
        assert found and {who for who, _ in found} <= {"Lantern Bar",
                                                       "Lantern Leisure Co., Ltd."}
    finally:
        shipped.threshold = saved
        finder.classifier = shipped


def test_a_missing_model_leaves_the_rules_alone(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert ViolationFinder(str(tmp_path / "nothing")).classifier is None
    assert "python -m extract.train" in caplog.text
    assert ViolationFinder("none").classifier is None


def test_the_shipped_model_is_trained_on_the_current_tuning_gold() -> None:
    """Retrain with `python -m extract.train` after changing the tuning gold or texts."""
    record = json.loads((MODEL_DIR / "training.json").read_text(encoding="utf-8"))
    assert record["fingerprint"] == data_fingerprint(tuning_gold(REPO / "examples" / "gold")), \
        "extract/models/breaches is stale: run `python -m extract.train`"
    assert record["trained_on"] == [f"{stem}.jsonl" for stem in TUNING]
    assert record["threshold"] == record["cross_validation"]["best"]
    assert record["cross_validation"]["epochs"] in EPOCHS


@pytest.mark.parametrize("split", sorted(HELD_ASIDE))
def test_training_refuses_a_held_aside_split(split: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    gold = REPO / "examples" / "gold" / f"{split}.jsonl"
    assert main(["--gold", str(DEV_GOLD), str(gold), "--out", "/nonexistent"]) == 2
    assert "held-aside" in capsys.readouterr().err


def test_training_never_includes_the_held_aside_splits() -> None:
    assert not HELD_ASIDE & set(TUNING)
    assert "heldout" in HELD_ASIDE


def test_texts_folder_goes_with_one_gold_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--gold", str(DEV_GOLD), str(DEV_GOLD), "--texts", "/tmp"]) == 2
    assert "single --gold" in capsys.readouterr().err


def test_training_command_writes_a_model(tmp_path: Path, model_nlp: Language) -> None:
    corpus = REPO / "tests" / "extract" / "corpus"
    gold = corpus / "gold.jsonl"
    assert main(["--gold", str(gold), "--texts", str(corpus), "--folds", "2",
                 "--out", str(tmp_path / "m"), "--categories-out", str(tmp_path / "c")]) == 0
    model = BreachClassifier.load(tmp_path / "m")
    assert model.threshold in THRESHOLDS
    assert model.meta["fingerprint"] == data_fingerprint(gold, corpus)
    assert model.meta["texts"] == 12 and model.meta["breaches"] > 0
    assert set(model.meta["cross_validation"]["sentences"]) == {str(t) for t in THRESHOLDS}
    assert set(model.meta["cross_validation"]["f1_by_epochs"]) == {str(e) for e in EPOCHS}
    categories = CategoryModel.load(tmp_path / "c")
    assert categories.meta["fingerprint"] == model.meta["fingerprint"]
    assert categories.meta["violations"] > 0
    assert categories.meta["regularisation"] in REGULARISATIONS


def test_unreadable_training_texts_are_reported(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "dev.jsonl"
    gold.write_text(json.dumps({"id": "absent", "entities": [], "relations": [],
                                "violations": []}) + "\n", encoding="utf-8")
    assert main(["--gold", str(gold), "--texts", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err

