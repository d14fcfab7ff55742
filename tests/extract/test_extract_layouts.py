"""Document layouts that carry relations outside any one sentence: licence-review headers,
parties listed with their roles in brackets, datelines that place a district, councils named
after their city. Sentences and headers written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from graph.model import Label
from graph.records import Record
from tests.extract.helpers import entities, relations

Extract = Callable[[str], Record]

REVIEW = """HARROWGATE BOROUGH COUNCIL
Licensing Sub-Committee: minutes of hearing, 3 May 2023

Item 2: Review of the premises licence for The Copper Lantern, 12 Mill Lane, Harrowgate
Applicant for review: North Fells Police
Premises licence holder: Brindle Inns Ltd
Designated premises supervisor (DPS): Mr Owen Pardoe

1. The police said that on 2 March a 16-year-old test purchaser was sold a pint of lager.
The test-purchase operation covered eight premises. Harrowgate Borough Council's licensing
officer supported the review.
"""


def test_a_licence_review_header_names_premises_holder_supervisor_and_applicant(
        extract_model: Extract) -> None:
    record = extract_model(REVIEW)
    rels = relations(record)
    venues = {e.name for e in entities(record, Label.VENUE)}
    assert any("Copper Lantern" in v for v in venues), venues
    runs = {(s, t) for kind, s, t in rels if kind == "RUNS"}
    operates = {(s, t) for kind, s, t in rels if kind == "OPERATES"}
    assert any(s == "Brindle Inns Ltd" and "Copper Lantern" in t for s, t in runs), runs
    assert any("Owen Pardoe" in s and "Copper Lantern" in t for s, t in operates), operates
    filed = {s for kind, s, _ in rels if kind == "FILED"}
    assert filed == {"North Fells Police"}


def test_parties_with_bracketed_roles_run_the_only_premises(extract_model: Extract) -> None:
    record = extract_model(
        "Respondents: Marlowe Hospitality Pty Ltd (licensee) and Dean Hollis (approved manager). "
        "The Quayside Hotel served rum to a 17-year-old guest.")
    rels = relations(record)
    assert ("RUNS", "Marlowe Hospitality Pty Ltd", "Quayside Hotel") in rels
    assert ("OPERATES", "Dean Hollis", "Quayside Hotel") in rels


def test_a_district_lies_in_the_only_city_of_the_text(extract_model: Extract) -> None:
    record = extract_model(
        "LUOYANG, Henan - The People's Procuratorate of Xigong District inspected internet cafes "
        "near schools. The Jiasu Internet Cafe in Xigong District admitted minors.")
    assert ("LOCATED_IN", "Xigong District", "Luoyang") in {
        (k, s, t.title()) for k, s, t in relations(record)}


def test_a_district_is_not_placed_when_the_text_names_two_cities(extract_model: Extract) -> None:
    record = extract_model(
        "The People's Procuratorate of Xigong District in Luoyang and prosecutors in Kaifeng "
        "inspected internet cafes. The Jiasu Internet Cafe in Xigong District admitted minors.")
    placed = {t for k, s, t in relations(record) if k == "LOCATED_IN" and s == "Xigong District"}
    assert placed <= {"Luoyang"}


def test_the_city_a_council_is_named_after_is_a_place(extract_model: Extract) -> None:
    record = extract_model(
        "Bradwell City Council suspended the licence of the Old Mill Bar. Officers in Bradwell "
        "found that the bar had served alcohol to two 15-year-olds.")
    places = {e.name for e in entities(record, Label.LOCATION)}
    authorities = {e.name for e in entities(record, Label.AUTHORITY)}
    assert "Bradwell" in places
    assert authorities == {"Bradwell City Council"}


def test_a_procuratorate_district_is_not_cut_to_its_first_word(extract_model: Extract) -> None:
    record = extract_model(
        "The Huli District People's Procuratorate inspected shops. Prosecutors in Huli found "
        "that the Aiwei Snack Shop sold unlabelled snacks to pupils.")
    assert "Huli" not in {e.name for e in entities(record, Label.LOCATION)}


def test_an_appositive_descriptor_types_a_name_the_model_calls_a_person(
        extract_model: Extract) -> None:
    record = extract_model(
        "Brightwell Learning, Inc. publishes Spellora, a phonics and spelling app for children "
        "aged 5 to 9. Spellora collected voice recordings without parental consent.")
    venues = {e.name: e.properties.get("kind") for e in entities(record, Label.VENUE)}
    assert venues.get("Spellora") == "app"
    assert "Spellora" not in {e.name for e in entities(record, Label.OPERATOR)}
