"""A small world of enforcement cases for the API and view tests, built as extraction records
with their case texts, so every mention and evidence span points at real characters.

What the world holds by construction (tests assert these through the API):
- Qiu Mou runs the Yeying KTV and the Hongyun Bar in Changsha; a 2019 recommendation names him
  and the KTV, a 2022 civil suit him and the bar: Qiu Mou is a repeat offender (2 cases).
- Tang Feiyu runs the Feiyu Internet Cafe in Xuzhou (cases in 2020 and 2024) and owns Xuzhou
  Lanhai Culture Co., Ltd., which runs the Lanhai E-sports Hotel: the cafe and the hotel are
  linked businesses through Tang Feiyu.
- Pixelfort Inc. and its Bubble Pals app were pursued by the FTC (2019) and by the New Mexico
  Attorney General (2021) for collecting children's data: a company repeat offender.
- Hangzhou Sunward Technology Co., Ltd. (2019) and Hangzhou Sunward Technologies Co., Ltd. (2023)
  are near-identical names: ingest proposes a SAME_AS candidate for review.
- Wang Mou's tattoo studio in Guangzhou: one case, not a repeat offender.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.records import Entity, Extractor, Record, Relation, Span


@dataclass
class CaseText:
    """One case text being written sentence by sentence, and the record that annotates it."""

    doc_id: str
    text: str = ""
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    _sentence: Span | None = None

    def says(self, sentence: str) -> CaseText:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        self._sentence = Span(start=start, end=start + len(sentence), text=sentence)
        return self

    def names(self, key: str, type_: str, name: str, *, as_: str | None = None,
              **properties: Any) -> str:
        """An entity, with a mention at every place the current text says it."""
        surface = as_ or name
        spans = self.entities[key].mentions if key in self.entities else []
        at = self.text.find(surface)
        while at >= 0:
            span = Span(start=at, end=at + len(surface), text=surface)
            if span not in spans:
                spans = [*spans, span]
            at = self.text.find(surface, at + 1)
        self.entities[key] = Entity(key=key, type=type_, name=name, mentions=spans,
                                    properties=properties)
        return key

    def links(self, type_: str, source: str, target: str, confidence: float = 0.9) -> CaseText:
        """A relation whose evidence is the sentence said last."""
        self.relations.append(Relation(type=type_, source=source, target=target,
                                       confidence=confidence, evidence=self._sentence))
        return self

    def record(self) -> Record:
        return Record(
            doc_id=self.doc_id, source=f"cases/{self.doc_id}.txt",
            extractor=Extractor(name="casegraph-tests", version="1"),
            entities=list(self.entities.values()), relations=self.relations,
        )


def _changsha_2019() -> CaseText:
    c = CaseText("2019-changsha-yeying-ktv")
    c.says("Qiu Mou runs the Yeying KTV and the Hongyun Bar in Furong District, Changsha.")
    qiu = c.names("op", "Operator", "Qiu Mou")
    ktv = c.names("ktv", "Venue", "Yeying KTV", kind="ktv")
    bar = c.names("bar", "Venue", "Hongyun Bar", kind="bar")
    city = c.names("city", "Location", "Changsha", kind="city")
    c.links("OPERATES", qiu, ktv).links("OPERATES", qiu, bar)
    c.links("LOCATED_IN", ktv, city).links("LOCATED_IN", bar, city)
    c.says("In 2019 the Yeying KTV admitted minors to private rooms after 10 p.m. and sold "
           "them beer.")
    vio = c.names("vio1", "Violation", "admitting minors to entertainment venues",
                  as_="admitted minors", category="unsuitable_venues")
    beer = c.names("vio2", "Violation", "selling alcohol to minors", as_="sold them beer",
                   category="alcohol_tobacco")
    c.links("COMMITTED", ktv, vio).links("COMMITTED", ktv, beer, 0.8)
    c.says("The People's Procuratorate of Furong District issued a procuratorial "
           "recommendation on 18 September 2019.")
    auth = c.names("auth", "Authority", "People's Procuratorate of Furong District",
                   kind="procuratorate")
    case = c.names("case", "Case", "procuratorial recommendation", year=2019,
                   kind="procuratorial recommendation")
    c.links("FILED", auth, case).links("AGAINST", case, ktv).links("AGAINST", case, qiu)
    c.links("CONCERNS", case, vio)
    return c


def _changsha_2022() -> CaseText:
    c = CaseText("2022-changsha-hongyun-bar")
    c.says("The Changsha Municipal People's Procuratorate sued Qiu Mou, operator of the "
           "Hongyun Bar, in a civil public-interest case.")
    auth = c.names("auth", "Authority", "Changsha Municipal People's Procuratorate",
                   kind="procuratorate")
    qiu = c.names("op", "Operator", "Qiu Mou")
    bar = c.names("bar", "Venue", "Hongyun Bar", kind="bar")
    case = c.names("case", "Case", "civil public-interest case", year=2022, kind="civil suit")
    c.links("FILED", auth, case).links("AGAINST", case, qiu).links("OPERATES", qiu, bar)
    c.says("On 30 April 2022 the Hongyun Bar sold liquor to five students aged 15 to 17.")
    vio = c.names("vio", "Violation", "selling alcohol to minors", as_="sold liquor",
                  category="alcohol_tobacco")
    c.links("COMMITTED", bar, vio).links("COMMITTED", qiu, vio, 0.7)
    c.links("AGAINST", case, bar)
    return c


def _xuzhou(year: int, hotel: bool) -> CaseText:
    c = CaseText(f"{year}-xuzhou-feiyu-internet-cafe")
    c.says(f"In {year} the Feiyu Internet Cafe in Xuzhou, run by Tang Feiyu, let minors "
           "play online games overnight.")
    cafe = c.names("cafe", "Venue", "Feiyu Internet Cafe", kind="internet_cafe")
    tang = c.names("op", "Operator", "Tang Feiyu")
    city = c.names("city", "Location", "Xuzhou", kind="city")
    vio = c.names("vio", "Violation", "admitting minors to internet cafes",
                  as_="let minors play online games", category="unsuitable_venues")
    c.links("OPERATES", tang, cafe).links("LOCATED_IN", cafe, city).links("COMMITTED", cafe, vio)
    c.says("The Gulou District Market Regulation Bureau fined the cafe 20,000 yuan.")
    auth = c.names("auth", "Authority", "Gulou District Market Regulation Bureau", kind="regulator")
    case = c.names("case", "Case", "administrative penalty", as_="fined", year=year,
                   kind="administrative penalty")
    c.links("FILED", auth, case).links("AGAINST", case, cafe).links("CONCERNS", case, vio)
    if hotel:
        c.says("Tang Feiyu also owns Xuzhou Lanhai Culture Co., Ltd., which runs the Lanhai "
               "E-sports Hotel.")
        co = c.names("co", "Company", "Xuzhou Lanhai Culture Co., Ltd.")
        ho = c.names("hotel", "Venue", "Lanhai E-sports Hotel", kind="esports_hotel")
        c.links("OWNS", tang, co).links("RUNS", co, ho)
    return c


def _pixelfort(doc_id: str, authority: str, kind: str, year: int, place: str) -> CaseText:
    c = CaseText(doc_id)
    c.says(f"The {authority} alleged that Pixelfort Inc., maker of the Bubble Pals app, "
           "collected personal information from children without verifiable parental consent.")
    auth = c.names("auth", "Authority", authority, kind=kind)
    co = c.names("co", "Company", "Pixelfort Inc.")
    app = c.names("app", "Venue", "Bubble Pals", kind="app")
    vio = c.names("vio", "Violation", "collecting children's personal information without "
                  "parental consent", as_="collected personal information from children",
                  category="personal_information")
    c.links("RUNS", co, app).links("COMMITTED", co, vio).links("COMMITTED", app, vio, 0.6)
    c.says(f"In {year} the case was resolved with a civil penalty in {place}.")
    case = c.names("case", "Case", "COPPA enforcement action", as_="civil penalty", year=year,
                   kind="civil penalty")
    loc = c.names("loc", "Location", place, kind="state" if place != "United States" else "country")
    c.links("FILED", auth, case).links("AGAINST", case, co).links("CONCERNS", case, vio)
    c.links("LOCATED_IN", auth, loc)
    return c


def _sunward(doc_id: str, name: str, app: str, year: int, category: str, wrong: str) -> CaseText:
    c = CaseText(doc_id)
    c.says(f"{name} runs the {app} app for schoolchildren.")
    co = c.names("co", "Company", name)
    ap = c.names("app", "Venue", app, kind="app")
    c.links("RUNS", co, ap)
    c.says(f"In {year} the Hangzhou Internet Information Office found that the app {wrong}.")
    auth = c.names("auth", "Authority", "Hangzhou Internet Information Office", kind="regulator")
    vio = c.names("vio", "Violation", wrong, category=category)
    case = c.names("case", "Case", "administrative penalty", as_="found", year=year,
                   kind="administrative penalty")
    city = c.names("city", "Location", "Hangzhou", kind="city")
    c.links("COMMITTED", ap, vio).links("FILED", auth, case).links("AGAINST", case, co)
    c.links("CONCERNS", case, vio).links("LOCATED_IN", co, city)
    return c


def _tattoo() -> CaseText:
    c = CaseText("2023-guangzhou-wang-tattoo")
    c.says("Wang Mou, who runs the Inkwell Tattoo Studio in Guangzhou, tattooed four minors.")
    wang = c.names("op", "Operator", "Wang Mou")
    shop = c.names("shop", "Venue", "Inkwell Tattoo Studio", kind="tattoo_parlour")
    vio = c.names("vio", "Violation", "tattooing minors", as_="tattooed four minors",
                  category="tattoo_and_cosmetic")
    city = c.names("city", "Location", "Guangzhou", kind="city")
    c.links("OPERATES", wang, shop).links("COMMITTED", shop, vio).links("LOCATED_IN", shop, city)
    c.says("The Tianhe District People's Procuratorate filed a civil public-interest suit.")
    auth = c.names("auth", "Authority", "Tianhe District People's Procuratorate",
                   kind="procuratorate")
    case = c.names("case", "Case", "civil public-interest suit", year=2023, kind="civil suit")
    c.links("FILED", auth, case).links("AGAINST", case, wang).links("CONCERNS", case, vio)
    return c


def world() -> list[CaseText]:
    """Every case text of the world, in ingest order."""
    return [
        _changsha_2019(),
        _changsha_2022(),
        _xuzhou(2020, hotel=False),
        _xuzhou(2024, hotel=True),
        _pixelfort("2019-ftc-pixelfort", "Federal Trade Commission", "regulator", 2019,
                   "United States"),
        _pixelfort("2021-new-mexico-pixelfort", "New Mexico Attorney General",
                   "attorney_general", 2021, "New Mexico"),
        _sunward("2019-hangzhou-sunward-homework", "Hangzhou Sunward Technology Co., Ltd.",
                 "Sunward Homework", 2019, "personal_information",
                 "collected pupils' location data without consent"),
        _sunward("2023-hangzhou-sunward-watch", "Hangzhou Sunward Technologies Co., Ltd.",
                 "Sunward Kids Watch", 2023, "online_safety",
                 "let strangers message children"),
        _tattoo(),
    ]


def records() -> list[Record]:
    return [c.record() for c in world()]


def texts() -> dict[str, str]:
    """Case text by doc id."""
    return {c.doc_id: c.text for c in world()}
