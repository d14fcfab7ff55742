"""Synthetic casegraph graphs for the benchmark and the bulk-load tests.

The graph is skewed the way enforcement data is: Zipf-like choices make a few operators run
many venues, a few companies and venues face many cases, a few cities hold most addresses.
Labels come in a realistic mix, violations follow the taxonomy, every relationship carries
evidence (document, span, sentence, extractor, confidence), and MENTIONED_IN links fill the
relationship count up to its target. Ids are made the way ingest makes them (`graph.model`), so
records ingested later resolve onto the same nodes. The same spec and seed give the same graph.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.model import (
    Category,
    Label,
    RelType,
    document_id,
    make_id,
    name_key,
)
from graph.names import normalize_name, normalize_person, normalize_place, search_text
from graph.records import Entity, Extractor, Record, Relation, Span

Row = dict[str, Any]
RelKey = tuple[RelType, Label, Label]
L, R = Label, RelType

EXTRACTOR = "casegraph 0.3.0 synthetic"

# -- vocabulary ------------------------------------------------------------------------------

SYLLABLES = (
    "an bai bao bei bin chang chen cheng chun da de dong fang feng fu gang guang hai han hao he "
    "heng hong hua huai hui jia jian jiang jin jing kai kang lan le li lian lin long lu mei ming "
    "nan ning peng ping qi qian qing rui shan sheng shi shun tai tian tong wan wei wen xin xing "
    "xu ya yang yi yong yu yuan yue ze zhen zheng zhi zhong zhou"
).split()
SURNAMES = (
    "Zhang Wang Li Zhao Liu Chen Yang Huang Zhou Wu Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng"
).split()
PROVINCES = (
    "Jiangsu Zhejiang Anhui Shandong Henan Hubei Hunan Guangdong Fujian Jiangxi Hebei Shanxi "
    "Sichuan Guizhou Yunnan Shaanxi Gansu Liaoning Jilin Heilongjiang Hainan Qinghai"
).split()
INDUSTRIES = (
    "Network Technology", "Culture Media", "Hotel Management", "Information Technology",
    "Trading", "Catering Management", "Education Technology", "Entertainment",
    "Beauty Services", "Software",
)
VENUE_KINDS = (
    ("internet_cafe", "Internet Cafe"), ("hotel", "Hotel"), ("tattoo_parlour", "Tattoo Studio"),
    ("ktv", "KTV"), ("bar", "Bar"), ("kindergarten", "Kindergarten"), ("app", "App"),
    ("game", "Online Game"), ("guesthouse", "Guesthouse"), ("store", "Convenience Store"),
    ("salon", "Beauty Salon"), ("esports_hotel", "E-sports Hotel"),
)
AUTHORITY_KINDS = (
    ("procuratorate", "People's Procuratorate of {city}"),
    ("court", "{city} Intermediate People's Court"),
    ("regulator", "{city} Market Supervision Administration"),
    ("regulator", "{city} Culture and Tourism Bureau"),
    ("police", "{city} Public Security Bureau"),
)
CASE_KINDS = ("civil public-interest suit", "administrative public-interest suit",
              "pre-litigation procuratorial proposal", "enforcement action")
VIOLATIONS: dict[Category, tuple[str, ...]] = {
    Category.PERSONAL_INFORMATION: (
        "collecting children's personal information without parental consent",
        "selling minors' personal data", "keeping children's data longer than needed"),
    Category.ONLINE_SAFETY: (
        "no minors' mode in an online service", "unlimited in-game spending by minors",
        "pushing harmful content to minors"),
    Category.PRODUCT_SAFETY: (
        "selling toys with excess phthalates", "selling unsafe child car seats"),
    Category.CAMPUS_AND_CHILDCARE_SAFETY: (
        "running an unlicensed kindergarten", "unsafe school bus operation"),
    Category.PUBLIC_PLACES: (
        "admitting minors to an internet cafe", "no identity checks at an entertainment venue"),
    Category.ACCOMMODATION: (
        "admitting minors to a hotel without checking guardians",
        "not reporting suspicious minor guests"),
    Category.UNSUITABLE_VENUES: ("admitting minors to a bar", "employing minors in a KTV"),
    Category.FOOD_SAFETY: (
        "selling expired food near schools", "food with excess additives sold to children"),
    Category.TATTOO_AND_COSMETIC: ("tattooing minors", "cosmetic procedures on minors"),
    Category.ALCOHOL_TOBACCO: (
        "selling alcohol to minors", "selling cigarettes to minors",
        "selling e-cigarettes to minors"),
    Category.OTHER: ("employing child labour", "false advertising aimed at children"),
}
VERBS: dict[RelType, str] = {
    R.OPERATES: "operated", R.RUNS: "ran", R.OWNS: "is the parent of", R.COMMITTED: "committed",
    R.FILED: "filed", R.AGAINST: "was brought against", R.CONCERNS: "concerns",
    R.LOCATED_IN: "is located in", R.SAME_AS: "may be",
}


# -- sizes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How big a graph to make, and from which seed."""

    nodes: int
    rels: int
    seed: int = 20250601

    def counts(self) -> dict[Label, int]:
        """Nodes per label: the mix of a case collection (documents and cases lead, then
        businesses, people and addresses; violations and authorities are few)."""
        n = self.nodes
        out = {
            L.VIOLATION: sum(map(len, VIOLATIONS.values())),
            L.AUTHORITY: max(5, n // 100),
            L.CASE: n * 22 // 100,
            L.DOCUMENT: n * 20 // 100,
            L.COMPANY: n * 13 // 100,
            L.VENUE: n * 18 // 100,
            L.LOCATION: n * 12 // 100,
        }
        out[L.OPERATOR] = n - sum(out.values())
        if min(out.values()) < 5:
            raise ValueError(f"{n} nodes is too few for every label; use at least 1,000")
        return out


SMALL = Spec(nodes=20_000, rels=100_000)
LARGE = Spec(nodes=200_000, rels=1_000_000)


@dataclass
class Picks:
    """Nodes the benchmark asks about, chosen by the generator that knows the skew."""

    busiest_company: str
    busiest_operator: str
    busy_venue: str
    pairs: list[tuple[str, str]]
    prefixes: list[str]
    sample: list[str]
    top: dict[str, int] = field(default_factory=dict)


@dataclass
class SyntheticGraph:
    """Rows for `graph.bulk.bulk_load`, and the picks that go with them."""

    spec: Spec
    nodes: dict[Label, list[Row]]
    rels: dict[RelKey, list[Row]]
    picks: Picks

    @property
    def relationship_count(self) -> int:
        return sum(map(len, self.rels.values()))

    def names(self, label: Label) -> list[str]:
        return [r["name"] for r in self.nodes[label]]


class Zipf:
    """Draws from items with weight 1/rank^s over a seeded shuffle, so which items are busy is
    random but how busy is not."""

    def __init__(self, rng: random.Random, items: Sequence[Any], s: float) -> None:
        self.rng = rng
        self.items = list(items)
        rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(self.items))))

    def one(self) -> Any:
        return self.rng.choices(self.items, cum_weights=self.cum, k=1)[0]

    def many(self, k: int) -> list[Any]:
        return self.rng.choices(self.items, cum_weights=self.cum, k=k)


