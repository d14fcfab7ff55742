"""The working state the rule components share while they read one document: mentions, the
entities they form, relations and violations. It lives on `doc._.cg_state` between components
and is turned into plain data (`doc._.casegraph`) by the last one, so docs can cross processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from spacy.tokens import Doc

from graph.model import Category, Label, RelType


class Form(StrEnum):
    """How a mention refers to its entity."""

    NAME = "name"  # a proper name: "Sunward Network Technology Co., Ltd."
    ALIAS = "alias"  # a short or alternative name: "Sunward", "(ICO)", "Zhang"
    GENERIC = "generic"  # an unnamed description: "a company in Beijing"
    ANAPHOR = "anaphor"  # a definite description referring back: "the app", "the bureau"


@dataclass
class Mention:
    """A token span that names or describes an entity. `type` None means a capitalised name
    whose type is still unknown (it may turn out to be a short form of a known entity)."""

    start: int
    end: int
    type: Label | None
    form: Form = Form.NAME
    kind: str | None = None
    ner: str | None = None
    weak: bool = False  # found in a title-case headline, where capitals say little
    person: bool = False  # a natural person (becomes an Operator only with a role)
    anonymised: bool = False
    alias_of: int | None = None  # index of the mention this one is an alias of
    former: bool = False  # the alias is a former name ("formerly Y")
    quoted: bool = False  # a title in quote marks
    name_end: int | None = None  # a generic description's name runs on ("... in Qingdao")
    place: tuple[int, int] | None = None  # a place written in front: "Xuzhou e-sports hotel"
    key: str | None = None  # entity key, set when mentions are grouped

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class EntityDraft:
    """One entity of the document: its mentions and what is known about it."""

    key: str
    type: Label
    name: str
    mentions: list[Mention] = field(default_factory=list)
    kind: str | None = None
    generic: bool = False
    aliases: list[str] = field(default_factory=list)
    official: bool = False  # a person who only speaks or acts for an authority
    role: bool = False  # a person with an operator's role ("owner", "legal representative")
    staff: bool = False  # a person who works for a business without running it ("the driver")
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def acts_for_others(self) -> bool:
        """An official or a member of staff: acts for an authority or a business, is no
        party of the case."""
        return self.official or self.staff

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=0)


@dataclass
class RelationDraft:
    """A relation found by a rule, with the token span of its evidence sentence."""

    type: RelType
    source: str
    target: str
    confidence: float
    sent_start: int
    sent_end: int
    rule: str = ""


@dataclass
class ViolationDraft:
    """One violation cue: its span, category, normalised name and who committed it."""

    start: int
    end: int
    category: Category
    name: str
    offender: str | None = None
    confidence: float = 0.7
    key: str | None = None


@dataclass
class State:
    """Everything the rule components know about one doc."""

    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, EntityDraft] = field(default_factory=dict)
    pronouns: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    relations: list[RelationDraft] = field(default_factory=list)
    violations: list[ViolationDraft] = field(default_factory=list)
    title_tokens: set[int] = field(default_factory=set)
    party_key: str | None = None  # the entity on a "Party:" / "Defendant:" line
    _starts: tuple[tuple[int, int], dict[int, Mention]] | None = field(default=None, repr=False)
    _covered: tuple[tuple[int, int], dict[int, Mention]] | None = field(default=None,
                                                                         repr=False)

    def _stamp(self) -> tuple[int, int]:
        # mentions get their keys when the entities are built, and later components only add
        # mentions and entities: the two sizes tell when an index is out of date
        return len(self.mentions), len(self.entities)

    def mention_starts(self) -> dict[int, Mention]:
        """Keyed mentions by their first token (built once the mentions have keys)."""
        stamp = self._stamp()
        if self._starts is None or self._starts[0] != stamp:
            self._starts = (stamp, {m.start: m for m in self.mentions if m.key})
        return self._starts[1]

    def entity_at(self, token: int) -> EntityDraft | None:
        """The entity a token belongs to, through a mention or a resolved pronoun."""
        stamp = self._stamp()
        if self._covered is None or self._covered[0] != stamp:
            covered: dict[int, Mention] = {}
            for m in reversed(self.mentions):  # the first mention over a token wins
                if m.key:
                    for i in range(m.start, m.end):
                        covered[i] = m
            self._covered = (stamp, covered)
        hit = self._covered[1].get(token)
        if hit is not None and hit.key:
            return self.entities.get(hit.key)
        key = self.pronouns.get(token)
        return self.entities.get(key) if key else None


def register_extensions() -> None:
    """Doc extensions the components use (idempotent)."""
    if not Doc.has_extension("cg_state"):
        Doc.set_extension("cg_state", default=None)
    if not Doc.has_extension("casegraph"):
        Doc.set_extension("casegraph", default=None)


def state_of(doc: Doc) -> State:
    """The doc's working state, created on first use."""
    state = doc._.cg_state
    if state is None:
        state = State()
        doc._.cg_state = state
    assert isinstance(state, State)
    return state
