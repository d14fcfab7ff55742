"""Entities on sentences written for these tests: officials are not operators, aliases and
short forms are one entity, unnamed businesses are generic, former names and subsidiaries are
kept, platforms and products are told apart; on the model and on the rules-only pipeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.model import Label
from graph.records import Record
from tests.extract.helpers import entities, entity, names, relations

Extract = Callable[[str], Record]
BOTH = ["extract_model", "extract_blank"]

OFFICIALS = (
    "By Chen Hao, staff reporter\n\n"
    "SUQIAN, Jiangsu - The People's Procuratorate of Suqian City has sued Zhang Mou, who ran "
    "the Lanxin Internet Cafe, for admitting minors. Zhang personally let the pupils in.\n\n"
    '"Internet cafes must check every card," said Li Ming, a prosecutor of the procuratorate. '
    "The bureau's deputy director, Wu Gang, said inspections would continue.")


@pytest.mark.parametrize("runner", BOTH)
def test_officials_and_journalists_are_not_operators(runner: str,
                                                     request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(OFFICIALS)
    operators = entities(record, Label.OPERATOR)
    assert [e.name for e in operators] == ["Zhang Mou"]
    # "Zhang" is the same person as "Zhang Mou": one entity with both mentions
    assert {m.text for m in operators[0].mentions} == {"Zhang Mou", "Zhang"}
    assert ("OPERATES", "Zhang Mou", "Lanxin Internet Cafe") in relations(record)


@pytest.mark.parametrize("runner", BOTH)
def test_unnamed_businesses_are_generic_entities(runner: str,
                                                 request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        "The People's Procuratorate of Haidian District found that a company in Beijing "
        "collected children's data without parental consent through its homework app. The "
        "company was fined by the Haidian District Market Supervision Administration.")
    company = entity(record, Label.COMPANY, "company in Beijing")
    assert company.properties.get("generic") is True
    assert {m.text for m in company.mentions} >= {"a company", "The company"}
    assert ("LOCATED_IN", "company in Beijing", "Beijing") in relations(record)


def test_former_names_and_trading_names_are_aliases(extract_model: Extract) -> None:
    record = extract_model(
        "The procuratorate sued Mingde Education Technology Co., Ltd. (formerly Mingde "
        "Tutoring Co., Ltd.) and Hainan Xingyao Interactive Co., Ltd. (trading as StarPlay). "
        "StarPlay said it would appeal. Sunrise Toys Ltd, formerly Little Star Toys Ltd, was "
        "also named.")
    mingde = entity(record, Label.COMPANY, "Mingde Education Technology Co., Ltd.")
    assert "Mingde Tutoring Co., Ltd." in mingde.properties["aliases"]
    xingyao = entity(record, Label.COMPANY, "Hainan Xingyao Interactive Co., Ltd.")
    assert "StarPlay" in xingyao.properties["aliases"]
    assert sum(m.text == "StarPlay" for m in xingyao.mentions) == 2
    sunrise = entity(record, Label.COMPANY, "Sunrise Toys Ltd")
    assert "Little Star Toys Ltd" in sunrise.properties["aliases"]
    assert len(entities(record, Label.COMPANY)) == 3


@pytest.mark.parametrize("runner", BOTH)
def test_subsidiaries_are_owned_by_their_parent(runner: str,
                                                request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        "The hotel is run by Yunjing Hotel Management Co., Ltd., a subsidiary of Yunjing "
        "Hospitality Group Co., Ltd. The decision is addressed to Lumo Learning Limited and to "
        "its subsidiary Lumo Learning (Ireland) Limited.")
    rels = relations(record)
    assert ("OWNS", "Yunjing Hospitality Group Co., Ltd.",
            "Yunjing Hotel Management Co., Ltd.") in rels
    assert ("OWNS", "Lumo Learning Limited", "Lumo Learning (Ireland) Limited") in rels
    assert len(entities(record, Label.COMPANY)) == 4


def test_short_forms_products_and_platforms(extract_model: Extract) -> None:
    record = extract_model(
        "Epic Games, Inc. was fined over its game Fortnite, which Epic let children play "
        "without limits. TikTok Technology Ltd. was fined over TikTok, its short video "
        'platform. Tencent Holdings Ltd. runs the app "WeChat".')
    epic = entity(record, Label.COMPANY, "Epic Games, Inc.")
    assert {m.text for m in epic.mentions} >= {"Epic Games, Inc.", "Epic"}
    assert entity(record, Label.VENUE, "Fortnite").properties["kind"] == "game"
    assert ("RUNS", "Epic Games, Inc.", "Fortnite") in relations(record)
    assert ("RUNS", "Tencent Holdings Ltd.", "WeChat") in relations(record)
    # a platform named like its company is the company
    assert "TikTok" not in names(record, Label.VENUE)
    tiktok = entity(record, Label.COMPANY, "TikTok Technology Ltd.")
    assert "TikTok" in {m.text for m in tiktok.mentions}


@pytest.mark.parametrize("runner", BOTH)
def test_the_app_refers_to_the_app_named_before(runner: str,
                                                request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        'Sunward Network Technology Co., Ltd. launched the homework app "Xuebaotong" in 2017. '
        "The APP collected pupils' photographs. Prosecutors said the app had no privacy policy.")
    app = entity(record, Label.VENUE, "Xuebaotong")
    assert {m.text for m in app.mentions} >= {"Xuebaotong", "The APP", "the app"}
    assert ("RUNS", "Sunward Network Technology Co., Ltd.", "Xuebaotong") in relations(record)


@pytest.mark.parametrize("runner", BOTH)
def test_authorities_places_and_kinds(runner: str, request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        "The People's Procuratorate of Tianhe District, Guangzhou sued Wang Mou, who opened a "
        "tattoo studio in Tianhe District. The Tianhe District Culture, Radio, Television and "
        "Tourism Bureau fined him. The case went to the Guangzhou Intermediate People's Court.")
    assert entity(record, Label.AUTHORITY, "People's Procuratorate of Tianhe District"
                  ).properties["kind"] == "procuratorate"
    bureau = "Tianhe District Culture, Radio, Television and Tourism Bureau"
    assert entity(record, Label.AUTHORITY, bureau).properties["kind"] == "regulator"
    assert entity(record, Label.AUTHORITY, "Guangzhou Intermediate People's Court"
                  ).properties["kind"] == "court"
    assert entity(record, Label.LOCATION, "Tianhe District").properties["kind"] == "district"
    rels = relations(record)
    assert ("LOCATED_IN", "Tianhe District", "Guangzhou") in rels
    assert ("LOCATED_IN", bureau, "Tianhe District") in rels
    studio = [e for e in entities(record, Label.VENUE) if e.properties.get("kind") ==
              "tattoo_parlour"]
    assert studio and ("OPERATES", "Wang Mou", studio[0].name) in rels


def test_a_short_form_takes_its_former_name(extract_model: Extract) -> None:
    record = extract_model(
        "The commission fined Chatterbox Media Ltd 12 million euros. Chatterbox Media, "
        "formerly Chatter Apps Ltd, said it would appeal.")
    company = entity(record, Label.COMPANY, "Chatterbox Media Ltd")
    assert "Chatter Apps Ltd" in company.properties["aliases"]
    assert names(record, Label.COMPANY) == {"Chatterbox Media Ltd"}


@pytest.mark.parametrize("runner", BOTH)
def test_a_role_before_an_anonymised_name_is_not_part_of_it(
        runner: str, request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        "The bureau fined Moonlight Bar 10,000 yuan. Its operator, Huang Mou, admitted that "
        "the bar had never checked identity cards. The owner, Lu, was warned.")
    operators = names(record, Label.OPERATOR)
    assert "Huang Mou" in operators and "Lu" in operators
    assert ("OPERATES", "Huang Mou", "Moonlight Bar") in relations(record)


def test_a_parent_named_in_passing_is_not_the_company_meant(extract_model: Extract) -> None:
    record = extract_model(
        "The FTC said Cuddlebot Labs, Inc., a San Jose toy company, will pay $1.2 million to "
        "settle charges over its talking bear, Cuddlebot Buddy. Cuddlebot Labs is a subsidiary "
        "of Tokyo-based Hanamura Holdings. Under the order the company must delete all "
        "recordings.")
    rels = relations(record)
    assert ("OWNS", "Hanamura Holdings", "Cuddlebot Labs, Inc.") in rels
    assert ("LOCATED_IN", "Hanamura Holdings", "Tokyo") in rels
    assert ("LOCATED_IN", "Cuddlebot Labs, Inc.", "San Jose") in rels
    assert ("RUNS", "Cuddlebot Labs, Inc.", "Cuddlebot Buddy") in rels
    case = entities(record, Label.CASE)[0]
    assert case.properties["kind"] == "settlement"  # "settle charges" is no lawsuit
    against = {r[2] for r in rels if r[0] == "AGAINST"}
    assert against == {"Cuddlebot Labs, Inc."}


@pytest.mark.parametrize("runner", BOTH)
def test_office_holders_and_staff_are_not_operators(runner: str,
                                                    request: pytest.FixtureRequest) -> None:
    record: Record = request.getfixturevalue(runner)(
        "SACRAMENTO, California - California Attorney General Rob Bonta sued Little Acorn "
        "Kindergarten. Its manager, Qian Mou, kept the van. The driver, Ma Mou, had been "
        "convicted of drunk driving.")
    assert names(record, Label.OPERATOR) == {"Qian Mou"}
    assert entity(record, Label.AUTHORITY, "California Attorney General"
                  ).properties["kind"] == "attorney_general"


def test_dates_places_with_articles_and_described_products(extract_model: Extract) -> None:
    record = extract_model(
        "THE HAGUE - The regulator fined TinyTunes Inc., which makes the music streaming app "
        "TinyTunes Kids. From June to July, the app showed ads to children. The regulator also "
        "fined Sweet Cloud Milk Tea. The shop, run by Chongqing Sweet Cloud Catering Co., Ltd., "
        "sold liquor to pupils.")
    assert "THE HAGUE" in names(record, Label.LOCATION)
    assert "July" not in names(record, Label.VENUE)
    app = entity(record, Label.VENUE, "TinyTunes Kids")
    assert app.properties["kind"] == "app"
    rels = relations(record)
    assert ("RUNS", "TinyTunes Inc.", "TinyTunes Kids") in rels
    assert ("RUNS", "Chongqing Sweet Cloud Catering Co., Ltd.", "Sweet Cloud Milk Tea") in rels