# -- the graph -------------------------------------------------------------------------------


class _Builder:
    """Accumulates node and relationship rows; one method per kind of fact."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.nodes: dict[Label, list[Row]] = {label: [] for label in Label}
        self.rels: dict[RelKey, list[Row]] = {}
        self.name: dict[str, str] = {}
        self.label: dict[str, Label] = {}
        self.mentioned: set[tuple[str, str]] = set()
        self.count = 0

    # nodes

    def node(self, label: Label, node_id: str, name: str, **props: Any) -> str:
        aliases: list[str] = props.pop("aliases", [])
        row = {"id": node_id, "name": name, "aliases": aliases,
               "search": search_text([name, *aliases]), **props}
        self.nodes[label].append(row)
        self.name[node_id] = name
        self.label[node_id] = label
        return node_id

    def unique(self, count: int, make: Any, norm: Any) -> list[tuple[Any, ...]]:
        """`count` draws of `make()` (a tuple whose first item is a name) with distinct
        normalised names, so no two draws become one node."""
        seen: set[str] = set()
        out: list[tuple[Any, ...]] = []
        for _ in range(count * 50):
            drawn = make()
            key = norm(drawn[0])
            if key not in seen:
                seen.add(key)
                out.append(drawn)
                if len(out) == count:
                    return out
        raise ValueError("the vocabulary is too small for this many names")

    def brand(self) -> str:
        return (self.rng.choice(SYLLABLES) + self.rng.choice(SYLLABLES)).capitalize()

    # relationships

    def rel(self, rel: RelType, src: str, dst: str, doc: str, **extra: Any) -> None:
        a, b = self.name[src], self.name[dst]
        sentence = f"{a} {VERBS[rel]} {b}."
        start = self.rng.randrange(0, 8000)
        row = {"src": src, "dst": dst, "doc_id": doc, "char_start": start,
               "char_end": start + len(sentence), "sentence": sentence, "extractor": EXTRACTOR,
               "confidence": round(self.rng.uniform(0.6, 1.0), 2), **extra}
        self.rels.setdefault((rel, self.label[src], self.label[dst]), []).append(row)
        self.count += 1

    def mention(self, node: str, doc: str) -> None:
        if (node, doc) in self.mentioned:
            return
        self.mentioned.add((node, doc))
        text = self.name[node]
        start = self.rng.randrange(0, 8000)
        key = (R.MENTIONED_IN, self.label[node], L.DOCUMENT)
        self.rels.setdefault(key, []).append({
            "src": node, "dst": document_id(doc), "doc_id": doc, "char_start": start,
            "char_end": start + len(text), "sentence": text, "extractor": EXTRACTOR,
            "confidence": 1.0, "mentions": json.dumps([[start, start + len(text), text]],
                                                      ensure_ascii=False),
        })
        self.count += 1


def generate(spec: Spec) -> SyntheticGraph:
    """A graph of `spec.nodes` nodes and exactly `spec.rels` relationships."""
    b = _Builder(spec)
    rng = b.rng
    counts = spec.counts()

    # Places: provinces, cities (Zipf: a few big ones), addresses in cities.
    provinces = [b.node(L.LOCATION, _place_id(f"{p} Province"), f"{p} Province", kind="province")
                 for p in PROVINCES]
    n_cities = max(5, counts[L.LOCATION] * 3 // 100)
    n_addresses = counts[L.LOCATION] - len(provinces) - n_cities
    cities = [b.node(L.LOCATION, _place_id(c), c, kind="city")
              for (c,) in b.unique(n_cities, lambda: (b.brand(),), normalize_place)]
    big_cities = Zipf(rng, cities, 1.0)
    streets = ("Road", "Street", "Avenue", "Lane")

    def address() -> tuple[str, str]:
        city = big_cities.one()
        street = f"{rng.randrange(1, 999)} {b.brand()} {rng.choice(streets)}"
        return f"{street}, {b.name[city]}", city

    home_city: dict[str, str] = {}
    for name, city in b.unique(n_addresses, address, normalize_place):
        home_city[b.node(L.LOCATION, _place_id(name), name, kind="address")] = city
    addresses = list(home_city)

    # Violations: the taxonomy.
    violations = [
        b.node(L.VIOLATION, make_id(L.VIOLATION, cat.value, normalize_name(v, legal=False)), v,
               category=cat.value)
        for cat, names in VIOLATIONS.items() for v in names
    ]

    # Authorities in cities.
    def authority() -> tuple[str, str, str]:
        kind, pattern = rng.choice(AUTHORITY_KINDS)
        city = big_cities.one()
        return pattern.format(city=b.name[city]), kind, city

    auth_city: dict[str, str] = {}
    for name, kind, city in b.unique(counts[L.AUTHORITY], authority, str.lower):
        auth_city[b.node(L.AUTHORITY, name_key(L.AUTHORITY, name), name, kind=kind)] = city
    authorities = list(auth_city)

    # Businesses and people.
    def company() -> tuple[str]:
        city = b.name[big_cities.one()]
        return (f"{city} {b.brand()} {rng.choice(INDUSTRIES)} Co., Ltd.",)

    companies = [b.node(L.COMPANY, name_key(L.COMPANY, n), n, generic=False)
                 for (n,) in b.unique(counts[L.COMPANY], company, normalize_name)]

    def venue() -> tuple[str, str]:
        kind, word = rng.choice(VENUE_KINDS)
        return f"{b.brand()} {word} ({b.name[big_cities.one()]})", kind

    venues = [b.node(L.VENUE, name_key(L.VENUE, n), n, kind=kind, generic=False)
              for n, kind in b.unique(counts[L.VENUE], venue, normalize_name)]
    operators = []
    for i in range(counts[L.OPERATOR]):
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.35:  # court documents anonymise: "Zhang Mou", kept per document
            name = f"{surname} Mou"
            operators.append(b.node(L.OPERATOR, make_id(L.OPERATOR, f"bench-op-{i}", "op"),
                                    name, anonymised=True))
        else:
            name = f"{surname} {b.brand()}"
            operators.append(b.node(
                L.OPERATOR, make_id(L.OPERATOR, "Operator", normalize_person(name), str(i)),
                name, anonymised=False))

    # Documents and cases: a tenth of documents report two cases.
    docs = [f"bench-{i:06d}" for i in range(counts[L.DOCUMENT])]
    years = [2015 + min(10, int(rng.triangular(0, 11, 10))) for _ in docs]
    for doc, year in zip(docs, years, strict=True):
        b.node(L.DOCUMENT, document_id(doc), doc, source=f"cases/{doc}.txt", year=year,
               sha256=hashlib.sha256(doc.encode()).hexdigest(), extractor=EXTRACTOR,
               ingested_at="2025-06-01T00:00:00+00:00")
    defendant_pools = {
        L.COMPANY: Zipf(rng, companies, 0.9),
        L.VENUE: Zipf(rng, venues, 0.9),
        L.OPERATOR: Zipf(rng, operators, 0.9),
    }
    busy_violations = Zipf(rng, violations, 0.8)
    busy_authorities = Zipf(rng, authorities, 0.7)
    home_doc: dict[str, str] = {}
    cases_against: Counter[str] = Counter()
    for i in range(counts[L.CASE]):
        doc = docs[i % len(docs)]
        year = years[i % len(docs)]
        case_key = f"case{i // len(docs)}"
        n_def = rng.choices((1, 2, 3), (6, 3, 1))[0]
        defendants = []
        for _ in range(n_def):
            label = rng.choices((L.COMPANY, L.VENUE, L.OPERATOR), (4, 4, 2))[0]
            d = defendant_pools[label].one()
            if d not in defendants:
                defendants.append(d)
        kind = rng.choice(CASE_KINDS)
        case = b.node(L.CASE, make_id(L.CASE, doc, case_key),
                      f"{kind} against {b.name[defendants[0]]}", year=year, kind=kind,
                      doc_id=doc)
        authority = busy_authorities.one()
        vios = list(dict.fromkeys(busy_violations.many(rng.choices((1, 2), (7, 3))[0])))
        b.rel(R.FILED, authority, case, doc)
        b.mention(case, doc)
        b.mention(authority, doc)
        for v in vios:
            b.rel(R.CONCERNS, case, v, doc)
            b.mention(v, doc)
        for d in defendants:
            b.rel(R.AGAINST, case, d, doc)
            b.mention(d, doc)
            cases_against[d] += 1
            home_doc.setdefault(d, doc)
            for v in vios:
                b.rel(R.COMMITTED, d, v, doc)

    def fact(rel: RelType, src: str, dst: str) -> None:
        doc = home_doc.get(src) or home_doc.get(dst) or rng.choice(docs)
        b.rel(rel, src, dst, doc)
        b.mention(src, doc)
        b.mention(dst, doc)

    # Who runs what: a few operators run many venues; chains of venues under one company.
    busy_operators = Zipf(rng, operators, 0.8)
    operated: Counter[str] = Counter()
    for v in venues:
        op = busy_operators.one()
        operated[op] += 1
        fact(R.OPERATES, op, v)
    for c in companies:
        if rng.random() < 0.6:
            fact(R.OPERATES, busy_operators.one(), c)
    chains = Zipf(rng, companies, 0.9)
    for v in venues:
        if rng.random() < 0.4:
            fact(R.RUNS, chains.one(), v)
    parents = Zipf(rng, companies, 1.0)
    for c in companies:
        if rng.random() < 0.05:
            parent = parents.one()
            if parent != c:
                fact(R.OWNS, parent, c)
        elif rng.random() < 0.03:
            fact(R.OWNS, busy_operators.one(), c)

    # Where: businesses at addresses (a few addresses host several) or just in a city.
    shared_addresses = Zipf(rng, addresses, 0.5)
    for x in companies + venues:
        if rng.random() < 0.55:
            fact(R.LOCATED_IN, x, shared_addresses.one())
        else:
            fact(R.LOCATED_IN, x, big_cities.one())
    for a in authorities:
        fact(R.LOCATED_IN, a, auth_city[a])
    for a in addresses:
        fact(R.LOCATED_IN, a, home_city[a])
    for c in cities:
        fact(R.LOCATED_IN, c, rng.choice(provinces))

    # Resolution candidates waiting for review, and a few decided ones.
    for _ in range(max(3, len(companies) // 500)):
        x, y = rng.sample(companies, 2)
        status = rng.choices(("candidate", "accepted", "rejected"), (6, 2, 2))[0]
        b.rels.setdefault((R.SAME_AS, L.COMPANY, L.COMPANY), []).append({
            "src": x, "dst": y, "score": round(rng.uniform(0.86, 0.99), 3),
            "method": "fuzzy-name", "status": status,
            "decided_by": None if status == "candidate" else "bench",
            "decided_at": None if status == "candidate" else "2025-06-01T00:00:00+00:00",
            "reason": None,
        })
        b.count += 1

    # Fill to the target with more mentions: some entities are mentioned everywhere.
    if b.count > spec.rels:
        raise ValueError(
            f"{spec.nodes} nodes already make {b.count} relationships, more than the target "
            f"{spec.rels}; ask for at least {b.count}"
        )
    entities = [r["id"] for label in Label if label is not L.DOCUMENT for r in b.nodes[label]]
    talked_about = Zipf(rng, entities, 0.6)
    while b.count < spec.rels:
        need = spec.rels - b.count
        for node, doc in zip(talked_about.many(need), rng.choices(docs, k=need), strict=True):
            b.mention(node, doc)

    busiest_company = max(companies, key=lambda c: (cases_against[c], c))
    busiest_operator = max(operators, key=lambda o: (operated[o], o))
    busy_venue = next(
        r["dst"] for r in b.rels[(R.OPERATES, L.OPERATOR, L.VENUE)]
        if r["src"] == busiest_operator
    )
    businesses = companies + venues
    picker = random.Random(spec.seed + 1)
    picks = Picks(
        busiest_company=busiest_company,
        busiest_operator=busiest_operator,
        busy_venue=busy_venue,
        pairs=[tuple(picker.sample(businesses, 2)) for _ in range(9)],  # type: ignore[misc]
        prefixes=[b.name[picker.choice(businesses)][:7].lower() for _ in range(5)],
        sample=picker.sample(businesses + operators + [r["id"] for r in b.nodes[L.CASE]], 100),
        top={
            "cases_against_busiest_company": cases_against[busiest_company],
            "venues_of_busiest_operator": operated[busiest_operator],
            "parties_with_5_or_more_cases": sum(1 for n in cases_against.values() if n >= 5),
        },
    )
    return SyntheticGraph(spec=spec, nodes=b.nodes, rels=b.rels, picks=picks)


def _place_id(name: str) -> str:
    return make_id(L.LOCATION, "Location", normalize_place(name))


# -- records for incremental ingest ----------------------------------------------------------


def records(graph: SyntheticGraph, count: int, *, seed: int = 7) -> list[Record]:
    """`count` new extraction records, as an extractor would emit them for new case texts: about
    half the defendants are businesses already in the graph (named as the graph names them, so
    resolution finds them), the rest new; authorities, cities and violations are known ones."""
    rng = random.Random(seed)
    known = {
        L.COMPANY: Zipf(rng, graph.names(L.COMPANY), 0.9),
        L.VENUE: Zipf(rng, graph.names(L.VENUE), 0.9),
    }
    authorities = graph.names(L.AUTHORITY)
    cities = [r["name"] for r in graph.nodes[L.LOCATION] if r.get("kind") == "city"]
    flat = [(cat, v) for cat, names in VIOLATIONS.items() for v in names]
    out = []
    for i in range(count):
        doc = _Doc(f"bench-new-{i:05d}")
        year = rng.randrange(2019, 2026)
        city = doc.entity("loc", L.LOCATION, rng.choice(cities), kind="city")
        auth = doc.entity("auth", L.AUTHORITY, rng.choice(authorities))
        case = doc.entity("case", L.CASE, f"public-interest case {doc.doc_id}", year=year,
                          kind=rng.choice(CASE_KINDS))
        doc.say(f"{doc.names[auth]} filed {doc.names[case]} in {year}.")
        doc.rel(R.FILED, auth, case)
        cat, vname = rng.choice(flat)
        vio = doc.entity("vio", L.VIOLATION, vname, category=cat.value)
        for k in range(rng.choices((1, 2), (7, 3))[0]):
            label = rng.choice((L.COMPANY, L.VENUE))
            if rng.random() < 0.5:
                name = known[label].one()
            else:
                suffix = "Co., Ltd." if label is L.COMPANY else "Internet Cafe"
                name = f"{(rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize()} " \
                       f"{rng.choice(SYLLABLES).capitalize()} {suffix}"
            party = doc.entity(f"party{k}", label, name)
            doc.say(f"{name}, in {doc.names[city]}, was found {vname}.")
            doc.rel(R.COMMITTED, party, vio)
            doc.rel(R.LOCATED_IN, party, city)
            if label is L.VENUE and rng.random() < 0.6:
                op_name = f"{rng.choice(SURNAMES)} Mou"
                op = doc.entity(f"op{k}", L.OPERATOR, op_name)
                doc.say(f"The venue was run by {op_name}.")
                doc.rel(R.OPERATES, op, party)
        out.append(doc.record())
    return out


class _Doc:
    """One record built sentence by sentence, with real offsets into its own text."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.text = ""
        self.names: dict[str, str] = {}
        self.entities: list[Entity] = []
        self.relations: list[Relation] = []
        self.last: Span | None = None

    def say(self, sentence: str) -> None:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        self.last = Span(start=start, end=start + len(sentence), text=sentence)
        for entity in self.entities:
            if not entity.mentions:
                at = self.text.find(entity.name, start)
                if at >= 0:
                    span = Span(start=at, end=at + len(entity.name), text=entity.name)
                    self.entities[self.entities.index(entity)] = entity.model_copy(
                        update={"mentions": [span]})

    def entity(self, key: str, label: Label, name: str, **props: Any) -> str:
        self.names[key] = name
        self.entities.append(Entity(key=key, type=label, name=name, properties=props))
        return key

    def rel(self, rel: RelType, source: str, target: str) -> None:
        self.relations.append(Relation(type=rel, source=source, target=target,
                                       confidence=0.9, evidence=self.last))

    def record(self) -> Record:
        return Record(doc_id=self.doc_id, source=f"cases/{self.doc_id}.txt",
                      extractor=Extractor(name="casegraph", version="0.3.0"),
                      entities=self.entities, relations=self.relations)
