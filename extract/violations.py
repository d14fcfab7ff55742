"""The `casegraph_violations` component: violation cues found by the span ruler become
Violation entities (a taxonomy category and a normalised name, see `extract.taxonomy`), each
linked by COMMITTED to the business or person the sentence makes its actor. Sentences that no
cue matched go to the breach classifier (`extract.classifier`); those it finds to state a breach
become violations of the general name of their topic."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.categories import MODEL_DIR as CATEGORY_DIR
from extract.categories import CategoryModel, Context
from extract.classifier import MODEL_DIR, BreachClassifier, sentence_words
from extract.clauses import CLAUSE, WIDENED
from extract.cues import clause_cues, quotations, reports_misconduct, select_cues, staff_subject
from extract.findings import REPORTING_VERBS, finding_cues
from extract.mentions import RULES_KEY
from extract.offenders import fallback_offender, find_offenders, main_parties, maker
from extract.state import (
    EntityDraft,
    Form,
    Mention,
    RelationDraft,
    State,
    ViolationDraft,
    register_extensions,
    state_of,
)
from extract.taxonomy import MISCONDUCT, SETTLED_NAMES, VENUE_GROUPS, classify
from extract.topics import GENERAL_NAMES
from graph.model import Category, Label, RelType, make_id

log = logging.getLogger(__name__)
_Model = TypeVar("_Model")
_CLAUSE_LENGTH: Final = 8
BUILTIN: Final = "builtin"
"""The model setting that names the model shipped with casegraph."""
NO_MODEL: Final = "none"
"""The model setting that switches a model off (the cue rules alone decide)."""
SURE_CATEGORY: Final = 0.5
"""The probability above which the category model overrides the category a specific cue gave."""
_MIN_SENTENCE: Final = 4  # tokens: shorter sentences are headings and list labels
# A clause whose main verb says who runs, owns or makes what is background, however sure the
# classifier is: its training sentences often say so on the way to a breach.
_BUSINESS_VERBS: Final = frozenset({
    "run", "runs", "ran", "operate", "operates", "operated", "own", "owns", "owned", "manage",
    "manages", "managed", "develop", "develops", "developed", "publish", "publishes",
    "published", "make", "makes", "founded", "opened",
})


@Language.factory(
    "casegraph_violations",
    requires=["doc.spans", "doc._.cg_state"],
    assigns=["doc._.cg_state"],
    default_config={"breach_model": BUILTIN, "category_model": BUILTIN},
)
def make_violations(nlp: Language, name: str, breach_model: str,
                    category_model: str) -> ViolationFinder:
    """Violations from cue patterns, with their category, name and offender; `breach_model`
    is the breach classifier to back them with and `category_model` the model that files them
    under a category (each a folder, "builtin" or "none")."""
    register_extensions()
    return ViolationFinder(breach_model, category_model)


class ViolationFinder:
    """The `casegraph_violations` component."""

    def __init__(self, breach_model: str = BUILTIN, category_model: str = BUILTIN) -> None:
        self.breach_model = breach_model
        self.category_model = category_model
        self._classifier: BreachClassifier | None = None
        self._loaded = breach_model == NO_MODEL
        self._categories: CategoryModel | None = None
        self._categories_loaded = category_model == NO_MODEL

    @property
    def classifier(self) -> BreachClassifier | None:
        """The breach classifier, loaded on first use (None when switched off or missing)."""
        if not self._loaded:
            self._loaded = True
            self._classifier = _load(self.breach_model, MODEL_DIR, BreachClassifier.load,
                                     "breach classifier",
                                     "violations come from the cue rules only")
        return self._classifier

    @classifier.setter
    def classifier(self, value: BreachClassifier | None) -> None:
        self._classifier, self._loaded = value, True

    @property
    def categories(self) -> CategoryModel | None:
        """The category model, loaded on first use (None when switched off or missing)."""
        if not self._categories_loaded:
            self._categories_loaded = True
            self._categories = _load(self.category_model, CATEGORY_DIR, CategoryModel.load,
                                     "category model", "violations keep the rules' categories")
        return self._categories

    @categories.setter
    def categories(self, value: CategoryModel | None) -> None:
        self._categories, self._categories_loaded = value, True

    def __getstate__(self) -> dict[str, Any]:
        # worker processes load the models themselves
        return {"breach_model": self.breach_model, "category_model": self.category_model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["breach_model"], state["category_model"])  # type: ignore[misc]

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found_cues = [s for s in doc.spans.get(RULES_KEY, []) if s.label_ == "VIOLATION"]
        cues = select_cues(found_cues + clause_cues(doc, state)
                           + finding_cues(doc, state))
        main = main_parties(state)
        dominant = _dominant_venue_kind(doc)
        context = frozenset(t.lower_ for t in doc)
        quoted = quotations(doc)
        document = doc.text
        for cue in cues:
            if any(a <= cue.start and cue.end <= b for a, b in quoted):
                continue  # quoted speech comments on a case; it does not report a breach
            if cue.id_ == MISCONDUCT and not reports_misconduct(doc, state, cue):
                continue
            offenders, direct = find_offenders(doc, state, cue)
            if cue.id_ == MISCONDUCT and not offenders and not staff_subject(cue) and \
                    cue.label_ != CLAUSE:
                continue  # a general cue needs a party acting: "minors are not admitted" is none
            offenders = [maker(state, key) for key in offenders]
            words = frozenset(t.lower_ for t in cue.sent)
            sentence = cue.sent.text
            # a cue as long as a clause says best what the breach is about; a short one does not
            clause = cue.text if len(cue) >= _CLAUSE_LENGTH else ""
            kind = _venue_kind(state, offenders, dominant)
            found = classify(cue.id_, kind, words, context, sentence, document, clause)
            if found is None and cue.kb_id_ == WIDENED:
                # the pattern's reading does not fit ("found ... children" with no venue), but
                # the clause around it still reports a breach
                found = classify(MISCONDUCT, kind, words, context, sentence, document, clause)
            if found is None:
                continue
            if not offenders:
                fallback = fallback_offender(state, main, found.category)
                offenders = [fallback] if fallback else []
                kind = _venue_kind(state, offenders, dominant)
                found = classify(cue.id_, kind, words, context, sentence, document,
                                 clause) or found
            state.violations.append(ViolationDraft(
                cue.start, cue.end, found.category, found.name,
                offender=",".join(offenders) or None, confidence=0.8 if direct else 0.6,
            ))
        if self.classifier is not None:
            self._classified(doc, state, main, dominant, context, quoted)
        if self.categories is not None:
            _recategorised(doc, state, self.categories)
        _entities(doc, state)
        return doc

    def _classified(self, doc: Doc, state: State, main: dict[Label, str], dominant: str | None,
                    context: frozenset[str], quoted: list[tuple[int, int]]) -> None:
        """Violations in the sentences no cue matched that the classifier finds to state a
        breach, named by their topic."""
        classifier = self.classifier
        assert classifier is not None
        covered = {doc[v.start].sent.start for v in state.violations}
        candidates = [
            sent for sent in doc.sents
            if sent.start not in covered and len(sent) >= _MIN_SENTENCE
            and sent.start not in state.title_tokens
            and not any(a <= sent.start and sent.end <= b for a, b in quoted)
        ]
        scores = classifier.scores([sentence_words(doc, state, s) for s in candidates])
        for sent, score in zip(candidates, scores, strict=True):
            if score < classifier.threshold:
                continue
            span = _breach_span(sent)
            if _states_who_runs_what(span):
                continue  # "Brightwave Media Ltd operates three learning apps" is background
            keys, _ = find_offenders(doc, state, span)
            offenders = [maker(state, key) for key in keys]
            words = frozenset(t.lower_ for t in sent)
            kind = _venue_kind(state, offenders, dominant)
            found = classify(MISCONDUCT, kind, words, context, sent.text, doc.text, span.text)
            if found is None:
                continue
            if not offenders:
                fallback = fallback_offender(state, main, found.category)
                if fallback is None:
                    continue  # a breach with nobody to have committed it is no finding
                offenders = [fallback]
            state.violations.append(ViolationDraft(
                span.start, span.end, found.category, found.name,
                offender=",".join(offenders), confidence=round(0.6 * score, 2),
            ))


def _load(setting: str, builtin: Path, loader: Callable[[Path], _Model], what: str,
          without: str) -> _Model | None:
    """A model named by a setting ("builtin" or a folder), or None with a warning that says
    what extraction does without it and how to build it."""
    path = builtin if setting == BUILTIN else Path(setting)
    try:
        return loader(path)
    except (OSError, ValueError, KeyError) as e:
        log.warning("%s not loaded from %s (%s): %s; run `python -m extract.train` to build it",
                    what, path, e, without)
        return None


def _states_who_runs_what(span: Span) -> bool:
    """Whether a clause only says who runs, owns or makes what, or what something is ("Zhao
    Mou runs the Midnight Maze escape room"): its main verb is one of those, with no negation,
    no "without" and no adverb of manner that would make it a breach."""
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return False
    root = span.root
    if root.lower_ not in _BUSINESS_VERBS:
        return False
    return not any(t.dep_ == "neg" or t.lower_ in ("without", "illegally", "unlawfully", "never")
                   for t in span)


def _breach_span(sent: Span) -> Span:
    """The part of a sentence that states the breach: what a finding reports ("The court found
    that <the cafe admitted ...>") or, without one, the sentence less its final punctuation."""
    doc = sent.doc
    # (without a parse there are no clauses; Span.root must not even be asked for)
    root = sent.root if doc.has_annotation("DEP") else None
    reported = [c for c in root.children if c.dep_ == "ccomp" and len(list(c.subtree)) >= 4] \
        if root is not None else []
    if root is not None and reported and root.lower_ in REPORTING_VERBS:
        tokens = list(reported[0].subtree)
        start, end = tokens[0].i, tokens[-1].i + 1
        if tokens[0].lower_ == "that":
            start += 1
    else:
        start, end = sent.start, sent.end
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space or
                               doc[start].like_num and start == sent.start):
        start += 1
    return doc[start:end]


def _dominant_venue_kind(doc: Doc) -> str | None:
    kinds = Counter(s.id_ for s in doc.spans.get(RULES_KEY, []) if s.label_ == "VENUE"
                    and s.id_ not in ("venue",))
    return kinds.most_common(1)[0][0] if kinds else None


def _venue_kind(state: State, offenders: list[str], dominant: str | None) -> str | None:
    for key in offenders:
        e = state.entities.get(key)
        if e is not None and e.type is Label.VENUE and e.kind:
            return e.kind
    for key in offenders:
        for r in state.relations:
            if r.source == key and r.type in (RelType.RUNS, RelType.OPERATES):
                target = state.entities.get(r.target)
                if target is not None and target.type is Label.VENUE and target.kind:
                    return target.kind
    return dominant


def _entities(doc: Doc, state: State) -> None:
    """One Violation entity per (category, name); COMMITTED from each offender, with the
    sentence as evidence."""
    by_name: dict[tuple[Category, str], EntityDraft] = {}
    for v in state.violations:
        entity = by_name.get((v.category, v.name))
        if entity is None:
            key = make_id(Label.VIOLATION, v.category.value, v.name)
            entity = EntityDraft(key=key, type=Label.VIOLATION, name=v.name,
                                 properties={"category": v.category.value})
            by_name[(v.category, v.name)] = entity
            state.entities[key] = entity
        mention = Mention(v.start, v.end, Label.VIOLATION, Form.NAME, key=entity.key)
        entity.mentions.append(mention)
        v.key = entity.key
        sent = doc[v.start].sent
        for offender in (v.offender or "").split(","):
            if offender in state.entities:
                state.relations.append(RelationDraft(
                    RelType.COMMITTED, offender, entity.key, v.confidence, sent.start, sent.end,
                    "violation",
                ))


def _recategorised(doc: Doc, state: State, model: CategoryModel) -> None:
    """Each violation filed under the category the model finds most likely for its clause,
    sentence, text and venue. The cue rules say what the breach is, but not reliably in which
    field it falls: the same missing identity check is `alcohol_tobacco` at a bar that served a
    16-year-old and `unsuitable_venues` at an internet cafe. A violation named by its topic
    words always takes the model's category; one a specific cue named keeps its own unless the
    model is sure (`SURE_CATEGORY`), and one whose field the taxonomy settles wherever it
    happens (selling drink or tobacco to a minor) keeps it. A violation whose category changes
    takes that category's general name (a name has one category)."""
    general = frozenset(GENERAL_NAMES.values())
    text = doc.text  # built on each access: read it once
    for v in state.violations:
        if v.name in SETTLED_NAMES:
            continue
        offenders = v.offender.split(",") if v.offender else []
        span = doc[v.start:v.end]
        # the offender's own venue only: the text's most common one may be another party's
        group = VENUE_GROUPS.get(_venue_kind(state, offenders, None) or "", "")
        found = model.predict(Context(span.text, span.sent.text, text, group))
        if found.category is v.category:
            continue
        if v.name in general or found.probability >= SURE_CATEGORY:
            v.category, v.name = found.category, GENERAL_NAMES[found.category]
