"""Recognising mdcheck directives in comments: `<!-- mdcheck: ... -->` in Markdown and notebooks,
`% mdcheck: ...` in LaTeX. The reader keeps the text after `mdcheck:`; its meaning is the
checker's business."""

from __future__ import annotations

import re
from collections.abc import Iterator

HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE_BODY = re.compile(r"\s*mdcheck:(.*)", re.DOTALL)


def directive_text(comment_body: str) -> str | None:
    """The directive in a comment's body (what follows `mdcheck:`, stripped), or None."""
    match = _DIRECTIVE_BODY.match(comment_body)
    return match.group(1).strip() if match else None


def html_directives(html: str) -> Iterator[tuple[int, str]]:
    """(offset of `<!--`, directive text) for each mdcheck comment in a piece of HTML."""
    for match in HTML_COMMENT.finditer(html):
        text = directive_text(match.group(1))
        if text is not None:
            yield match.start(), text
