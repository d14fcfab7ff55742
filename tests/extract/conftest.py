"""Fixtures for the extraction tests: the real pipelines (the statistical model and the
rules-only blank one), each loaded once per test session, and runners for them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from extract.api import extract_text
from extract.pipeline import load
from graph.records import Record
from tests.extract.helpers import BLANK, MODEL


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
