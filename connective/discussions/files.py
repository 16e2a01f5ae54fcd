"""What a file shared in a discussion is, told by its content (its name and the browser's word
are not trusted), as consultations and practices check theirs: PDF documents and images only,
the kinds a browser can show beside a post without running anything."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

# What a file starts with, per type we accept.
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
]


def sniff_attachment(uploaded_file: UploadedFile) -> tuple[str, str] | None:
    """The content type and extension of an accepted file, from its first bytes; None otherwise."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None
