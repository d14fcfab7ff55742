"""The taxonomy's own decisions, on the words of a sentence alone: which category and name a
cue gets where the venue, the product or the field decides."""

from __future__ import annotations

from extract.taxonomy import MISCONDUCT, classify
from graph.model import Category


def words(sentence: str) -> frozenset[str]:
    return frozenset(sentence.lower().rstrip(".").split())


def test_a_sale_of_drink_is_that_breach_wherever_it_happens() -> None:
    sentence = "The volunteer was sold a bottle of cider by the manager at the bar."
    found = classify(MISCONDUCT, "bar", words(sentence), sentence=sentence, document=sentence)
    assert found is not None and found.category is Category.ALCOHOL_TOBACCO
    assert found.name == "selling alcohol to minors"


def test_an_other_breach_takes_the_category_of_its_field() -> None:
    sentence = "The hotel did not check the identity of the guests who checked in."
    found = classify("no_id_check", "hotel", words(sentence), sentence=sentence,
                     document=sentence)
    assert found is not None and found.category is Category.ACCOMMODATION
    # with nothing to say which field, it stays "other"
    bare = classify("no_id_check", None, frozenset({"identity"}))
    assert bare is not None and bare.category is Category.OTHER


def test_children_named_in_a_sentence_do_not_make_it_a_school_matter() -> None:
    sentence = "Nine pupils from a nearby school were let in and played until midnight."
    found = classify(MISCONDUCT, "internet cafe", words(sentence), sentence=sentence,
                     document="The internet cafe admitted minors. " + sentence)
    assert found is not None and found.category is Category.UNSUITABLE_VENUES
