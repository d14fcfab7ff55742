"""Relation rules about businesses: who operates which venue, which company runs which venue
or app, and which company owns which."""

from __future__ import annotations

import re
from typing import Final

from extract.rulebook import rule
from extract.state import EntityDraft
from graph.model import Label, RelType

_RUN_VERBS: Final = (
    r"(?P<verb>run|runs|ran|running|operated|operates|operate|operating|owned|owns|own|owning|"
    r"managed|manages|manage|managing|opened|opens|open|founded|established|set_up|developed|"
    r"develops|develop|developing|launched|launches|published|publishes|publish|controlled|"
    r"controls|acquired|made|makes|produced|produces|manufactured|manufactures|took_over)"
)
_ROLES: Final = (
    r"(?P<role>operator|owner|proprietor|manager|general manager|legal representative|chief "
    r"executive|chief executive officer|ceo|president|founder|co-founder|director|managing "
    r"director|boss|chairman|chairwoman|head|licensee|controller|actual controller|executive|"
    r"keeper|approved manager|designated premises supervisor|premises supervisor|nominated "
    r"supervisor|sole member|sole trader)"
)
_MAKERS: Final = r"(?:maker|developer|publisher|operator|owner|manufacturer|provider|seller|runner)"

# "run by Wu Mou", "run by a man named Lai Jianming"
_BY_PARTY: Final = (r"by (?:the )?(?:(?:a |an )?(?:man |woman |person )(?:named |called ))?"
                    r"{src:PARTY}")
_APPOSITIVE_EARLY: Final = r"(?:, (?:(?!E\d+:[CVAK])\S+ ){1,10}, )"
# "Sunflower Kindergarten in Hongshan District, Wuhan, Hubei Province is run by ..."
_PLACED: Final = r"(?:(?:in|at|on) (?:the )?E\d+:L (?:, E\d+:L )*)"


def business_link(src: EntityDraft, dst: EntityDraft, verb: str = "") -> RelType | None:
    """The relation a business verb makes: a person operates, a company runs a venue, a company
    owns a company it owns or controls."""
    if src.type is Label.OPERATOR and dst.type in (Label.VENUE, Label.COMPANY):
        return RelType.OPERATES
    if src.type is Label.COMPANY and dst.type is Label.VENUE:
        return RelType.RUNS
    if src.type is Label.COMPANY and dst.type is Label.COMPANY and (
            verb.startswith(("own", "control", "acquir", "took"))):
        return RelType.OWNS
    return None


def _verb(m: re.Match[str]) -> str:
    return m.groupdict().get("verb") or ""


# -- who runs what ------------------------------------------------------------------------------

@rule(r"{dst:BIZ} " + _APPOSITIVE_EARLY + r"?(?:, )?(?:E\d+:[CV] )?" + _PLACED
      + r"?(?:is |was |are |were |"
      r"has been |had been |being |is now |was now )?"
      r"(?:\S+ly )?" + _RUN_VERBS + r"(?: and (?:\S+ly )?\S+)? (?:(?:in|on|since) \S+ (?:\S+ )?)?"
      r"(?:directly |jointly |day to day |day - to - day )?" + _BY_PARTY)
