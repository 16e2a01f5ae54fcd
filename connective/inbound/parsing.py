"""Reading a reply email: who it is for, who sent it, whether a person wrote it, what they wrote.

Pure functions over `email.message.EmailMessage` (parsed with `policy.default`); no database.
"""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from mailparser_reply import EmailMessage as ParsedReply
from mailparser_reply.constants import MAIL_LANGUAGES

from connective.inbound.addresses import is_inbound_address

# The size limit of files members share elsewhere (consultations' FILE_MAX_BYTES): a reply by
# email takes no larger file than the page would.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 10
# Languages whose quote headers mail-parser-reply knows; Portuguese and Arabic it does not (yet),
# so their headers are cut by the patterns below.
REPLY_LANGUAGES = [code for code in ("en", "fr", "de", "pt", "es", "ar") if code in MAIL_LANGUAGES]

# Headers that stand in the envelope's place, then those a person wrote: the first reply address found wins.
ADDRESS_HEADERS = ("X-Original-To", "Delivered-To", "To", "Cc")


class AttachmentRefused(Exception):
    pass


def reply_recipient(message: EmailMessage) -> str | None:
    """The first reply address of ours among the recipients, lowercased; None when there is none."""
    for header in ADDRESS_HEADERS:
        values = [str(value) for value in message.get_all(header, [])]
        for _name, address in getaddresses(values):
            if address and is_inbound_address(address):
                return address.lower()
    return None


def sender_address(message: EmailMessage) -> str:
    """The From address, lowercased; "" unless there is exactly one."""
    values = [str(value) for value in message.get_all("From", [])]
    addresses = [address for _name, address in getaddresses(values) if "@" in address]
    return addresses[0].strip().lower() if len(addresses) == 1 else ""


