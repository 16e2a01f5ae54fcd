"""The world regions of Connective Cities and the table that places every country in one.

The three focus regions (MENA, Southeast Europe, Sub-Saharan Africa) each have a regional
network with coordinators; the others have networks of their own so that every member belongs
somewhere. A member's region always follows from the country of their city, never from a
choice they make, so that the table below is the single answer.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    MENA = "mena", _("Middle East and North Africa")
    SEE = "see", _("Southeast Europe")
    SSA = "ssa", _("Sub-Saharan Africa")
    ASIA = "asia", _("Asia and the Pacific")
    LAC = "lac", _("Latin America and the Caribbean")
    EUROPE = "europe", _("Germany and Europe")


FOCUS_REGIONS = frozenset({Region.MENA, Region.SEE, Region.SSA})

# Broadly the World Bank's regional grouping, with the Western Balkans, Moldova, Ukraine, Turkey
# and the South Caucasus in Southeast Europe as in the Connective Cities programme. North America
# has no network of its own: its few members join Germany and Europe, the programme's home.
_REGION_COUNTRIES: dict[Region, str] = {
    Region.MENA: "AE BH DJ DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SY TN YE",
    Region.SEE: "AL AM AZ BA BG CY GE GR HR MD ME MK RO RS SI TR UA XK",
    Region.SSA: (
        "AO BF BI BJ BW CD CF CG CI CM CV ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE"
        " NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    Region.ASIA: (
        "AF AQ AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IO JP KG KH KI KP KR KZ LA LK MH MM MN"
        " MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TJ TK TL TM TO TV TW UM UZ VN VU"
        " WF WS"
    ),
    Region.LAC: (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN"
        " KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    Region.EUROPE: (
        "AD AT AX BE BM BY CA CH CZ DE DK EE ES FI FO FR GB GG GI GL HU IE IM IS IT JE LI LT LU LV MC MT"
        " NL NO PL PM PT RU SE SJ SK SM TF US VA"
    ),
}

COUNTRY_REGION: dict[str, Region] = {
    code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


class UnknownCountry(ValueError):
    """The code is not an ISO 3166-1 alpha-2 country code (nor XK, Kosovo)."""


def region_for_country(code: str) -> Region:
    """The region a country belongs to; `code` is an ISO 3166-1 alpha-2 code, any case."""
    try:
        return COUNTRY_REGION[code.strip().upper()]
    except KeyError:
        raise UnknownCountry(code) from None