def passive_by(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A venue or company run, operated, owned or developed by someone.
    The parlour, Black Pine Tattoo, is run by Ms. Huang, 29, who also operates a nail salon.
    The guesthouse, Binjiang Family Inn, is owned and managed by a man surnamed Wang.
    The Yunjing Game Space E-sports Hotel is operated by Yunjing Hotel Management Co., Ltd.
    Yunjing Hotel Management Co., Ltd., which is wholly owned by Yunjing Group Co., Ltd., runs it.
    The app, "Guardian Star", is developed by Sunward Network Technology Company Limited.
    Little Sprout Kindergarten was opened in 2018 by a woman surnamed Lu.
    The Jiale Internet Cafe, which is operated by Xi'an Jiale Network Co., Ltd., was fined.
    Sunshine Kindergarten, a private kindergarten in Taizhou, is run by Sunshine Education Co., Ltd.
    Sunflower Kindergarten in Hongshan District, Wuhan is run by Wuhan Sunflower Co., Ltd.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{dst:V} <0,12G>(?:, )?through (?:the |its |his |her |a )?{src:C}")
def through_company(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A venue run through a company.
    Zhao Mou runs the Midnight Maze escape room in Jinan, through Jinan Maze Co., Ltd.
    """
    return business_link(src, dst)


@rule(r"{dst:BIZ} (?:, )?(?:E\d+:[CV] )?(?:belongs|belonged|belonging) to (?:the )?{src:PARTY}")
def belongs_to(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business said to belong to someone.
    The Dreamland Game Arcade, which belongs to Shenzhen Dreamland Amusement Co., Ltd., was fined.
    """
    return business_link(src, dst, "owned")


@rule(r"{dst:BIZ} <0,6G>(?:and |, )(?:is |was )(?:now |also |still )?" + _RUN_VERBS
      + r" " + _BY_PARTY, confidence=0.7)
def later_passive_by(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A clause about a venue that ends with who runs it now.
    The Feiyu Internet Cafe changed hands in 2021 and is now operated by a woman surnamed Shi.
    """
    return business_link(src, dst, _verb(m))


# An apposition or relative clause between a subject and its verb: ", a tattoo artist,", ", whose
# legal representative is Liang Mou,". It may name places, people, and (through "whose"/"which")
# the subject itself, but no other business.
_APPOSITIVE: Final = r"(?:, (?:E\d+:[CV] )?(?:(?!E\d+:[CVAK])\S+ ){0,10}, )"


@rule(r"{src:PARTY} " + _APPOSITIVE + r"?(?:(?:also|personally|now|directly|then|jointly|still|"
      r"has|had|have|which|who|has_since|since|later) )*" + _RUN_VERBS
      + r" (?:and \S+ )?(?:the |a |an |its |his |her |their |two |three |several )?<0,3G>"
      r"{dst:BIZ}")
def active_run(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """Someone runs, opened, operates or develops a business.
    Wang Mou, a tattoo artist, opened the Inkline Tattoo Studio in Tianhe District in 2021.
    Speelpret, a company from Utrecht, develops Kleurplaat Club, an app used by children.
    Party: SUNWARD CO LTD. The party develops and operates the mobile game "Star Harbor Legends".
    Tang Moumou runs a hotel. Since then he has also opened the Lanhai Board Game Club.
    Hebei Jincan Catering Co., Ltd. ran the canteen of a primary school in Yuhua District.
    Wuhan Meiyan Co., Ltd., whose legal representative is Liang Mou, runs the Meiyan Studio.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{src:PARTY} , (?:a |an |the )<0,8G>(?:that|which|who) " + _RUN_VERBS
      + r" (?:the |a |an |its )?<0,3G>{dst:BIZ}", confidence=0.7)
def described_run(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business described as the one that makes or runs something.
    BrightPath Learning, Inc., a Los Angeles-based company that makes the "ReadyReader" app.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{src:PARTY} (?:, )?(?:which |who )?<1,8G>and (?:also )?" + _RUN_VERBS
      + r" (?:the |a |an |its )?<0,2G>{dst:BIZ}", confidence=0.7)
def coordinated_run(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A second verb of the same subject runs the business.
    Lumo Learning (Ireland) Limited, which is based in Dublin and operates the LumoClass app.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{src:PARTY} " + _APPOSITIVE + r"?(?:\S+ )?" + _RUN_VERBS
      + r" <0,12G>: (?:the )?{dst:BIZ}", confidence=0.7)
def run_list(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """Someone runs businesses listed after a colon.
    Qiu Mou runs two venues in Furong District, Changsha: the Yeying KTV and the Hongyun Bar.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{src:PARTY} , (?:<0,6G>, )?(?:the |a |an |its |their )?(?:\S+ )?" + _ROLES
      + r" (?:of|at|for) (?:the |its )?<0,2G>{dst:BIZ}")
def role_of(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A person named with a role at a business.
    Defendant: Qiu Mou, male, born 1984, operator of the Hongyun Bar, Furong District, Changsha.
    Gao Mou, the legal representative of Mingde Tutoring Co., Ltd., was fined.
    Defendant: Suzhou Lily Beauty Co., Ltd., operator of the Lily Nail and Lash Studio, Suzhou.
    """
    if src.type is Label.COMPANY and m.group("role") in ("operator", "owner"):
        return business_link(src, dst)  # a company that operates a venue runs it
    return business_link(src, dst) if src.type is Label.OPERATOR else None


@rule(r"{dst:BIZ} (?:'s |’s |' |’ )(?:\S+ ){0,4}?" + _ROLES + r" (?:, |is |was )?{src:O}")
def possessive_role(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business's operator, owner or chief executive, named after the role.
    The Lanhai E-sports Hotel was fined. The hotel's operator, Tang Moumou, had promised more.
    Lumen Labs, Inc. was sued. Lumen Labs' chief executive, Sarah Whitfield, was also named.
    VaporHaus Distribution LLC will pay. The company's owner, Kevin Marsh, is bound by it.
    Happy Harbor Toys, Inc. was fined. Happy Harbor's president, Gregory Tan, signed.
    Mingde Tutoring Co., Ltd. was registered. Its legal representative Gao Mou ran a school.
    Wuhan Meiyan Beauty Co., Ltd., whose legal representative is Liang Mou, runs a studio.
    Pixelfort Games, Inc., and its chief executive, Daniel Okafor, have agreed to pay.
    BrightPath Learning, Inc. settled. BrightPath's founder and chief executive, Laura Kim, spoke.
    """
    return business_link(src, dst)


@rule(r"{src:O} (?:, |(?:, )?(?:is |was |has been |had been |became |remains ))(?:also )?"
      r"(?:the )?{dst:BIZ} (?:'s |’s )(?:\S+ ){0,3}?" + _ROLES)
def person_is_role(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A person said to hold a role at a business named before.
    Bluegum Early Learning Pty Ltd runs a day care centre. Ms Annette Carver is its sole director.
    The licence of the Totara Tavern was suspended. Graeme Ruck was the tavern's duty manager.
    Defendants: Hefei Lanjing Hotel Management Co., Ltd.; Zhou Mou, its legal representative.
    """
    return business_link(src, dst)


@rule(r"{src:C} (?:'s |’s )(?:<0,3G>)?{dst:V}")
def possessive_venue(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company's own app, game, product or venue.
    Mingde Education Co., Ltd. was sued. Its app, Mingde Xuetang, was installed at schools.
    Lumo Learning Ltd failed to protect children who used its reading platform, LumoReads.
    Etoile Jouets SAS was fined over its connected doll "Lila Parle".
    """
    return business_link(src, dst)


@rule(r"{src:C} , (?:the |a |an )(?:{L} )?<0,2G>(?:company|firm|startup|business|group|developer)"
      r" behind (?:the |its )?<0,4G>{dst:V}")
def company_behind(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company described as the one behind a product.
    BrightLearn Technologies Inc., the Cincinnati company behind the homework app MathQuest, sold.
    """
    return business_link(src, dst)


@rule(r"{src:C} (?:\( <0,4G>(?:E\d+:[CV] )?\) )?, (?:E\d+:C |(?:the |a |an )(?:\S+ )?<0,2G>"
      + _MAKERS + r" )of (?:the |its )?<0,4G>{dst:V}")
def maker_of(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company described as the maker or publisher of a product.
    PixelFort Games Inc., the maker of the apps "Bubble Pals" and "Pocket Zoo", was sued.
    Hainan Xingyao Co., Ltd. (trading as StarPlay), the publisher of the mobile game "Dragon Court".
    """
    return business_link(src, dst)


# -- who owns whom -----------------------------------------------------------------------------

@rule(r"{dst:C} (?:, |is |was |became )(?:a |an |the |its )?(?:wholly-owned |wholly_owned "
      r"|wholly owned |indirect |direct )?(?:subsidiary|unit|affiliate|division) of (?:the )?"
      r"{src:C}")
def subsidiary_of(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company named as the subsidiary of another.
    Yunjing Hotel Management Co., Ltd., a subsidiary of Yunjing Group Co., Ltd., runs it.
    """
    return RelType.OWNS


@rule(r"{dst:C} (?:, |is |was |became )(?:a |an |the |its )?<0,2G>(?:subsidiary|unit|affiliate|"
      r"division) of (?:the )?{L} - based {src:C}")
def subsidiary_of_placed(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company named as the subsidiary of another placed by an adjective.
    Cuddlebot Labs, Inc. is a subsidiary of Tokyo-based Hanamura Holdings.
    """
    return RelType.OWNS


@rule(r"{src:C} (?:'s |’s )(?:wholly-owned |wholly owned )?(?:subsidiary|subsidiaries|unit) "
      r"(?:, )?{dst:C}")
def its_subsidiary(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company's subsidiary, named after it.
    The decision is addressed to Lumo Learning Limited and to its subsidiary Lumo Ireland Limited.
    """
    return RelType.OWNS


@rule(r"{dst:C} (?:'s |’s )(?:parent|holding) (?:company |group )?(?:, )?{src:C}")
def parent_company(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company's parent, named after it.
    Hainan Xingyao Co., Ltd. was sued. Xingyao's parent company, Starlight Holdings Ltd., was not.
    """
    return RelType.OWNS


# -- trading names and inspection lines -------------------------------------------------------

@rule(r"{src:PARTY} (?:, )?(?:which |who |that )?(?:is )?(?:trades|traded|trading|does business|"
      r"did business|doing business|d/b/a|dba) (?:as )?(?:the )?{dst:V}")
def trading_as(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A company or person and the name it trades under.
    Bronzique Ltd, which trades as Golden Hour Tanning on City Road, admitted three offences.
    In the matter of: Brenda Kowalczyk, doing business as Little Acorns Family Child Care.
    """
    return business_link(src, dst, "runs")


@rule(r"{dst:V} <0,8G>\( (?:the )?(?:proprietor|licensee|owner|operator|manager|run by|"
      r"operated by|owned by) (?:: )?{src:PARTY}")
def bracketed_proprietor(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A premises with its proprietor or licensee in brackets.
    Premises: Harlow Hardware, High Street, Chatham (proprietor Derek Harlow)
    """
    return business_link(src, dst, "runs")


# ("which" is read as the business it refers to, so it shows as an entity of the view)
@rule(r"{dst:BIZ} , (?:which |that |where |E\d+:[CV] ){src:PARTY} (?:has )?(?:\S+ly )?"
      + _RUN_VERBS)
def object_relative(src: EntityDraft, dst: EntityDraft, m: re.Match[str]) -> RelType | None:
    """A business followed by a clause saying who runs it.
    At Lanbo Swimming Pool, which Wu Mou runs under a lease, one lifeguard was on duty.
    """
    return business_link(src, dst, _verb(m))


@rule(r"{dst:V} , (?:a |an |the )<0,12G>" + _RUN_VERBS + r" " + _BY_PARTY)
def described_then_run_by(src: EntityDraft, dst: EntityDraft,
                          m: re.Match[str]) -> RelType | None:
    """A venue described, then said to be run by someone, with no comma between.
    Jingyue Hotel, a 40-room business hotel in Baohe District managed by Tao Mou, was named.
    """
    return business_link(src, dst, _verb(m))
