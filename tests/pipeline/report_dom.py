"""A small DOM of report.html (standard library only) and what the report tests read from it.

:func:`parse` builds a tree of :class:`Node` from HTML text, whether written by thaireport or
serialised by Chromium's ``--dump-dom``; :func:`findings`, :func:`score_rows`, :func:`documents`
read the report's parts as plain values, so the tests compare exact contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls} {attrs}>"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def findings(root: Node) -> list[dict[str, object]]:
    """Per finding article: rule, severity, document anchor, reported, expected, excerpt, crop."""
    out = []
    for art in root.all("article", "finding"):
        crop = art.all("img")
        note = art.all("p", "nocrop")
        excerpt = art.all("pre", "excerpt")
        out.append({
            "id": art.attrs["id"], "rule": art.attrs["data-rule"], "severity": art.attrs["data-severity"],
            "doc": art.attrs["data-doc"], "message": art.one("p", "message").text(),
            "reported": art.one("dd", "reported").text(), "expected": art.one("dd", "expected").text(),
            "excerpt": excerpt[0].text() if excerpt else "",
            "crop": crop[0].attrs["src"][:23] if crop else None,
            "note": note[0].text() if note else None,
            "hidden": "hidden" in art.attrs,
        })
    return out


def score_rows(root: Node, doc_anchor: str) -> list[list[str]]:
    """The cells of a document's indicator table, row by row (header cells first)."""
    table = root.one("table", "scores", data_doc=doc_anchor)
    body = table.one("tbody")
    return [[c.text() for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            for tr in body.all("tr")]


def marked_cells(root: Node, doc_anchor: str) -> list[tuple[str, str, str]]:
    """(indicator, field, title) of every marked cell of a document's indicator table."""
    table = root.one("table", "scores", data_doc=doc_anchor)
    return [(tr.attrs["data-indicator"], td.attrs["data-field"], td.attrs.get("title", ""))
            for tr in table.one("tbody").all("tr") for td in tr.all("td", "marked")]


def documents(root: Node) -> list[list[str]]:
    """The run page's document table, row by row."""
    body = root.one("table", id="documents").one("tbody")
    return [[c.text() for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            for tr in body.all("tr")]
