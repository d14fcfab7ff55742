"""All relation rules, registered in one list: the business rules and the place rules (see
`extract.rulebook` for how a rule is written)."""

from __future__ import annotations

from extract import rules_business, rules_places
from extract.rulebook import RULES, Rule
from extract.rules_places import located

__all__ = ["RULES", "Rule", "located", "rules_business", "rules_places"]
