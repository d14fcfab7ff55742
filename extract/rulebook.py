"""The rule book: how a relation rule is written and registered. A rule is a pattern over the
sentence view of `extract.sentences` (entities as items, other words as lowercase words) and a
function that decides the relation type from the endpoints; its docstring lists sentences it
should match, and `tests/extract/test_extract_rules.py` runs every one of them. The rules
themselves live in `extract.rules_business` and `extract.rules_places`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from extract.sentences import compile_rule
from extract.state import EntityDraft
from graph.model import RelType

Decide = Callable[[EntityDraft, EntityDraft, re.Match[str]], RelType | None]

# Gaps never cross a party or an authority; they may cross places ("a resident of Xuzhou,").
_GAP: Final = r"(?:(?!E\d+:[CVOAK])\S+ )"


@dataclass(frozen=True)
class Rule:
    """One relation rule."""

    name: str
    pattern: re.Pattern[str]
    decide: Decide
    confidence: float
    examples: tuple[str, ...]


RULES: list[Rule] = []


def rule(pattern: str, confidence: float = 0.8) -> Callable[[Decide], Decide]:
    """Register a rule; the decorated function's docstring lists sentences it should match."""

    def wrap(fn: Decide) -> Decide:
        # Gaps are lazy: "on Zidong Road in Liandu District, Lishui" places a venue in the
        # nearest place, not the farthest the gap could reach.
        text = re.sub(r"<(\d+),(\d+)G>", lambda g: f"{_GAP}{{{g.group(1)},{g.group(2)}}}?",
                      pattern)
        examples = tuple(
            line.strip() for line in (fn.__doc__ or "").splitlines()[1:] if line.strip()
        )
        RULES.append(Rule(fn.__name__, compile_rule(text), fn, confidence, examples))
        return fn

    return wrap
