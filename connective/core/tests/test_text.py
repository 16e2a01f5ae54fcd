"""Member-written text: its language and direction, excerpts at word boundaries, isolation."""

from __future__ import annotations

import unicodedata

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from connective.core.text import ELLIPSIS, bdi, direction, excerpt, isolate, member_text, text_attrs

ARABIC = "تعمل البلدية على خفض فاقد المياه في الشبكة القديمة عبر فرق الكشف عن التسربات."


def test_arabic_and_other_right_to_left_languages_read_right_to_left() -> None:
    assert [direction(code) for code in ("ar", "AR", "fa", "he", "ur", "ar-JO", "ar_MA")] == ["rtl"] * 7
    assert [direction(code) for code in ("en", "fr", "pt", "bs", "sw")] == ["ltr"] * 5


def test_a_text_of_unknown_language_lets_the_browser_read_its_direction() -> None:
    assert direction("") == direction(None) == "auto"
    assert text_attrs(None) == ' dir="auto"'
    assert text_attrs("ar") == ' lang="ar" dir="rtl"'
    assert text_attrs("fr") == ' lang="fr" dir="ltr"'


def test_a_language_code_is_escaped_in_the_attributes() -> None:
    assert text_attrs('x"><script>') == ' lang="x&quot;&gt;&lt;script&gt;" dir="ltr"'


def test_a_short_text_is_kept_whole_on_one_line() -> None:
    assert excerpt("Leak  detection\ncrews", 100) == "Leak detection crews"


def test_an_excerpt_ends_at_a_word_boundary_with_the_ellipsis_in_the_limit() -> None:
    text = "Door-to-door collection of sorted waste in the old town, with tricycles"
    cut = excerpt(text, 30)
    assert cut == "Door-to-door collection of" + ELLIPSIS
    assert len(cut) <= 30


def test_an_arabic_excerpt_ends_at_a_word_with_no_punctuation_before_the_ellipsis() -> None:
    cut = excerpt(ARABIC, 40)
    assert cut.endswith(ELLIPSIS)
    word = cut.removesuffix(ELLIPSIS).split(" ")[-1]
    assert word in ARABIC.split(" ")
    assert not cut.removesuffix(ELLIPSIS).endswith((" ", "،"))


def test_one_long_word_is_cut_at_the_limit_but_never_between_a_letter_and_its_marks() -> None:
    vowelled = "كَتَبَ" * 30  # each letter followed by a fatha
    cut = excerpt(vowelled, 21)
    assert len(cut) <= 21
    assert not unicodedata.combining(vowelled[len(cut) - 1])  # next char after the cut is a base
    assert excerpt("x" * 50, 10) == "x" * 9 + ELLIPSIS


@given(st.text(max_size=300), st.integers(min_value=1, max_value=200))
def test_an_excerpt_never_exceeds_its_limit_and_is_a_prefix_of_the_flattened_text(
    text: str, limit: int
) -> None:
    cut = excerpt(text, limit)
    assert len(cut) <= limit
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    assert flat.startswith(cut.removesuffix(ELLIPSIS).rstrip())


def test_names_inside_a_sentence_are_isolated_and_escaped() -> None:
    assert bdi("بلدية الزرقاء <b>") == "<bdi>بلدية الزرقاء &lt;b&gt;</bdi>"
    assert isolate("بلدية الزرقاء") == "\u2068بلدية الزرقاء\u2069"


def test_member_markdown_is_sanitised_inside_a_block_with_its_language() -> None:
    html = member_text("**Hello** <script>alert(1)</script>", "en")
    assert html.startswith('<div class="member-text" lang="en" dir="ltr"><p><strong>Hello</strong>')
    assert "<script>" not in html


def test_templates_use_the_same_helpers() -> None:
    template = Template(
        "{% load connective %}<p{% text_attrs code %}>{{ summary|excerpt:30 }}</p>{{ name|bdi }}"
        "{% member_text body code %}"
    )
    html = template.render(
        Context({"code": "ar", "summary": ARABIC, "name": "Zarqa Water <Authority>", "body": "*نص*"})
    )
    assert html.startswith('<p lang="ar" dir="rtl">')
    assert "<bdi>Zarqa Water &lt;Authority&gt;</bdi>" in html
    assert '<div class="member-text" lang="ar" dir="rtl"><p><em>نص</em></p>' in html


def test_the_language_of_a_text_is_guessed_among_the_ones_its_writer_works_in() -> None:
    from connective.core.text import guess_language

    english = "The market square floods every spring and the drains are too small for the storms."
    french = "La place du marché est inondée chaque printemps et les égouts sont trop petits."
    portuguese = "A praça do mercado fica inundada todas as primaveras e os esgotos são pequenos."
    assert guess_language(english, ["ar", "en", "fr"]) == "en"
    assert guess_language(french, ["ar", "en", "fr"]) == "fr"
    assert guess_language(portuguese, ["en", "pt"]) == "pt"
    assert guess_language(ARABIC, ["en", "ar"]) == "ar"
    assert guess_language(ARABIC, ["en", "fr"]) is None  # no Arabic among them: no sign
    assert guess_language("Zarqa 2024", ["en", "fr"]) is None


def test_text_for_xml_loses_only_what_xml_cannot_carry() -> None:
    from connective.core.text import xml_safe

    assert (
        xml_safe("Water\x00 kiosks\x0b in\tAmman\n\x7f\x85 زرقاء\ufffe") == "Water kiosks in\tAmman\n زرقاء"
    )
