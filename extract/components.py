"""The casegraph pipeline components, registered with spaCy by importing this module.

Order in the pipeline: `casegraph_lines` (a line break ends a sentence), the span ruler with the
patterns of `extract/patterns/`, then mentions -> entities -> relations -> violations -> cases
-> output. Each component's factory declares what it requires and assigns.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

import extract.cases  # noqa: F401 - registers casegraph_cases
import extract.entities  # noqa: F401 - registers casegraph_entities
import extract.mentions  # noqa: F401 - registers casegraph_mentions
import extract.output  # noqa: F401 - registers casegraph_output
import extract.relations  # noqa: F401 - registers casegraph_relations
import extract.violations  # noqa: F401 - registers casegraph_violations


@Language.component("casegraph_lines", assigns=["token.is_sent_start"])
def casegraph_lines(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, header fields ("Party: ...") and list items are
    not run into the next line; and no sentence starts inside a run of capitalised words
    ("alleged that PixelPals | Studios LLC enabled" is one sentence). Runs before the parser,
    which keeps preset boundaries."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and "\n" in prev.text and not token.is_space:
            token.is_sent_start = True
        elif _capitalised_word(prev) and _capitalised_word(token) and "\n" not in \
                prev.whitespace_:
            token.is_sent_start = False
    return doc


def _capitalised_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper()
