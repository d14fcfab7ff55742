"""A small corpus of extraction records whose graph is known by construction.

Designed facts (the contract tests assert them):
- Zhao Mou operates the Blue Wave Internet Cafe and the Starlight E-sports Hotel (doc x1), and
  again the Blue Wave Internet Café (doc x3): one operator, anchored by the shared venue.
- A different Zhao Mou runs the Golden Dragon KTV in Nanjing (doc x4): a separate person.
- Sunward Network Technology Co., Ltd. runs Blue Wave (x1) and, as SUNWARD NETWORK TECHNOLOGY
  CO LTD, the Sunward Kids app (x2): one company under two spellings.
- Xinghe Hotel Management Group owns two hotel companies (x5, x6): linked through the parent.
- The Lucky Star Hotel and the Moonlight Guesthouse share an address (x6): linked through it.
- Repeat offenders with >= 2 cases: Blue Wave (x1, x3), the first Zhao Mou (x1, x3).
- Sunward (x2) and Xinghe Hotel Suqian (x5) meet only in the city of Suqian, a hub.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.records import Entity, Record, Relation, Span


@dataclass
class Doc:
    """Builds one record from sentences, with real offsets for every mention and evidence."""

    doc_id: str
    year: int
    text: str = ""
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    _spans: dict[str, list[Span]] = field(default_factory=dict)
    _sentences: list[Span] = field(default_factory=list)

    def say(self, sentence: str) -> Span:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        span = Span(start=start, end=start + len(sentence), text=sentence)
        self._sentences.append(span)
        return span

    def entity(
        self, key: str, type_: str, name: str, *, said: str | None = None, **properties: Any
    ) -> str:
        mentions = []
        surface = said or name
        at = self.text.find(surface)
        if at >= 0:
            mentions.append(Span(start=at, end=at + len(surface), text=surface))
        self.entities.append(
            Entity(key=key, type=type_, name=name, mentions=mentions, properties=properties)
        )
        return key

    def rel(self, type_: str, source: str, target: str, confidence: float = 0.9) -> None:
        evidence = self._sentences[-1] if self._sentences else None
        self.relations.append(
            Relation(
                type=type_, source=source, target=target, confidence=confidence, evidence=evidence
            )
        )

    def record(self) -> Record:
        return Record(
            doc_id=self.doc_id,
            source=f"cases/{self.doc_id}.txt",
            entities=self.entities,
            relations=self.relations,
        )


def corpus() -> list[Record]:
    """The designed corpus (module docstring), in ingest order."""
    docs = []

    d = Doc("x1", 2019)
    d.say(
        "The People's Procuratorate of Xuzhou filed a civil public-interest suit against "
        "Zhao Mou, who operated the Blue Wave Internet Cafe and the Starlight E-sports Hotel."
    )
    auth = d.entity("a", "Authority", "People's Procuratorate of Xuzhou", kind="procuratorate")
    case = d.entity(
        "k",
        "Case",
        "civil public-interest suit",
        said="civil public-interest suit",
        year=2019,
        kind="civil public-interest suit",
    )
    op = d.entity("o", "Operator", "Zhao Mou")
    bw = d.entity("v1", "Venue", "Blue Wave Internet Cafe", kind="internet_cafe")
    sl = d.entity("v2", "Venue", "Starlight E-sports Hotel", kind="esports_hotel")
    d.rel("FILED", auth, case)
    d.rel("AGAINST", case, op)
    d.rel("OPERATES", op, bw)
    d.rel("OPERATES", op, sl)
    d.say(
        "The cafe, run by Sunward Network Technology Co., Ltd. at 12 Heping Road, Xuzhou, "
        "admitted minors on school nights."
    )
    co = d.entity("c", "Company", "Sunward Network Technology Co., Ltd.")
    addr = d.entity("l1", "Location", "12 Heping Road, Xuzhou", kind="address")
    city = d.entity("l2", "Location", "Xuzhou", kind="city")
    vio = d.entity(
        "x",
        "Violation",
        "admitting minors to an internet cafe",
        said="admitted minors",
        category="unsuitable_venues",
    )
    d.rel("RUNS", co, bw)
    d.rel("LOCATED_IN", bw, addr)
    d.rel("LOCATED_IN", addr, city)
    d.rel("LOCATED_IN", auth, city)
    d.rel("COMMITTED", bw, vio)
    d.rel("AGAINST", case, bw)
    docs.append(d.record())

    d = Doc("x2", 2021)
    d.say(
        "The Suqian market regulation bureau fined SUNWARD NETWORK TECHNOLOGY CO LTD because "
        "its Sunward Kids app collected children's personal information without parental "
        "consent."
    )
    auth = d.entity(
        "a",
        "Authority",
        "Suqian Market Regulation Bureau",
        said="Suqian market regulation bureau",
        kind="regulator",
    )
    case = d.entity(
        "k",
        "Case",
        "administrative penalty",
        said="fined",
        year=2021,
        kind="administrative penalty",
    )
    co = d.entity("c", "Company", "SUNWARD NETWORK TECHNOLOGY CO LTD")
    app = d.entity("v", "Venue", "Sunward Kids", kind="app")
    vio = d.entity(
        "x",
        "Violation",
        "collecting children's personal information without parental consent",
        said="collected children's personal information without parental consent",
        category="personal_information",
    )
    city = d.entity("l", "Location", "Suqian City", said="Suqian", kind="city")
    d.rel("FILED", auth, case)
    d.rel("AGAINST", case, co)
    d.rel("RUNS", co, app)
    d.rel("COMMITTED", co, vio)
    d.rel("LOCATED_IN", co, city)
    docs.append(d.record())

    d = Doc("x3", 2022)
    d.say(
        "Inspectors again found minors at the Blue Wave Internet Café, operated by Zhao Mou, "
        "and the Xuzhou culture bureau revoked its licence."
    )
    auth = d.entity(
        "a", "Authority", "Xuzhou Culture Bureau", said="Xuzhou culture bureau", kind="regulator"
    )
    case = d.entity(
        "k",
        "Case",
        "licence revocation",
        said="revoked its licence",
        year=2022,
        kind="administrative penalty",
    )
    bw = d.entity("v", "Venue", "Blue Wave Internet Café", kind="internet_cafe")
    op = d.entity("o", "Operator", "Zhao Mou")
    vio = d.entity(
        "x",
        "Violation",
        "admitting minors to an internet cafe",
        said="found minors",
        category="unsuitable_venues",
    )
    d.rel("FILED", auth, case)
    d.rel("AGAINST", case, bw)
    d.rel("AGAINST", case, op)
    d.rel("OPERATES", op, bw)
    d.rel("COMMITTED", bw, vio)
    docs.append(d.record())

    d = Doc("x4", 2022)
    d.say(
        "In Nanjing, a different operator also named Zhao Mou ran the Golden Dragon KTV, "
        "which sold alcohol to minors."
    )
    op = d.entity("o", "Operator", "Zhao Mou")
    ktv = d.entity("v", "Venue", "Golden Dragon KTV", kind="ktv")
    vio = d.entity(
        "x",
        "Violation",
        "selling alcohol to minors",
        said="sold alcohol to minors",
        category="alcohol_tobacco",
    )
    city = d.entity("l", "Location", "Nanjing", kind="city")
    d.rel("OPERATES", op, ktv)
    d.rel("COMMITTED", ktv, vio)
    d.rel("LOCATED_IN", ktv, city)
    docs.append(d.record())

    d = Doc("x5", 2023)
    d.say(
        "Xinghe Hotel Suqian Co., Ltd., a subsidiary of Xinghe Hotel Management Group, "
        "checked in minors without registering their identity."
    )
    parent = d.entity("p", "Company", "Xinghe Hotel Management Group")
    child = d.entity("c", "Company", "Xinghe Hotel Suqian Co., Ltd.")
    vio = d.entity(
        "x",
        "Violation",
        "failing to register guests' identity",
        said="checked in minors without registering their identity",
        category="accommodation",
    )
    d.rel("OWNS", parent, child)
    d.rel("COMMITTED", child, vio)
    d.say("The company is registered in Suqian.")
    city = d.entity("l", "Location", "Suqian", kind="city")
    d.rel("LOCATED_IN", child, city)
    docs.append(d.record())

    d = Doc("x6", 2024)
    d.say(
        "Xinghe Hotel Management Group's subsidiary Xinghe Hotel Wuxi Co., Ltd. runs the "
        "Lucky Star Hotel at 88 Jiefang Road, Wuxi, where the Moonlight Guesthouse also "
        "admitted unaccompanied minors."
    )
    parent = d.entity("p", "Company", "Xinghe Hotel Management Group")
    child = d.entity("c", "Company", "Xinghe Hotel Wuxi Co., Ltd.")
    hotel = d.entity("h", "Venue", "Lucky Star Hotel", kind="hotel")
    guest = d.entity("g", "Venue", "Moonlight Guesthouse", kind="guesthouse")
    addr = d.entity("l", "Location", "88 Jiefang Road, Wuxi", kind="address")
    vio = d.entity(
        "x",
        "Violation",
        "admitting unaccompanied minors to a hotel",
        said="admitted unaccompanied minors",
        category="accommodation",
    )
    d.rel("OWNS", parent, child)
    d.rel("RUNS", child, hotel)
    d.rel("LOCATED_IN", hotel, addr)
    d.rel("LOCATED_IN", guest, addr)
    d.rel("COMMITTED", guest, vio)
    docs.append(d.record())
    return docs
