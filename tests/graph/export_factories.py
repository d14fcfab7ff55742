"""Records for the export tests: a document whose names, aliases, properties and evidence are
hostile to every export format (quotes, backslashes, markup that closes GraphML, Cypher that
would delete the graph, line breaks, bidi overrides, delimiters of CSV arrays), and one whose
evidence holds a control character that XML cannot carry at all."""

from __future__ import annotations

from graph.records import Entity, Record, Relation, Span

INJECTION = "'); MATCH (n) DETACH DELETE n //"
CLOSE_GRAPHML = '</data></node></graph></graphml><node id="evil">'
HOSTILE_NAME = "O'Brien \"Toys\" \\ Ltd. `tick` ${x} {id: 1}"
HOSTILE_ALIASES = [
    INJECTION,
    CLOSE_GRAPHML,
    "a;b|c\u00a6d",  # every likely CSV array delimiter but the last resorts
    "\u73a9\u5177\u516c\u53f8 \U0001F9F8 \u00dcn\u00efc\u00f6d\u00e9",
    "\u202egnp.exe\u200b\u2028",  # right-to-left override, zero width space, line separator
    "\\u0041 is not A",  # a literal backslash-u must stay six characters
    '"; DROP TABLE x; --',
    "]]>&amp;<![CDATA[",
]
HOSTILE_SENTENCE = (
    "Line one,\nline two\r\nline three\twith a tab; \"quoted\" and 'single' \\ backslash "
    f"{INJECTION} {CLOSE_GRAPHML} \u00e9\u4e2d\U0001F600 end."
)
CONTROL_SENTENCE = "A form feed \x0c and a start-of-heading \x01 from a broken PDF."


def _span(text: str) -> Span:
    return Span(start=0, end=len(text), text=text)


def hostile_record() -> Record:
    """A company with hostile names and properties, its venue, a violation and a case."""
    return Record(
        doc_id="o'brien-\"2023\"-x7",
        source="cases/o'brien \"2023\".txt",
        entities=[
            Entity(key="co", type="Company", name=HOSTILE_NAME,
                   mentions=[_span(HOSTILE_NAME)],
                   properties={
                       "aliases": HOSTILE_ALIASES,
                       "website": "https://example.test/?q=' OR 1=1 --",
                       "registered": {"number": "91320100MA1XYZ", "capital": 1.5e7,
                                      "tags": ["a;b", INJECTION]},
                       "employees": 12, "listed": False, "rating": 0.1,
                       "note": None,
                   }),
            Entity(key="ve", type="Venue", name=f"Toy shop {INJECTION}",
                   properties={"kind": CLOSE_GRAPHML}),
            Entity(key="vi", type="Violation", name="selling toys with \"small parts\"",
                   properties={"category": "product_safety"}),
            Entity(key="ca", type="Case", name=f"case against {HOSTILE_NAME}",
                   properties={"year": 2023, "kind": "administrative\npenalty"}),
        ],
        relations=[
            Relation(type="RUNS", source="co", target="ve", confidence=0.875,
                     evidence=Span(start=3, end=3 + len(HOSTILE_SENTENCE),
                                   text=HOSTILE_SENTENCE)),
            Relation(type="COMMITTED", source="ve", target="vi", confidence=1.0,
                     evidence=_span(INJECTION)),
            Relation(type="AGAINST", source="ca", target="co", confidence=0.3333333333333333),
        ],
    )


def control_record() -> Record:
    """An operator and a venue whose evidence sentence holds control characters."""
    return Record(
        doc_id="x8-pdf",
        source="cases/x8.pdf",
        entities=[
            Entity(key="op", type="Operator", name="Qian Mou"),
            Entity(key="ve", type="Venue", name="Moonlight Bar", properties={"kind": "bar"}),
        ],
        relations=[Relation(type="OPERATES", source="op", target="ve", confidence=0.9,
                            evidence=_span(CONTROL_SENTENCE))],
    )
