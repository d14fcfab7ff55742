"""Domain knowledge as data: span-ruler patterns for venues, authorities, companies, operators,
locations, roles, case kinds and violation cues, one JSONL file per noun.

Each line is a spaCy span-ruler pattern (`label`, `pattern`, optional `id`); lines starting with
`#` are comments. Three conveniences keep the files short: a value `"@name"` inside a token
pattern stands for the word list `name` of `lists.json`; a token `{"GAP": "0,6"}` stands for 0 to
6 tokens of any kind except a sentence or clause stop (`. ; : ! ?`); and a line with
`"phrases": "@name"` instead of `pattern` expands to one case-sensitive phrase pattern (a string,
matched on exact text by the ruler's phrase matcher) per phrase of that list, and
`"phrases": ["@surnames", "@anonymised"]` to one per combination of the parts. Phrases cost
nothing per pattern at match time, token patterns do. `casegraph.patterns.v1` is the registered,
versioned loader; a change to the format gets a new version.

The loader also rewrites a pattern whose first token is a word list (`{"LOWER": {"IN": [...]}}`)
into one pattern per word: spaCy's Matcher tests a list with a Python call at every token for
every pattern, but an exact word in compiled code, so this halves the time the ruler takes.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

from spacy.util import registry

PATTERN_DIR: Final = Path(__file__).resolve().parent
LISTS_FILE: Final = "lists.json"


class PatternError(ValueError):
    """A pattern file is malformed; the message names the file and line."""


@cache
def word_lists(folder: Path = PATTERN_DIR) -> dict[str, list[str]]:
    """The named word lists patterns refer to."""
    data = json.loads((folder / LISTS_FILE).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


_STOPS: Final = [".", ";", ":", "!", "?"]


def _expand(value: Any, lists: dict[str, list[str]], where: str) -> Any:
    if isinstance(value, dict) and set(value) == {"GAP"}:
        low, _, high = str(value["GAP"]).partition(",")
        if not (low.isdigit() and high.isdigit()):
            raise PatternError(f"{where}: a GAP is written as \"min,max\", not {value['GAP']!r}")
        return {"ORTH": {"NOT_IN": _STOPS}, "OP": f"{{{low},{high}}}"}
    if isinstance(value, str) and value.startswith("@"):
        try:
            return list(lists[value[1:]])
        except KeyError:
            raise PatternError(f"{where}: unknown word list {value!r}") from None
    if isinstance(value, dict):
        return {k: _expand(v, lists, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, lists, where) for v in value]
    return value


def load_patterns(folder: Path = PATTERN_DIR) -> list[dict[str, Any]]:
    """Every pattern of every `*.jsonl` file in `folder`, with word lists expanded."""
    lists = word_lists(folder)
    patterns: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.name}:{number}"
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as e:
                raise PatternError(f"{where}: not valid JSON ({e.msg})") from e
            if "label" not in entry or ("pattern" not in entry and "phrases" not in entry):
                raise PatternError(f"{where}: needs `label` and `pattern` (or `phrases`)")
            base = {"label": entry["label"], **({"id": entry["id"]} if "id" in entry else {})}
            if "phrases" in entry:
                for phrase in _phrases(entry["phrases"], lists, where):
                    patterns.append({**base, "pattern": phrase})
            else:
                for tokens in _fast_first(_expand(entry["pattern"], lists, where)):
                    patterns.append({**base, "pattern": tokens})
    return patterns


def _phrases(value: Any, lists: dict[str, list[str]], where: str) -> list[str]:
    """The phrases of `"phrases": "@name"`, or of a list of parts each a word list or a word
    (`["@surnames", "@anonymised"]` gives "Zhang Mou", "Zhang Moumou", ... "Li Mou", ...)."""
    parts = value if isinstance(value, list) else [value]
    choices: list[list[str]] = []
    for part in parts:
        expanded = _expand(part, lists, where)
        choices.append(expanded if isinstance(expanded, list) else [str(expanded)])
    return [" ".join(words) for words in itertools.product(*choices)]


def _fast_first(tokens: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The same matches with a first token the Matcher tests in compiled code: a word list
    becomes one pattern per word, an optional first token two patterns."""
    if not tokens:
        return [tokens]
    first, rest = tokens[0], tokens[1:]
    if first.get("OP") == "?" and rest:
        required = {k: v for k, v in first.items() if k != "OP"}
        return _fast_first([required, *rest]) + _fast_first(rest)
    if "OP" in first:
        return [tokens]
    lists = [k for k, v in first.items() if isinstance(v, dict) and set(v) == {"IN"}]
    if len(lists) == 1:
        # other tests on the same token ("IS_TITLE") stay with every word
        key = lists[0]
        others = {k: v for k, v in first.items() if k != key}
        return [[{**others, key: word}, *rest] for word in dict.fromkeys(first[key]["IN"])]
    return [tokens]


@registry.misc("casegraph.patterns.v1")  # type: ignore[untyped-decorator]
def casegraph_patterns_v1(folder: str = "") -> list[dict[str, Any]]:
    """Registered loader: the span-ruler patterns of `folder` (this package by default)."""
    return load_patterns(Path(folder) if folder else PATTERN_DIR)
