"""Every relation rule matches the sentences its docstring lists (run through the real
pipeline up to the relation component), and every pattern file loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from extract.patterns import PatternError, casegraph_patterns_v1, load_patterns
from extract.rules import RULES, Rule
from extract.sentences import view
from tests.extract.helpers import until

EXAMPLES = [(r, text) for r in RULES for text in r.examples]


def test_every_rule_has_examples() -> None:
    assert RULES
    assert all(r.examples for r in RULES), [r.name for r in RULES if not r.examples]


@pytest.mark.parametrize(("rule", "text"), EXAMPLES, ids=[f"{r.name}:{t[:30]}" for r, t in
                                                          EXAMPLES])
def test_rule_matches_its_examples(model_nlp: Language, rule: Rule, text: str) -> None:
    doc, state = until(model_nlp, text, "casegraph_relations")
    decided = []
    for sent in doc.sents:
        v = view(doc, sent, state)
        for m in rule.pattern.finditer(v.string):
            src, dst = v.items[int(m.group("src"))].entity, v.items[int(m.group("dst"))].entity
            if src is not None and dst is not None:
                decided.append(rule.decide(src, dst, m))
    assert any(decided), f"{rule.name} did not fire on {text!r}"


def test_patterns_load_through_the_registered_function() -> None:
    patterns = casegraph_patterns_v1()
    labels = {p["label"] for p in patterns}
    assert {"VENUE", "AUTHORITY", "COMPANY", "OPERATOR", "LOCATION", "CASE",
            "VIOLATION"} <= labels
    tokens = [p for p in patterns if isinstance(p["pattern"], list)]
    phrases = [p["pattern"] for p in patterns if isinstance(p["pattern"], str)]
    # word lists are expanded and first-token lists compiled to single words
    assert not any(isinstance(v, str) and v.startswith("@") for p in tokens
                   for t in p["pattern"] for v in t.values())
    assert all("IN" not in t.get("LOWER", {}) for p in tokens for t in p["pattern"][:1]
               if isinstance(t.get("LOWER"), dict))
    # places and anonymised names are phrases, matched on their exact text
    assert {"Beijing", "Zhang Mou", "Li Moumou"} <= set(phrases)
    assert not any(p.startswith("@") for p in phrases)


def _folder(tmp_path: Path, line: str, lists: dict[str, object] | None = None) -> Path:
    (tmp_path / "lists.json").write_text(json.dumps(lists or {"colours": ["red", "blue"]}))
    (tmp_path / "p.jsonl").write_text(line + "\n")
    return tmp_path


def test_pattern_conveniences(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '# a comment\n{"label": "X", "pattern": [{"LOWER": {"IN": '
                                '"@colours"}}, {"GAP": "0,2"}, {"LOWER": "car"}]}')
    patterns = load_patterns(folder)
    assert [p["pattern"][0] for p in patterns] == [{"LOWER": "red"}, {"LOWER": "blue"}]
    assert patterns[0]["pattern"][1]["OP"] == "{0,2}"


def test_phrases_of_lists_and_their_combinations(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '{"label": "X", "phrases": ["@colours", "car"]}\n'
                               '{"label": "Y", "phrases": "@colours"}')
    assert [p["pattern"] for p in load_patterns(folder)] == ["red car", "blue car", "red",
                                                             "blue"]


@pytest.mark.parametrize(("line", "message"), [
    ('{"label": "X", "pattern": [{"LOWER": {"IN": "@nope"}}]}', "unknown word list"),
    ('{"label": "X"}', "needs `label` and `pattern`"),
    ('{"label": "X", "pattern": [{"GAP": "two"}]}', "GAP"),
    ("{not json", "not valid JSON"),
])
def test_bad_pattern_files_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(PatternError, match=message) as caught:
        load_patterns(_folder(tmp_path, line))
    assert "p.jsonl:1" in str(caught.value)


def _violation_examples() -> list[tuple[str, str]]:
    """(cue id, example) pairs from the comment above each pattern of violations.jsonl."""
    from extract.patterns import PATTERN_DIR

    pairs: list[tuple[str, str]] = []
    note: list[str] = []
    for line in (PATTERN_DIR / "violations.jsonl").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            note = [part.strip() for part in line[1:].split(" / ") if part.strip()]
        elif line.strip():
            cue = json.loads(line)["id"]
            pairs += [(cue, example) for example in note]
            note = []
    return pairs


VIOLATION_EXAMPLES = _violation_examples()


def test_every_violation_pattern_has_examples() -> None:
    lines = [line for line in (Path(__file__).parents[2] / "extract" / "patterns" /
                               "violations.jsonl").read_text().splitlines() if line.strip()]
    patterns = [i for i, line in enumerate(lines) if not line.startswith("#")]
    assert all(i > 0 and lines[i - 1].startswith("#") for i in patterns)
    assert len(VIOLATION_EXAMPLES) >= len(patterns)


@pytest.mark.parametrize(("cue", "example"), VIOLATION_EXAMPLES,
                         ids=[f"{c}:{e[:25]}" for c, e in VIOLATION_EXAMPLES])
def test_violation_cue_matches_its_examples(blank_nlp: Language, cue: str,
                                            example: str) -> None:
    doc = blank_nlp(example)
    cues = {s.id_ for s in doc.spans["cg_rules"] if s.label_ == "VIOLATION"}
    assert cue in cues, f"{cue} did not match {example!r} (found {sorted(cues)})"
