"""Relation rules about places: where businesses, authorities and places are."""

from __future__ import annotations

import re
from typing import Final

from extract.rulebook import rule
from extract.state import EntityDraft
from extract.vocab import FIRM_NOUNS, PLACE_RANK
from graph.model import Label, RelType


def _contained(src: EntityDraft, dst: EntityDraft) -> bool:
    """Whether place `src` can lie inside place `dst` (a district in a city, a city in a
    province). Unknown kinds are allowed when the outer place is a province, state or country."""
    a, b = PLACE_RANK.get(src.kind or ""), PLACE_RANK.get(dst.kind or "")
    if a is not None and b is not None:
        return a < b
    return b is not None and b >= 5 or (a is not None and a <= 3)


_ONLINE_KINDS: Final = frozenset({"app", "platform", "website", "game", "device", "toy"})


def physical(entity: EntityDraft) -> bool:
    """Whether a business has a place: an app "used by children in the Netherlands" is not in
    the Netherlands."""
    return entity.type is not Label.VENUE or entity.kind not in _ONLINE_KINDS


def located(src: EntityDraft, dst: EntityDraft, m: re.Match[str] | None = None) -> RelType | None:
    """LOCATED_IN from a business, authority or place to a place that can contain it."""
    if dst.type is not Label.LOCATION or src.key == dst.key:
        return None
    if src.type is Label.LOCATION:
        return RelType.LOCATED_IN if _contained(src, dst) else None
    return RelType.LOCATED_IN


