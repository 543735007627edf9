"""A `Document` as one self-contained, printable HTML file (no scripts, nothing loaded from outside).

Each run of blocks between page breaks is a `<section class="sheet">`, printed on its own page in its
own orientation (CSS named pages). Every string is escaped with markupsafe: people's text is never markup.
"""

from __future__ import annotations

import base64
from importlib import resources

from markupsafe import Markup, escape

from .document import (
    Bullets, Document, Heading, Lines, PageBreak, Para, Picture, QrCode, Table, column_inches, usable_inches,
)


def _css() -> str:
    return resources.files(__package__).joinpath("templates", "document.css").read_text(encoding="utf-8")


def _text(value: str) -> Markup:
    """Escaped, with the author's line breaks kept."""
    return Markup("<br>").join(escape(line) for line in str(value).split("\n"))


def _table(t: Table, landscape: bool) -> str:
    usable = usable_inches(landscape)
    cols = "".join(f'<col style="width: {100 * w / usable:.2f}%">' for w in column_inches(t.widths, usable))
    head = "".join(f"<th>{_text(h)}</th>" for h in t.header)
    rows = []
    for r, row in enumerate(t.rows):
        cells = []
        for c, value in enumerate(row):
            fill = t.fills[r] if t.fills and c == 0 and t.fills[r] else None
            style = f' style="background-color: {escape(fill)}"' if fill else ""
            tag = "th" if t.keyvalue and c == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{style}>{_text(value)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    thead = f"<thead><tr>{head}</tr></thead>" if t.header else ""
    kind = ' class="kv"' if t.keyvalue else ""
    return f"<table{kind}><colgroup>{cols}</colgroup>{thead}<tbody>{''.join(rows)}</tbody></table>"


def _block(b: object, landscape: bool) -> str:
    if isinstance(b, Heading):
        level = min(max(b.level, 1), 3) + 1
        return f"<h{level}>{_text(b.text)}</h{level}>"
    if isinstance(b, Para):
        label = f"<strong>{_text(b.label)}</strong> " if b.label else ""
        cls = f' class="{b.style}"' if b.style else ""
        return f"<p{cls}>{label}{_text(b.text)}</p>"
    if isinstance(b, Bullets):
        tag = "ol" if b.numbered else "ul"
        return f"<{tag}>{''.join(f'<li>{_text(i)}</li>' for i in b.items)}</{tag}>"
    if isinstance(b, Table):
        return _table(b, landscape)
    if isinstance(b, Lines):
        label = f'<p class="lines-label">{_text(b.label)}</p>' if b.label else ""
        return f'{label}<div class="lines" style="height: {b.count * 0.3:.2f}in"></div>'
    if isinstance(b, Picture):
        data = base64.b64encode(b.png).decode("ascii")
        caption = f"<figcaption>{_text(b.caption)}</figcaption>" if b.caption else ""
        return f'<figure><img alt="{escape(b.caption)}" src="data:image/png;base64,{data}">{caption}</figure>'
    if isinstance(b, QrCode):
        from .qr import QR_INCHES, qr_png

        data = base64.b64encode(qr_png(b.url)).decode("ascii")
        return (f'<div class="qr"><img alt="QR code" style="width: {QR_INCHES}in; height: {QR_INCHES}in" '
                f'src="data:image/png;base64,{data}"><div><p>{_text(b.text)}</p>'
                f'<p class="url">{_text(b.url)}</p></div></div>')
    raise TypeError(f"not a block: {b!r}")


def document_html(doc: Document) -> bytes:
    marking_class = "marking controller" if doc.audience == "controller" else "marking"
    marking = f'<p class="{marking_class}">{_text(doc.marking)}</p>' if doc.marking else ""
    title = (f'<p class="kind">{_text(doc.kind)}</p><h1>{_text(doc.title)}</h1>'
             + (f'<p class="subtitle">{_text(doc.subtitle)}</p>' if doc.subtitle else ""))
    sheets: list[str] = []
    landscape = doc.landscape
    current: list[str] = []
    if doc.title_page:
        sheets.append(f'<section class="sheet cover">{title}{marking}</section>')
    else:
        current.append(f"{marking}{title}")
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            sheets.append(f'<section class="sheet{" landscape" if landscape else ""}">{"".join(current)}</section>')
            current, landscape = [], b.landscape
            continue
        current.append(_block(b, landscape))
    if current:
        sheets.append(f'<section class="sheet{" landscape" if landscape else ""}">{"".join(current)}</section>')
    page_title = escape(f"{doc.kind}: {doc.title}")
    text = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="ttx">\n'
            f"<title>{page_title}</title>\n<style>\n{_css()}</style>\n</head>\n<body class=\"{escape(doc.audience)}\">\n"
            + "\n".join(sheets) + "\n</body>\n</html>\n")
    return text.encode("utf-8")
