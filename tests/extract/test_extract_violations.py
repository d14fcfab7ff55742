"""Violations, their categories and offenders, and the one Case of an enforcement text, on
sentences written for these tests."""

from __future__ import annotations

import pytest

from graph.model import Category, Label
from graph.records import Record
from tests.extract.helpers import entities, relations

BOTH = ["extract_model", "extract_blank"]

CASES = [
    ("The Hongyun Bar sold beer and spirits to three 16-year-old students.",
     Category.ALCOHOL_TOBACCO, "Hongyun Bar"),
    ("The Jiayi Convenience Store sold cigarettes to pupils without checking their ages.",
     Category.ALCOHOL_TOBACCO, "Jiayi Convenience Store"),
    ("Wang Mou tattooed at least 12 minors at the Inkline Tattoo Studio.",
     Category.TATTOO_AND_COSMETIC, "Wang Mou"),
    ("The Qingshan Hotel let two 14-year-old girls check in without registering their "
     "identity.", Category.ACCOMMODATION, "Qingshan Hotel"),
    ("The Feiyu Internet Cafe admitted minors on at least 30 occasions.",
     Category.UNSUITABLE_VENUES, "Feiyu Internet Cafe"),
    ("KidzPlay Media LLC collected children's location data without parental consent.",
     Category.PERSONAL_INFORMATION, "KidzPlay Media LLC"),
    ("Hebei Jincan Catering Co., Ltd. used expired milk and flour in school lunches.",
     Category.FOOD_SAFETY, "Hebei Jincan Catering Co., Ltd."),
    ("Sunshine Kindergarten had never applied for a licence to run a school.",
     Category.CAMPUS_AND_CHILDCARE_SAFETY, "Sunshine Kindergarten"),
    ("Star Games Co., Ltd. let underage players spend without limit in its game.",
     Category.ONLINE_SAFETY, "Star Games Co., Ltd."),
    ("Happy Toys, Inc. failed to report that its magnet sets posed a serious risk of injury.",
     Category.PRODUCT_SAFETY, "Happy Toys, Inc."),
]


@pytest.mark.parametrize("runner", BOTH)
@pytest.mark.parametrize(("text", "category", "offender"), CASES,
                         ids=[c[1].value for c in CASES])
