"""Fixtures for the extraction tests: the real pipelines (the statistical model and the
rules-only blank one), each loaded once per test session, and runners for them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from extract.api import extract_text, extract_texts
from extract.pipeline import load
from extract.readers import Text, read_paths
from graph.records import Record
from tests.extract.helpers import BLANK, DEV_TEXTS, MODEL


@pytest.fixture(scope="session")
def model_nlp() -> Language:
    return load(MODEL)


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    return load(BLANK)


@pytest.fixture(scope="session")
def extract_model(model_nlp: Language) -> Callable[[str], Record]:
    def run(text: str) -> Record:
        return extract_text(text, doc_id="t", model=MODEL)

    return run


@pytest.fixture(scope="session")
def extract_blank(blank_nlp: Language) -> Callable[[str], Record]:
    def run(text: str) -> Record:
        return extract_text(text, doc_id="t", model=BLANK)

    return run


@pytest.fixture(scope="session")
def dev_texts() -> list[Text]:
    texts = [t for t in read_paths([str(DEV_TEXTS)]) if isinstance(t, Text)]
    assert len(texts) >= 30, "the dev corpus is missing"
    return texts


@pytest.fixture(scope="session")
def dev_model_records(model_nlp: Language, dev_texts: list[Text]) -> list[Record]:
    return list(extract_texts(dev_texts, model=MODEL))


@pytest.fixture(scope="session")
def dev_blank_records(blank_nlp: Language, dev_texts: list[Text]) -> list[Record]:
    return list(extract_texts(dev_texts, model=BLANK))