@rule(r"{src:L} , (?:in |of )?(?:the )?{dst:L}")
def place_comma(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A place followed by the larger place it lies in.
    Qiu Mou runs venues in Furong District, Changsha, Hunan Province.
    YANCHENG, Jiangsu, July 2021 - A tattoo parlour has been sued.
    The procuratorate of Shushan District, Hefei, in Anhui Province, brought a suit.
    """
    return located(src, dst, m)


@rule(r"{dst:L} (?:'s |’s ){src:L}")
def place_possessive(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A district named through its city.
    A tattoo parlour in Yancheng's Tinghu District has been sued by prosecutors.
    """
    return located(src, dst, m)


@rule(r"{src:L} (?:and {L} )?(?:in|of) (?:the )?{dst:L}")
def place_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A place said to be in a larger one.
    Prosecutors watched outlets in Qinhuai District in Nanjing.
    """
    return located(src, dst, m)


_SEATED: Final = (r"(?:based|headquartered|registered|located|situated|incorporated|registered_"
                  r"address|domiciled)(?: address)?")


@rule(r"{src:ANY} (?:, )?(?:which |that |who )?(?:is |was |are |were |has been |, )?(?:<0,4G>)?"
      + _SEATED + r" in (?:the )?{dst:L}")
def based_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business or authority said to be based, registered or headquartered somewhere.
    VaporHaus Distribution LLC, which is based in Worcester, sells e-cigarettes.
    The decision is addressed to Lumo Learning Limited, a company based in London.
    Jiayi Convenience Chain Co., Ltd., headquartered in Nanjing, Jiangsu Province, runs stores.
    Mingde Tutoring Co., Ltd. was registered in Zhengzhou, Henan Province in 2016.
    Party: SUNWARD NETWORK TECHNOLOGY CO LTD, registered address in Hangzhou.
    """
    if src.type is Label.LOCATION:
        return None
    return located(src, dst, m)


@rule(r"{src:BIZ} , (?:a |an |the )<0,12G>" + _SEATED + r" in (?:the )?{dst:L}")
def described_seat(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business described at length, then placed.
    VapeHaven LLC, an online seller of e-liquids and disposable vapes based in Louisville, sold.
    """
    return located(src, dst, m)


@rule(r"{src:C} (?:\( <0,4G>(?:E\d+:[CV] )?\) )?<0,12G>(?:its |E\d+:[CV] 's |a |an |the )?"
      r"(?:principal |main |registered |head )?(?:place of business|office|offices|headquarters|"
      r"seat) (?:is |are )?in (?:the )?{dst:L}")
def office_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company whose office or place of business is somewhere.
    Fireglow Studios, Inc. is a Delaware firm with its principal place of business in Oakland.
    Puzzlepaw Games, Inc. ("Puzzlepaw") has its principal office in San Mateo, California.
    Moonhaven Korea Co., Ltd., with an office in Gangnam District, publishes the game.
    """
    return located(src, dst, m)


@rule(r"(?:^|: |v\. )(?:the )?{src:C} , {dst:L}(?: ,| \(| \.|$)")
def company_comma_place(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company on a label line or in a title, followed by its place.
    Supplier: Nestora Baby Pty Ltd, Melbourne, Victoria
    Controller: Fablecast Europe AB, Stockholm, which operates the platform in the EU.
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} (?:\( <0,4G>(?:E\d+:[CV] )?\) )?, (?:a |an |the )?{dst:L} (?:, {L} )?- based")
def place_based(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company described as based in a place written as an adjective.
    Pixelfort Games, Inc., a San Mateo, California-based developer of games, agreed to pay.
    Hainan Xingyao Co., Ltd. (trading as StarPlay), the Haikou-based publisher of games.
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} , (?:a |an |the ){dst:L} <0,2G>(?:"
      + "|".join((*FIRM_NOUNS, "group", "seller")) + ")")
def place_adjective(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business described with its place as an adjective.
    Cuddlebot Labs, Inc., a San Jose toy company, will pay $1.2 million.
    BrightLearn Technologies Inc., the Cincinnati company behind the homework app MathQuest, sold.
    """
    return located(src, dst, m)


@rule(r"{dst:L} - based {src:C}")
def based_adjective(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company placed by an adjective before its name.
    Cuddlebot Labs, Inc. is a subsidiary of Tokyo-based Hanamura Holdings.
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} (?:, )?(?:of|from) (?:the )?{dst:L}")
def of_place(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company said to be of or from a place.
    Happy Harbor Toys, Inc., of Edison, New Jersey, has agreed to pay a civil penalty.
    Brightloop Ads LLC, of Austin, Texas, did not respond.
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} , (?:a |an )(?:\S+ ){0,6}?(?:from|in) (?:the )?{dst:L}")
def described_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business described by an apposition that places it.
    Speelpret, a company from Utrecht, develops Kleurplaat Club.
    Lanting Swimming Hall, an indoor pool in Yanta District, is run by a company.
    Minglun Training School, an off-campus training institution in Heping District, was sued.
    """
    return located(src, dst, m) if physical(src) else None


@rule(r"{src:V} (?:, )?(?:in|at) (?:the )?(?:{L} (?:'s |’s ))?{dst:L}")
def venue_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A venue in a place.
    Yunjing Select Jiefangbei Hotel, in Yuzhong District, is run by a subsidiary.
    An e-sports hotel in Kunming's Wuhua District has been fined.
    At an internet cafe in Xuejiadao, prosecutors saw children.
    """
    return located(src, dst, m)


@rule(r"{src:C} in (?:the )?{dst:L}", confidence=0.6)
def company_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """An unnamed company in a place.
    A company in Qingdao had sold the cafes management software.
    """
    return located(src, dst, m) if src.generic else None


@rule(r"{src:V} (?:, )?(?:on|at) <1,8G>(?:in |, )(?:the )?{dst:L}", confidence=0.6)
def venue_address(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A venue at an address in a district.
    The Meiyan Beauty Studio on Jianghan Road, Jianghan District, Wuhan, was fined.
    Mingde ran the Mingde Academy, on the third floor of a commercial building in Jinshui District.
    """
    return located(src, dst, m)


@rule(r"(?:in|at) (?:the )?{dst:L} (?:, {L} )*(?:, )?: (?:the )?{src:V}", confidence=0.6)
def listed_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """Venues listed after the place they are in.
    Qiu Mou runs two venues in Furong District, Changsha: the Yeying KTV and the Hongyun Bar.
    """
    return located(src, dst, m)


@rule(r"{src:C} , {dst:L}$", confidence=0.6)
def company_town(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company and its town closing a line.
    Organisation: Lumo Learning Ltd, London
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} , (?:which |that |where |E\d+:[CV] )<1,10G>in (?:a |an |the )?"
      r"(?:\S+ ){0,3}?{dst:L}", confidence=0.5)
def which_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business whose relative clause says where it works.
    Xiaoyu Tutoring Centre, which teaches 200 pupils in a converted warehouse in Yubei District.
    """
    return located(src, dst, m) if src.type is Label.VENUE and physical(src) else None


@rule(r"{src:V} , {dst:L}", confidence=0.6)
def venue_comma_place(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A venue followed by its district.
    Defendant: Qiu Mou, operator of the Hongyun Bar, Furong District, Changsha.
    """
    return located(src, dst, m)


@rule(r"^(?:organisation|organization|party|defendant|company|address|registered address) "
      r": {src:BIZ} , {dst:L}", confidence=0.7)
def header_place(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A header line naming a company and its town.
    Organisation: Lumo Learning Ltd, London
    """
    return located(src, dst, m)


@rule(r"{src:A} (?:, )?(?:in|of) (?:the )?{dst:L}", confidence=0.6)
def authority_in(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """An authority sitting in a place.
    The Attorney General filed a lawsuit in the First Judicial District Court in Santa Fe.
    """
    return located(src, dst, m)


@rule(r"{dst:L} (?:'s |’s )<0,3G>{src:A}")
def place_authority(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A country's or city's authority.
    The committee of the CNIL, France's data protection authority, imposed a penalty.
    """
    return located(src, dst, m)


@rule(r"{src:BIZ} \( (?:of |in )?{dst:L} (?:, {L} )?\)")
def bracketed_place(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business with its town in brackets, as lists of warning letters and recalls give them.
    Kestrel Smoke Co. (Columbus, Ohio) sold flavoured cartridges to a 17-year-old.
    """
    return located(src, dst, m) if physical(src) else None