def test_violation_category_and_offender(runner: str, text: str, category: Category,
                                         offender: str, request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(text)
    violations = entities(record, Label.VIOLATION)
    assert violations, f"no violation found in {text!r}"
    assert category.value in {v.properties["category"] for v in violations}
    committed = {(s, t) for kind, s, t in relations(record) if kind == "COMMITTED"}
    assert any(s == offender for s, _ in committed), committed
    for v in violations:
        assert v.name and v.properties["category"] in {c.value for c in Category}
        for m in v.mentions:
            assert text[m.start:m.end] == m.text
    for r in record.relations:
        if r.type.value == "COMMITTED":
            assert r.evidence is not None
            assert any(r.evidence.start <= m.start < r.evidence.end
                       for v in violations if v.key == r.target for m in v.mentions)


@pytest.mark.parametrize("text", [
    "The sign at the entrance states that minors are not admitted.",
    "Jinhua Tianmu Dairy Co., Ltd. supplied milk to 12 primary schools in the district.",
    "The bureau checked 64 entertainment venues in the district.",
])
def test_rules_and_descriptions_are_not_violations(extract_model: object, text: str) -> None:
    assert callable(extract_model)
    record = extract_model(text)
    assert not entities(record, Label.VIOLATION), [v.name for v in entities(record,
                                                                            Label.VIOLATION)]


ENFORCEMENT = (
    "The People's Procuratorate of Yunlong District filed a civil public-interest lawsuit "
    "against Tang Moumou and the Feiyu Internet Cafe on 3 June 2020. The cafe admitted minors "
    "on at least 230 occasions. In November 2020 the Xuzhou Intermediate People's Court ruled "
    "that Tang must pay 50,000 yuan.")


@pytest.mark.parametrize("runner", BOTH)
def test_one_case_filed_by_the_acting_authority(runner: str,
                                                request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(ENFORCEMENT)
    cases = entities(record, Label.CASE)
    assert len(cases) == 1
    case = cases[0]
    assert case.properties["kind"] == "civil public-interest lawsuit"
    assert case.properties["year"] == 2020
    assert any("civil public-interest lawsuit" in m.text for m in case.mentions)
    rels = relations(record)
    assert ("FILED", "People's Procuratorate of Yunlong District", case.name) in rels
    assert ("AGAINST", case.name, "Tang Moumou") in rels
    assert ("AGAINST", case.name, "Feiyu Internet Cafe") in rels
    # the court decides; it does not file
    assert not any(k == "FILED" and "Court" in s for k, s, _ in rels)


FINDINGS = [
    # what an investigation found a party did, in words no cue pattern lists
    ("The commission's investigation found that Brightwave Media Ltd mislabelled its "
     "subscription and charged parents twice for the same month.",
     ["mislabelled its subscription", "charged parents twice for the same month"]),
    ("According to the complaint, Skyward Schools, Inc. misrepresented its security practices.",
     ["misrepresented its security practices"]),
    ("The state alleged that PixelPals Studios LLC enabled open chat by default and ignored "
     "reports from parents.",
     ["enabled open chat by default", "ignored reports from parents"]),
]


@pytest.mark.parametrize(("text", "clauses"), FINDINGS, ids=["found", "according", "alleged"])
def test_what_a_finding_reports_a_party_did_is_a_violation(
        extract_model: object, text: str, clauses: list[str]) -> None:
    assert callable(extract_model)
    record: Record = extract_model(text)
    spans = {m.text for v in entities(record, Label.VIOLATION) for m in v.mentions}
    for clause in clauses:
        assert any(clause in s or s in clause for s in spans), (clause, spans)
    offenders = {s for kind, s, _ in relations(record) if kind == "COMMITTED"}
    assert len(offenders) == 1 and next(iter(offenders)).endswith(("Ltd", "Inc.", "LLC"))


@pytest.mark.parametrize("text", [
    # a finding that describes the business, or what someone who is not a party did
    "The bureau found that Brightwave Media Ltd operates three learning apps.",
    "Prosecutors found that the bureau had inspected the cafes twice a year.",
    # a party's own claim is no finding
    "Brightwave Media Ltd said that it protected every account.",
])
def test_findings_about_other_things_are_not_violations(extract_model: object,
                                                        text: str) -> None:
    assert callable(extract_model)
    record: Record = extract_model(text)
    assert not entities(record, Label.VIOLATION), [m.text for v in entities(
        record, Label.VIOLATION) for m in v.mentions]


def test_settlements_name_their_party(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "The Texas Attorney General announced a $3 million settlement with PixelPals Studios "
        "LLC. ChatterPets LLC will pay $400,000 to resolve Federal Trade Commission "
        "allegations that it kept children's voice recordings.")
    case = entities(record, Label.CASE)[0]
    assert case.properties["kind"] == "settlement"
    against = {t for kind, _, t in relations(record) if kind == "AGAINST"}
    assert "PixelPals Studios LLC" in against


@pytest.mark.parametrize(("text", "category"), [
    ("ChatterPets LLC asked users to record their voices.", Category.PERSONAL_INFORMATION),
    ("ChatterPets LLC sent parents no notice about what it collected.",
     Category.PERSONAL_INFORMATION),
    ("Sweet Cloud Milk Tea kept raw pearls at room temperature overnight.",
     Category.FOOD_SAFETY),
], ids=["collecting", "notice", "storage"])
def test_cues_for_collection_notice_and_storage(extract_model: object, text: str,
                                                category: Category) -> None:
    assert callable(extract_model)
    record: Record = extract_model(text)
    assert category.value in {v.properties["category"] for v in entities(record,
                                                                         Label.VIOLATION)}


def test_findings_of_fact_in_a_judgment(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "Defendant: Suzhou Lily Beauty Co., Ltd., operator of the Lily Nail and Lash Studio, "
        "Suzhou.\n\nThe court found as follows. Between January and May 2023 the studio "
        "performed eyelash extensions on at least 23 girls aged 12 to 16 without asking for "
        "their parents' consent.\n\nThe court held that the defendant must stop and pay "
        "60,000 yuan.")
    violations = entities(record, Label.VIOLATION)
    spans = [m.text for v in violations for m in v.mentions]
    # the whole clause describes the breach, not only the words a pattern knows
    assert any(s.startswith("performed eyelash extensions") and "consent" in s for s in spans)
    assert Category.TATTOO_AND_COSMETIC.value in {v.properties["category"] for v in violations}
    assert not any("must stop" in s or "pay" in s for s in spans)  # the remedy is no breach
    assert ("RUNS", "Suzhou Lily Beauty Co., Ltd.", "Lily Nail and Lash Studio") in relations(
        record)


def test_a_venue_selling_entry_to_pupils_admits_minors(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "Zhao Mou runs the Midnight Maze escape room in Jinan through Jinan Midnight Maze "
        "Entertainment Co., Ltd. The venue sold night tickets to middle-school students through "
        "a group-buying platform. Two emergency exits at the venue were blocked with props.")
    violations = entities(record, Label.VIOLATION)
    assert Category.UNSUITABLE_VENUES.value in {v.properties["category"] for v in violations}
    committed = {s for kind, s, _ in relations(record) if kind == "COMMITTED"}
    assert committed == {"Midnight Maze"}  # "the venue" is the escape room, not the platform
    assert ("RUNS", "Jinan Midnight Maze Entertainment Co., Ltd.", "Midnight Maze") in \
        relations(record)


def test_what_staff_did_is_the_business_breach(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "Sunflower Kindergarten in Hongshan District, Wuhan is run by Wuhan Sunflower Education "
        "Co., Ltd. Parents reported that a teacher had locked a four-year-old boy in a dark "
        "storeroom as punishment. Shanghai Starfall Co., Ltd. sold in-game currency to a "
        "12-year-old player and refused to refund the money.")
    violations = entities(record, Label.VIOLATION)
    spans = {m.text for v in violations for m in v.mentions}
    assert any(s.startswith("had locked a four-year-old boy") for s in spans), spans
    categories = {v.properties["category"] for v in violations}
    assert {Category.CAMPUS_AND_CHILDCARE_SAFETY.value, Category.ONLINE_SAFETY.value} <= categories
    assert ("RUNS", "Wuhan Sunflower Education Co., Ltd.", "Sunflower Kindergarten") in \
        relations(record)
    assert "a teacher" not in {e.name for e in record.entities}


def test_findings_in_the_passive_and_product_labels(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "Ireland's Data Protection Commission fined PlayNest Ltd in 2021. The commission found "
        "that voice recordings of children were sent to contractors in other countries without "
        "parents being informed. Dongguan Happy Cube Toys Co., Ltd. was also fined: the sets "
        "were labelled as suitable for children aged three and up, and no warning about magnets "
        "appeared on the packaging.")
    by_text = {m.text: v for v in entities(record, Label.VIOLATION) for m in v.mentions}
    sent = [t for t in by_text if "were sent to contractors" in t]
    assert sent and by_text[sent[0]].properties["category"] == \
        Category.PERSONAL_INFORMATION.value
    categories = {v.properties["category"] for v in by_text.values()}
    assert Category.PRODUCT_SAFETY.value in categories
    assert Category.UNSUITABLE_VENUES.value not in categories  # nothing here admits anyone


def test_lists_of_findings_and_equipment_that_failed(extract_model: object) -> None:
    assert callable(extract_model)
    record: Record = extract_model(
        "The Yuelu District Market Supervision Administration fined Changsha Happy Valley "
        "Amusement Co., Ltd., which operates the Happy Valley Fun Park. A safety bar on the "
        "park's Spinning Cups ride opened during operation. Investigators found that the ride's "
        "inspection certificate had expired in 2022, that the operator on duty had no licence, "
        "and that the park's maintenance log had not been filled in for five months. The "
        "procuratorate said it had sent the findings to the police so that other parks could "
        "be checked.")
    spans = [m.text for v in entities(record, Label.VIOLATION) for m in v.mentions]
    for clause in ("bar on the park's", "had expired in 2022", "had no licence",
                   "not been filled in"):
        assert any(clause in s for s in spans), (clause, spans)
    # what the procuratorate did, and what others could do, are no breaches
    assert not any("sent the findings" in s or "could be checked" in s for s in spans), spans
