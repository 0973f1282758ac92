"""HTML (Mastodon content, Discourse ``cooked``, feed summaries) to readable plain text.

Paragraphs become blank-line separated, ``<br>`` and list items become line breaks, scripts and
styles are dropped, entities are unescaped, ``<pre>`` keeps its layout, and image alt text
(emoji, descriptions) is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "pre", "table", "ul", "ol", "dl", "hr", "figure"})
_LINE_TAGS = frozenset(
    {
        "address", "article", "aside", "dd", "div", "dt", "figcaption", "footer", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "section", "tr",
    }
)  # fmt: skip
_DROPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})
_WHITESPACE = re.compile(r"\s+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pending_newlines = 0
        self._at_line_start = True
        self._dropped_depth = 0
        self._pre_depth = 0

    def _break(self, newlines: int) -> None:
        # Adjacent block boundaries do not add up: </li><li> is one line break, not two.
        self._pending_newlines = max(self._pending_newlines, newlines)

    def _emit(self, text: str) -> None:
        if self._pending_newlines and self.parts:
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append("\n" * self._pending_newlines)
            self._at_line_start = True
        self._pending_newlines = 0
        if self._at_line_start and not self._pre_depth:
            text = text.lstrip(" ")
        if text:
            self.parts.append(text)
            self._at_line_start = text.endswith("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped_depth += 1
        elif self._dropped_depth:
            return
        elif tag == "br":
            self._emit("\n")
        elif tag in _PARAGRAPH_TAGS:
            self._break(2)
            self._pre_depth += tag == "pre"
        elif tag in _LINE_TAGS:
            self._break(1)
        elif tag == "img" and (alt := dict(attrs).get("alt")):
            self._emit(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped_depth = max(0, self._dropped_depth - 1)
        elif self._dropped_depth:
            return
        elif tag in _PARAGRAPH_TAGS:
            self._break(2)
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)
        elif tag in _LINE_TAGS:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self._dropped_depth:
            return
        if self._pre_depth:
            self._emit(data.replace("\r\n", "\n"))
        else:
            folded = _WHITESPACE.sub(" ", data)
            if folded.strip() or not (self._at_line_start or self._pending_newlines):
                self._emit(folded)


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment; returns ``""`` for ``None`` or empty input."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()
