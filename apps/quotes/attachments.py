"""Which files a buyer may attach, told by their first bytes (never by the name or the
browser's word): PDF, DWG drawings, PNG and JPEG images, each at most ``MAX_BYTES``."""

import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from .errors import InvalidAttachment
from .models import AttachmentKind

MAX_BYTES = int(getattr(settings, "QUOTE_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024
MAX_FILES = 5
_SIGNATURES = (
    (b"%PDF-", AttachmentKind.PDF, (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG, (".png",)),
    (b"\xff\xd8\xff", AttachmentKind.JPEG, (".jpg", ".jpeg")),
    (b"AC10", AttachmentKind.DWG, (".dwg",)),
)


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    content: bytes


def _safe_name(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"<>')
    return name.strip()[-200:] or "attachment"


def check_file(*, name: str, content: bytes) -> CheckedFile:
    """The file if it is one of the kinds allowed, its extension matching its content and its
    size within the limit; raises ``InvalidAttachment`` otherwise."""
    error = InvalidAttachment(
        InvalidAttachment.default_message % {"size": MAX_BYTES // (1024 * 1024)}
    )
    if not content or len(content) > MAX_BYTES:
        raise error
    filename = _safe_name(name)
    for signature, kind, extensions in _SIGNATURES:
        if content.startswith(signature) and filename.lower().endswith(extensions):
            return CheckedFile(filename=filename, content_type=kind.value, content=content)
    raise error
