from django_countries.data import COUNTRIES

from connective.core.regions import COUNTRY_REGION, FOCUS_REGIONS, Region, UnknownCountry, region_for_country


def test_every_iso_country_and_kosovo_has_exactly_one_region() -> None:
    expected = set(COUNTRIES) | {"XK"}
    assert set(COUNTRY_REGION) == expected


def test_region_follows_from_the_country_in_any_case() -> None:
    assert region_for_country("jo") == Region.MENA
    assert region_for_country("XK") == Region.SEE
    assert region_for_country(" ke ") == Region.SSA
    assert region_for_country("DE") == Region.EUROPE
    assert region_for_country("BR") == Region.LAC
    assert region_for_country("ID") == Region.ASIA


def test_an_unknown_code_is_an_error_not_a_guess() -> None:
    try:
        region_for_country("ZZ")
    except UnknownCountry as error:
        assert "ZZ" in str(error)
    else:
        raise AssertionError("ZZ must not be placed in a region")


def test_the_three_focus_regions() -> None:
    assert {Region.MENA, Region.SEE, Region.SSA} == FOCUS_REGIONS
