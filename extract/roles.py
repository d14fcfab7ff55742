"""Roles of the people a text names: who runs a business (an operator) and who only speaks or
acts for an authority (an official, a reporter, a judge). Officials quoted about a case are not
operators, however often they are named."""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc

from extract.state import EntityDraft, Mention, State
from extract.vocab import OFFICIAL_WORDS, OPERATOR_ROLE_WORDS
from graph.model import Label

_STRICT_OFFICIAL: Final = frozenset({
    "prosecutor", "procurator", "judge", "spokesman", "spokeswoman", "spokesperson", "reporter",
    "journalist", "correspondent", "editor", "inspector", "policeman", "policewoman", "juror",
    "clerk", "researcher", "professor", "scholar", "analyst", "official", "officer",
    "commissioner", "investigator", "expert", "lawyer", "counsel", "councillor", "councilor",
    "senator", "legislator", "lawmaker", "alderman",
})
_AUTHORITY_WORDS: Final = re.compile(
    r"\b(procuratorate|court|bureau|administration|commission|committee|ministry|department|"
    r"office|authority|agency|regulator|police|inspectorate|team|government|council)\b",
    re.IGNORECASE,
)
_WINDOW: Final = 12
# People who work at a business without running it: they act for it, they are not its operators.
_STAFF_ROLES: Final = frozenset({
    "driver", "drivers", "cashier", "cashiers", "waiter", "waitress", "waiters", "cook",
    "cooks", "chef", "coach", "coaches", "lifeguard", "lifeguards", "nanny", "nannies",
    "cleaner", "guard", "receptionist", "employee", "employees", "worker", "workers",
    "attendant", "caretaker", "bartender", "instructor", "tutor", "nurse", "assistant",
    "clerk",
})


def _role_after(doc: Doc, m: Mention) -> tuple[str, str] | None:
    """The role noun of an apposition after a name ("X, deputy chief procurator of ...") and the
    text that follows the role."""
    i = m.end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    else:
        return None
    words: list[str] = []
    for j in range(i, min(len(doc), i + 6)):
        t = doc[j]
        if t.is_punct and t.text not in ("-",):
            break
        words.append(t.lower_)
        if t.lower_ in OFFICIAL_WORDS or t.lower_ in OPERATOR_ROLE_WORDS or \
                t.lower_ in _STAFF_ROLES:
            tail = doc[j + 1:min(len(doc), j + _WINDOW)].text
            return t.lower_, tail
    return None


def _role_before(doc: Doc, m: Mention) -> tuple[str, str] | None:
    """A role noun just before a name: "a spokesman for the procuratorate, Gao Jun",
    "Presiding judge: Xiang Li", "its chief executive, Daniel Okafor"."""
    start = max(0, m.start - _WINDOW)
    window = doc[start:m.start]
    if not len(window) or window[-1].text not in (",", ":") and not window[-1].is_alpha:
        return None
    for t in reversed(list(window)):
        if t.lower_ in OFFICIAL_WORDS or t.lower_ in OPERATOR_ROLE_WORDS or \
                t.lower_ in _STAFF_ROLES:
            # the whole phrase: "the bureau's deputy director," names the authority first
            return t.lower_, window.text
        if t.text in (".", ";", "\n") or t.is_space:
            break
    return None


def _byline(doc: Doc, m: Mention) -> bool:
    """'By Zhou Min' at the start of a line."""
    if m.start == 0:
        return False
    prev = doc[m.start - 1]
    if prev.text != "By":
        return False
    return m.start - 1 == 0 or doc[m.start - 2].is_space or "\n" in doc[m.start - 2].whitespace_


def _is_official(role: str, tail: str) -> bool:
    if role in _STRICT_OFFICIAL:
        return True
    return role in OFFICIAL_WORDS and bool(_AUTHORITY_WORDS.search(tail[:80]))


def mark_officials(doc: Doc, state: State) -> None:
    """Set `official`, `staff` and `role` on every person entity from the words around its
    mentions; an operator's role anywhere outweighs a staff word ("the owner, who also drives
    the bus")."""
    offices = {m.end for m in state.mentions
               if m.type is Label.AUTHORITY and m.key and m.end - m.start > 1}
    for entity in state.entities.values():
        if entity.type is not Label.OPERATOR:
            continue
        for m in entity.mentions:
            if m.start in offices:
                entity.official = True  # "California Attorney General Rob Bonta"
                continue
            if _byline(doc, m):
                entity.official = True
                continue
            for found in (_role_after(doc, m), _role_before(doc, m)):
                if found is None:
                    continue
                role, tail = found
                if role in _STAFF_ROLES:
                    entity.staff = True
                elif _is_official(role, tail):
                    entity.official = True
                elif role in OPERATOR_ROLE_WORDS:
                    entity.role = True
        entity.staff = entity.staff and not entity.role


def is_operator(entity: EntityDraft, related: bool) -> bool:
    """Whether a person entity is kept as an Operator: not an official, and named the way
    parties are (anonymised, "Ms. Huang"), given an operator's role, or linked to a business
    or a violation by a relation."""
    if entity.type is not Label.OPERATOR:
        return True
    if entity.acts_for_others:
        return False
    anonymised = bool(entity.properties.get("anonymised"))
    honorific = any(m.kind == "honorific" for m in entity.mentions)
    return anonymised or honorific or entity.role or related
