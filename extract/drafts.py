"""Entity drafts: each group of linked mentions becomes one entity, named by its best name
(a full name over a short form, "Zhang Mou" over "Zhang"), with its other names as aliases and
its former names kept apart."""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from spacy.tokens import Doc

from extract.links import Links
from extract.state import EntityDraft, Form, Mention
from extract.vocab import CITIES, COUNTRIES, PLACE_HEADS, PROVINCES, US_STATES
from graph.model import Label, make_id
from graph.names import normalize_authority, normalize_name

_OFFICE_WORDS: Final = frozenset({"office", "of", "the", "'s", "’s"})


def build(doc: Doc, mentions: list[Mention], links: Links) -> dict[str, EntityDraft]:
    groups: dict[int, list[Mention]] = defaultdict(list)
    for n, m in enumerate(mentions):
        if m.type is None:
            continue
        groups[links.find(n)].append(m)
    entities: dict[str, EntityDraft] = {}
    for members in sorted(groups.values(), key=lambda ms: min(x.start for x in ms)):
        types = [m.type for m in members if m.form in (Form.NAME, Form.ALIAS)] or [
            m.type for m in members]
        label = max(set(types), key=lambda t: (types.count(t), t is not Label.OPERATOR))
        assert label is not None
        members = [m for m in members if m.type is label]
        named = [m for m in members if m.form in (Form.NAME, Form.ALIAS)]
        if not named and not any(m.form is Form.GENERIC for m in members):
            continue  # only references with nothing to refer to
        entity = _entity(doc, label, members, named)
        if entity.key in entities:
            entity.key += f"-{min(m.start for m in members)}"
        for m in members:
            m.key = entity.key
        entities[entity.key] = entity
    return entities


def _canonical(doc: Doc, label: Label, named: list[Mention]) -> Mention:
    def score(m: Mention) -> tuple[int, int, int, int, int]:
        text = doc[m.start:m.end].text
        person_rank = authority_rank = 0
        if label is Label.OPERATOR:
            low = text.lower()
            person_rank = 3 if " mou" in low or low.endswith("moumou") else (
                2 if "surnamed" in low else (1 if m.kind == "honorific" else 0))
        elif label is Label.AUTHORITY:
            # "New York Attorney General" over "Office of the Attorney General": the words
            # that say which authority it is
            authority_rank = sum(t.lower_ not in _OFFICE_WORDS for t in doc[m.start:m.end])
        return (person_rank, int(m.form is Form.NAME and not m.former), authority_rank,
                int(not text.isupper() or len(text) <= 6), len(text))

    return max(named, key=score)


def _entity(doc: Doc, label: Label, members: list[Mention], named: list[Mention]) -> EntityDraft:
    if named:
        best = _canonical(doc, label, named)
        name = _clean(doc[best.start:best.end].text)
        if label is Label.OPERATOR and best.kind in ("surnamed", "role-name"):
            name = name.split()[-1]  # "a woman surnamed Lu" and "the owner, Lu" are Lu
        generic = False
        kind = best.kind or next((m.kind for m in members if m.kind), None)
    else:
        generic_m = next(m for m in members if m.form is Form.GENERIC)
        end = generic_m.name_end or generic_m.end
        name = _clean(doc[generic_m.start:end].text)
        first, _, rest = name.partition(" ")
        if first.lower() in ("a", "an", "the", "one") and rest:
            name = rest  # an unnamed business is named by its description, less the article
        generic = True
        kind = generic_m.kind or next((m.kind for m in members if m.kind), None)
    if label is Label.LOCATION:
        kind = kind or _place_kind(name)
    aliases: list[str] = []
    for m in named:
        text = _clean(doc[m.start:m.end].text)
        if text != name and text not in aliases and text.lower() != name.lower():
            aliases.append(text)
    norm = (normalize_authority(name) if label is Label.AUTHORITY else normalize_name(name))
    key = make_id(label, label.value, norm or name.lower())
    entity = EntityDraft(key=key, type=label, name=name, mentions=sorted(
        members, key=lambda m: m.start), kind=kind, generic=generic, aliases=aliases)
    if label is Label.OPERATOR:
        entity.properties["anonymised"] = any(m.anonymised for m in members)
    entity.properties["former_names"] = [
        _clean(doc[m.start:m.end].text) for m in members if m.former]
    return entity


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,;:*\"“”")


def _place_kind(name: str) -> str | None:
    words = name.lower().split()
    if words and words[-1] in PLACE_HEADS:
        return PLACE_HEADS[words[-1]]
    title = name.title()
    if name in COUNTRIES or title in COUNTRIES:
        return "country"
    if title in PROVINCES:
        return "province"
    if title in US_STATES:
        return "state"
    if title in CITIES:
        return "city"
    return None