def message_key(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID, or for a message without one the hash of its bytes (a redelivery of the
    same bytes is then still recognised)."""
    value = " ".join(str(message.get("Message-ID", "")).split()).strip()
    if not value:
        return f"<{hashlib.sha256(raw).hexdigest()}@no-message-id>"
    if len(value) > 255:
        return f"<{hashlib.sha256(value.encode()).hexdigest()}@long-message-id>"
    return value


_AUTO_SUBJECTS = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|auto:|out of (the )?office|autoreply|abwesenheit|automatische antwort"
    r"|r[ée]ponse automatique|absence|respuesta autom[áa]tica|resposta autom[áa]tica|fuera de la oficina"
    r"|ausente|رد تلقائي|رد آلي|خارج المكتب)",
    re.IGNORECASE,
)


def is_automatic(message: EmailMessage) -> bool:
    """Whether a machine sent it: an out-of-office or other automatic reply (RFC 3834's
    Auto-Submitted, Precedence, the vendors' own headers, their subjects), a bounce or a
    delivery report, or a mailing list's copy. Such mail is never posted and never answered."""
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if str(message.get("Precedence", "")).strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Failed-Recipients", "List-Id"):
        if message.get(header) is not None:
            return True
    if str(message.get("X-Auto-Response-Suppress", "")).strip().lower() in {"all", "oof"}:
        return True
    return_path = str(message.get("Return-Path", "")).strip()
    if return_path in {"<>", ""} and message.get("Return-Path") is not None:
        return True
    if message.get_content_type() == "multipart/report":
        return True
    return bool(_AUTO_SUBJECTS.match(str(message.get("Subject", ""))))


class _HtmlText(HTMLParser):
    """HTML to plain text, leaving out what a mail client quotes or signs for the writer."""

    BLOCKS = frozenset(
        {
            "p",
            "div",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "table",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
        }
    )
    HIDDEN = frozenset({"script", "style", "head", "title", "blockquote"})
    QUOTE_CLASSES = ("gmail_quote", "gmail_signature", "moz-cite-prefix", "moz-signature", "yahoo_quoted")
    STOP_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
    VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.stopped = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        attributes = {name: (value or "") for name, value in attrs}
        if attributes.get("id", "").lower() in self.STOP_IDS:
            self.stopped = True
            return
        classes = attributes.get("class", "").lower()
        if tag in self.HIDDEN or any(name in classes for name in self.QUOTE_CLASSES):
            if tag not in self.VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.stopped:
            return
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.stopped and not self.skip_tag:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    converter = _HtmlText()
    converter.feed(html)
    converter.close()
    lines = [line.strip() for line in "".join(converter.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def body_text(message: EmailMessage) -> str:
    """The text the sender's client wrote: the text/plain part, else the HTML one as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, KeyError):  # an unknown or lying charset
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


# Quote headers mail-parser-reply does not know: Portuguese and Arabic clients ("Em <date>,
# <name> escreveu:", "في <date>، كتب <name>:"), Outlook's header block in those languages, and
# the "----- Original Message -----" rules of every client.
_EXTRA_HEADERS = re.compile(
    r"^(?:"
    r"Em [^\n]*(?:\n[^\n]*)?escreveu:[ \t]*"
    r"|El [^\n]*(?:\n[^\n]*)?escribi[óo]:[ \t]*"
    r"|_{10,}[ \t]*"
    r"|في [^\n]*(?:\n[^\n]*)?كتب[^\n]*:[ \t]*"
    r"|[^\n]*كتب[^\n]*<[^\n]*@[^\n]*>[^\n]*:[ \t]*"
    r"|(?:De|من):[ \t][^\n]*\n(?:[^\n]*\n){0,4}?(?:Assunto|الموضوع|Enviada|Enviado|أرسل|التاريخ):[^\n]*"
    r"|-{2,}[ \t]*[^\n\-]{3,40}[ \t]*-{2,}[ \t]*"
    r")$",
    re.MULTILINE,
)
# The standard signature rule, and the line phones add (mail-parser-reply knows it in English).
_SIGNATURE_RULE = re.compile(r"^-- ?$", re.MULTILINE)
_SENT_FROM_PHONE = re.compile(
    r"^(?:Envoyé de mon|Envoyé depuis mon|Enviado do meu|Enviado desde mi|Von meinem|Sent from my"
    r"|أُرسلت من|أرسلت من|مرسل من)[^\n]{0,60}$",
    re.MULTILINE,
)


def reply_text(text: str) -> str:
    """What the member typed above the quoted message, without their signature.

    mail-parser-reply finds the quote headers and signatures of the languages it knows;
    Portuguese and Arabic quote headers, lines quoted with ">" and the standard "-- "
    signature rule are cut here as well.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern in (_EXTRA_HEADERS, _SIGNATURE_RULE):
        found = pattern.search(text)
        if found:
            text = text[: found.start()]
    lines = text.rstrip().split("\n")
    if lines and _SENT_FROM_PHONE.fullmatch(lines[-1].strip()):  # only as the last line: a signature
        text = "\n".join(lines[:-1])
    # keep_hyphen_lists: a Markdown list ("- one") is the member's text, not a signature.
    parsed = ParsedReply(text=text, languages=list(REPLY_LANGUAGES), keep_hyphen_lists=True).read()
    # The first part kept is only the member's when nothing (no header) stands before it: a
    # reply that is nothing but the quoted message starts with its header.
    first = parsed.replies[0] if parsed.replies else None
    reply = first.body if first is not None and not first.headers else ""
    lines = [line for line in reply.split("\n") if not line.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def attachments(message: EmailMessage) -> list[SimpleUploadedFile]:
    """The files attached to the reply, as uploads (the feature's service checks their content
    as it checks a page's upload). Raises AttachmentRefused above the size or count limit."""
    files: list[SimpleUploadedFile] = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage):
            continue
        name = part.get_filename()
        if part.get_content_disposition() != "attachment" and not name:
            continue  # an inline image of a signature, a calendar part
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        if len(content) > ATTACHMENT_MAX_BYTES:
            raise AttachmentRefused("too large")
        files.append(SimpleUploadedFile(name or "attachment", content, content_type=part.get_content_type()))
        if len(files) > ATTACHMENT_MAX_COUNT:
            raise AttachmentRefused("too many")
    return files
