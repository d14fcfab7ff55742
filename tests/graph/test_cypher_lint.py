"""Every Neo4j-dialect statement passes Neo4j's own parser and semantic analysis, and the portable
statements (one text for both engines) stay clear of the known dialect traps.

Nothing runs a Neo4j server here, so this is the gate that keeps the Neo4j texts valid: the
linter in tools/ is Neo4j's Cypher front end compiled to JavaScript. It needs node and
`npm ci --prefix tools`; without them these tests fail (they never skip) and say so. The negative
tests prove the gate bites: embedded-only statements must be rejected.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cypher import (
    CASE_FILTERS,
    REGISTRY,
    Dialect,
    dump,
    ladybug_schema,
    linter_schema,
)

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
LINTER = TOOLS / "lint-cypher.mjs"
SUMMARY = re.compile(r"lint-cypher: (\d+) statements \(CYPHER 5\), (\d+) errors, (\d+) warnings")


def _node() -> str:
    node = shutil.which("node")
    package = TOOLS / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
    if node is None or not package.exists():
        pytest.fail("the Cypher linter is not installed; run: npm ci --prefix tools",
                    pytrace=False)
    return node


def lint(tmp_path: Path, *files: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_node(), str(LINTER), "--warnings", *map(str, files)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )


def write_dump(path: Path, queries: list[tuple[str, str]]) -> Path:
    path.write_text(json.dumps({
        "schema": linter_schema(),
        "queries": [{"name": name, "text": text} for name, text in queries],
    }))
    return path


def summary(result: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    found = SUMMARY.search(result.stdout)
    assert found, f"no summary line from the linter:\n{result.stdout}\n{result.stderr}"
    statements, errors, warnings = map(int, found.groups())
    return statements, errors, warnings


# -- the gate ---------------------------------------------------------------------------------


def test_every_neo4j_statement_and_the_schema_file_pass_neo4js_linter(tmp_path: Path) -> None:
    # The dump as CI makes it: the module's own entry point, in a fresh interpreter.
    made = subprocess.run(
        [sys.executable, "-m", "graph.cypher"], cwd=ROOT, capture_output=True, text=True,
        check=True, timeout=120,
    )
    dumped = json.loads(made.stdout)
    assert {q["name"] for q in dumped["queries"]} == set(REGISTRY) | {"schema"}
    path = tmp_path / "neo4j.json"
    path.write_text(made.stdout)
    result = lint(tmp_path, path, ROOT / "schema.cypher")
    statements, errors, warnings = summary(result)
    assert result.returncode == 0 and errors == 0, result.stdout
    # Warnings do not fail the CLI (a deployment may add names), but ours should have none:
    # each is an unknown label, type or property, an impossible pattern, or a cartesian product.
    assert warnings == 0, result.stdout
    assert statements == len(dumped["queries"]) + 1


def test_the_linter_rejects_embedded_only_cypher(tmp_path: Path) -> None:
    bad = [
        ("lb_shortest", "MATCH p = (a:`Company` {id: $id})-[* SHORTEST 1..3]-(b) RETURN b.id"),
        ("lb_label", "MATCH (n:`Company`) RETURN label(n) AS l"),
        ("lb_lambda", "MATCH p = (a:`Company`)-[:RUNS]->(b) "
                      "RETURN list_transform(nodes(p), x -> x.id) AS ids"),
        ("lb_ddl", "CREATE NODE TABLE Company(id STRING PRIMARY KEY)"),
        ("apoc", "RETURN apoc.text.join(['a', 'b'], ',') AS s"),
        ("undefined", "MATCH (n:`Company`) RETURN m.id"),
    ]
    good = [("fine", "MATCH (n:`Company` {id: $id}) RETURN n.name AS name")]
    result = lint(tmp_path, write_dump(tmp_path / "bad.json", bad + good))
    assert result.returncode == 1, result.stdout
    flagged = {m.group(1) for m in re.finditer(r"^ERROR (\S+):", result.stdout, re.M)}
    assert flagged == {name for name, _ in bad}, result.stdout


def test_every_embedded_only_text_in_the_registry_is_rejected(tmp_path: Path) -> None:
    # The real dialect split: each statement's embedded text must fail as Neo4j Cypher, or it
    # did not need its own text (and the Neo4j one should have been used on both engines).
    split = {name for name, s in REGISTRY.items() if not s.portable}
    queries = [(n, t) for n, t in dump(Dialect.LADYBUG) if n in split]
    queries += [(f"schema:{i}", t) for i, t in enumerate(ladybug_schema())]
    result = lint(tmp_path, write_dump(tmp_path / "ladybug.json", queries))
    assert result.returncode == 1
    flagged = {m.group(1) for m in re.finditer(r"^ERROR (\S+):", result.stdout, re.M)}
    assert flagged == {n for n, _ in queries}, result.stdout


def test_bad_input_is_a_usage_error_not_a_pass(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    result = lint(tmp_path, junk)
    assert result.returncode == 2 and "not JSON" in result.stderr
    empty = write_dump(tmp_path / "empty.json", [])
    assert lint(tmp_path, empty).returncode == 2
    assert lint(tmp_path, tmp_path / "missing.json").returncode == 2


# -- dialect traps in portable text -----------------------------------------------------------

WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b", re.I)
CLAUSE_END = re.compile(
    r"\b(WHERE|WITH|RETURN|MATCH|OPTIONAL|CREATE|MERGE|SET|DELETE|DETACH|UNWIND|CALL|ORDER|"
    r"SKIP|LIMIT|REMOVE|FOREACH|UNION|ON)\b", re.I,
)
TRAPS: dict[str, re.Pattern[str]] = {
    "shortestPath() is Neo4j-only": re.compile(r"\b(all)?shortestpaths?\s*\(", re.I),
    "list comprehension [x IN ...] is missing there": re.compile(r"\[\s*\w+\s+IN\b", re.I),
    "Case is reserved there: back-quote it": re.compile(r"[:|&!]\s*Case\b(?!`)"),
    "label() is embedded-only": re.compile(r"\blabel\s*\(", re.I),
    "labels() is a string there": re.compile(r"\blabels\s*\(", re.I),
    "type() is missing there": re.compile(r"\btype\s*\(", re.I),
    "substring() is 1-based there": re.compile(r"\bsubstring\s*\(", re.I),
    "list index or slice is 1-based there": re.compile(r"\[\s*-?\d*\s*(\.\.\s*-?\d*\s*)?\]"),
    "variable length without SHORTEST is WALK there": re.compile(
        r"\[[^\]]*\*(?!\s*(ALL\s+)?SHORTEST)[^\]]*\]", re.I
    ),
    "SET n += map is missing there": re.compile(r"\+="),
    "(n:A:B) means OR there": re.compile(r"\(\s*\w*\s*:\s*`?\w+`?\s*:\s*`?\w"),
}


def comma_joined_match(text: str) -> bool:
    """True if a MATCH clause joins patterns with a comma: 20-40x slower before a write on the
    embedded engine than separate MATCH clauses."""
    for found in re.finditer(r"\bMATCH\b", text, re.I):
        depth, i = 0, found.end()
        while i < len(text):
            ch = text[i]
            if ch in "'\"":
                close = text.find(ch, i + 1)
                i = close + 1 if close > 0 else len(text)
                continue
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
                if depth < 0:
                    break
            elif ch == "," and depth == 0:
                return True
            elif depth == 0 and CLAUSE_END.match(text, i) and not text[i - 1].isalnum():
                break
            i += 1
    return False


def traps(text: str) -> list[str]:
    found = [name for name, pattern in TRAPS.items() if pattern.search(text)]
    if WRITE_CLAUSE.search(text) and comma_joined_match(text):
        found.append("comma-joined MATCH before a write: use separate MATCH clauses")
    return found


@pytest.mark.parametrize(
    ("text", "trap"),
    [
        ("MATCH p = shortestPath((a)-[*..3]-(b)) RETURN p", "shortestPath"),
        ("MATCH (n) RETURN [x IN n.aliases | x] AS a", "list comprehension"),
        ("MATCH (c:Case) RETURN c", "Case is reserved"),
        ("MATCH (d:Company|Case) RETURN d", "Case is reserved"),
        ("MATCH (n) RETURN label(n)", "label()"),
        ("MATCH (n) RETURN labels(n)", "labels()"),
        ("MATCH ()-[r]->() RETURN type(r)", "type()"),
        ("RETURN substring('abc', 0, 2)", "substring()"),
        ("MATCH (n) RETURN n.aliases[0]", "list index"),
        ("MATCH p = (n)--() RETURN nodes(p)[1..-1]", "list index"),
        ("MATCH (a)-[:RUNS*1..3]-(b) RETURN b", "variable length"),
        ("MATCH (a)-[*]-(b) RETURN b", "variable length"),
        ("MATCH (n {id: $id}) SET n += $props", "SET n +="),
        ("MATCH (n:Company:Venue) RETURN n", "means OR"),
        ("UNWIND $rows AS row MATCH (a {id: row.a}), (b {id: row.b}) CREATE (a)-[:R]->(b)",
         "comma-joined"),
    ],
)
def test_each_trap_is_recognised(text: str, trap: str) -> None:
    assert any(trap in t for t in traps(text)), traps(text)


def test_clean_portable_idioms_raise_no_trap() -> None:
    clean = [
        "UNWIND $rows AS row MATCH (a:`Case` {id: row.src}) MATCH (b:`Company` {id: row.dst}) "
        "CREATE (a)-[r:AGAINST]->(b) SET r.doc_id = row.doc_id",
        "MATCH (a:`Company`)-[r:RUNS]->(b) WHERE a.id IN $ids RETURN a.id, count(r) AS n",
        "MATCH (s:`Venue` {id: $id})-[* SHORTEST 1..3]-(n) RETURN n.id",
        "MATCH (c:`Case`) WHERE EXISTS { MATCH (c)-[:CONCERNS]->(v:Violation) } "
        "RETURN c.id, 'Case' AS kind, {a: 1, b: 2} AS m",
    ]
    assert [traps(t) for t in clean] == [[] for _ in clean]


def test_portable_statements_avoid_every_dialect_trap() -> None:
    portable = {name for name, s in REGISTRY.items() if s.portable}
    assert len(portable) > 20  # the registry is mostly portable; an empty set would pass vacuously
    texts = [(n, t) for n, t in dump(Dialect.LADYBUG) if n in portable]
    texts += [(f"case_filter:{k}", v) for k, v in CASE_FILTERS.items()]
    found = {name: traps(text) for name, text in texts if traps(text)}
    assert found == {}
