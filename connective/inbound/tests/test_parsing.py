"""What each mail client puts below a reply is left out; what the member typed stays as typed."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from connective.inbound.parsing import body_text, html_to_text, is_automatic, reply_text

TYPED = "Oui, nous venons jeudi.\nAmal apportera les plans du réseau."

QUOTES = {
    "gmail en": "On Mon, 7 Dec 2026 at 10:02, Connective <reply+x@reply.example> wrote:\n> Bilal replied\n",
    "gmail fr": "Le lun. 7 déc. 2026 à 10:02, Connective <reply+x@reply.example> a écrit :\n> Bilal a répondu\n",
    "apple mail fr": "> Le 7 déc. 2026 à 10:02, Connective <reply+x@reply.example> a écrit :\n> \n> Bilal a répondu\n",
    "thunderbird de": "Am 07.12.2026 um 10:02 schrieb Connective:\n> Bilal hat geantwortet\n",
    "gmail es": "El lun, 7 dic 2026 a las 10:02, Connective (<reply+x@reply.example>) escribió:\n> Bilal respondió\n",
    "gmail pt": "Em seg., 7 de dez. de 2026 às 10:02, Connective <reply+x@reply.example> escreveu:\n> Bilal respondeu\n",
    "gmail ar": "في الاثنين، 7 ديسمبر 2026 في 10:02 ص، Connective <reply+x@reply.example> كتب:\n> رد بلال\n",
    "outlook en": "________________________________\nFrom: Connective <reply+x@reply.example>\nSent: Monday, 7 December 2026 10:02\nTo: Amal\nSubject: Bilal replied\n\nBilal replied in the discussion\n",
    "outlook fr": "De : Connective <reply+x@reply.example>\nEnvoyé : lundi 7 décembre 2026 10:02\nÀ : Amal\nObjet : Bilal a répondu\n\nBilal a répondu\n",
    "outlook pt": "De: Connective <reply+x@reply.example>\nEnviado: segunda-feira, 7 de dezembro de 2026 10:02\nPara: Amal\nAssunto: Bilal respondeu\n\nBilal respondeu\n",
    "original message rule": "-----Original Message-----\nFrom: Connective\nBilal replied\n",
}


@pytest.mark.parametrize("client", sorted(QUOTES))
def test_the_quote_each_client_adds_is_left_out(client: str) -> None:
    assert reply_text(f"{TYPED}\n\n{QUOTES[client]}") == TYPED


@pytest.mark.parametrize(
    "signature",
    [
        "-- \nAmal Haddad\nZarqa",
        "Envoyé de mon iPhone",
        "Sent from my iPhone",
        "Best regards,\nAmal",
        "Cordialement,\nAmal",
    ],
)
def test_signatures_are_left_out(signature: str) -> None:
    assert reply_text(f"{TYPED}\n\n{signature}\n") == TYPED


def test_a_sentence_that_starts_like_a_phones_signature_stays() -> None:
    typed = "Envoyé de mon bureau : les plans sont joints.\nIls couvrent tout le réseau."
    assert reply_text(f"{typed}\n\n{QUOTES['gmail en']}") == typed


def test_a_reply_written_between_quoted_lines_keeps_only_the_members_lines() -> None:
    assert reply_text(
        "> Will you come on Thursday?\nYes, with the plans.\n> Bring the maps?\nOf course."
    ) == ("Yes, with the plans.\nOf course.")


def test_a_reply_that_only_quotes_is_empty() -> None:
    assert reply_text(QUOTES["outlook en"]) == ""
    assert reply_text("\n" + QUOTES["gmail fr"]) == ""


def test_markdown_the_member_typed_stays() -> None:
    typed = (
        "Deux points :\n\n- **capteurs** acoustiques\n- relevés de nuit\n\nVoir https://example.org/rapport"
    )
    assert reply_text(f"{typed}\n\n{QUOTES['gmail fr']}") == typed


def test_an_arabic_reply_in_windows_1256_is_read_intact() -> None:
    typed = "نعم، سنحضر يوم الخميس."
    raw = (
        (
            b"From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?b?2LHYrw==?=\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1256\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        )
        + typed.encode("cp1256")
        + b"\r\n"
    )
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    assert reply_text(body_text(message)) == typed


def test_a_body_with_an_unknown_charset_is_still_read() -> None:
    raw = b"From: a@example.org\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nYes, Thursday.\r\n"
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    assert reply_text(body_text(message)) == "Yes, Thursday."


def test_html_keeps_lines_and_lists_and_drops_quotes_scripts_and_outlooks_history() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><p>First line<br>second &amp; last</p>"
        "<ul><li>one</li><li>two</li></ul><script>alert(1)</script>"
        '<div id="divRplyFwdMsg"><b>From:</b> Connective</div><div>old history</div></body></html>'
    )
    assert html_to_text(html) == "First line\nsecond & last\n\n- one\n- two"


def test_a_message_a_person_wrote_is_not_automatic() -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Re: Absences in the water team"  # a person's subject that merely mentions absence
    message.set_content("Yes.")
    assert not is_automatic(message)
