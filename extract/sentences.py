"""A sentence seen through its entities: every mention (and resolved pronoun) becomes one item
`E<n>:<T>`, every other word stays a lowercase word. Relation rules are regular expressions over
this view, so one rule covers "Sunward", "the company" and "it" alike.

Type letters: C company, V venue, O operator (a person), A authority, L location, K case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from spacy.tokens import Doc, Span

from extract.state import EntityDraft, Mention, State
from graph.model import Label

LETTER: Final[dict[Label, str]] = {
    Label.COMPANY: "C", Label.VENUE: "V", Label.OPERATOR: "O", Label.AUTHORITY: "A",
    Label.LOCATION: "L", Label.CASE: "K",
}
_MACROS: Final[dict[str, str]] = {
    "C": "C", "V": "V", "O": "O", "A": "A", "L": "L", "K": "K", "BIZ": "[CV]",
    "PARTY": "[CVO]", "ANY": "[CVOALK]", "OWNER": "[CO]",
}
# Quote marks and Markdown emphasis say nothing about relations: 'the app, "Guardian Star", is'
# reads as "the app, Guardian Star, is".
_SKIPPED: Final = frozenset({'"', "“", "”", "*", "**", "_", "«", "»", "„"})
_POSSESSIVE_PRONOUNS: Final = frozenset({"its", "his", "her", "their", "whose"})
_SLOT: Final = re.compile(r"\{(?:(\w+):)?(\w+)\}")
_GAP: Final = re.compile(r"<(\d+),(\d+)>")


def compile_rule(pattern: str) -> re.Pattern[str]:
    """Compile a rule written with slots: `{src:PARTY}` captures an entity item of the given
    types as group `src`; `{BIZ}` matches one without capturing; `<0,3>` skips 0 to 3 words."""

    def slot(match: re.Match[str]) -> str:
        name, kind = match.group(1), match.group(2)
        letters = _MACROS[kind]
        return f"E(?P<{name}>\\d+):{letters}" if name else f"E\\d+:{letters}"

    text = _SLOT.sub(slot, pattern)
    text = _GAP.sub(lambda m: f"(?:\\S+ ){{{m.group(1)},{m.group(2)}}}?", text)
    # A lookahead, so matches may overlap ("A , B , C" yields A->B and B->C).
    return re.compile(r"(?=(?:^| )" + text + r"(?= |$))")


@dataclass
class Item:
    """One position of the view: an entity (with the token span it covers) or a word."""

    start: int
    end: int
    text: str
    entity: EntityDraft | None = None
    mention: Mention | None = None


@dataclass
class SentenceView:
    """A sentence as items and as the string rules run on."""

    sent: Span
    items: list[Item] = field(default_factory=list)
    string: str = ""

    def entity(self, index: str | int) -> EntityDraft | None:
        return self.items[int(index)].entity


def view(doc: Doc, sent: Span, state: State) -> SentenceView:
    """The entity view of one sentence."""
    starts = state.mention_starts()
    items: list[Item] = []
    i = sent.start
    while i < sent.end:
        token = doc[i]
        m = starts.get(i)
        if m is not None and m.key in state.entities:
            entity = state.entities[m.key]
            items.append(Item(m.start, m.end, "", entity, m))
            i = m.end
            continue
        key = state.pronouns.get(i)
        if key is not None and key in state.entities:
            items.append(Item(i, i + 1, "", state.entities[key]))
            if token.lower_ in _POSSESSIVE_PRONOUNS:
                items.append(Item(i + 1, i + 1, "'s"))  # "its app" reads as "<company> 's app"
            i += 1
            continue
        if not token.is_space and token.text not in _SKIPPED:
            items.append(Item(i, i + 1, token.lower_.replace(" ", "_").replace("’", "'")))
        i += 1
    parts = []
    for n, item in enumerate(items):
        if item.entity is not None:
            parts.append(f"E{n}:{LETTER[item.entity.type]}")
        else:
            parts.append(item.text)
    return SentenceView(sent, items, " ".join(parts))


def item_at(view_: SentenceView, match: re.Match[str], group: str) -> Item:
    return view_.items[int(match.group(group))]
