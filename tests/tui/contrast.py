"""WCAG contrast of what a console actually draws: every cell's foreground against its background."""

from __future__ import annotations

from rich.color import Color as RichColor

BOX_DRAWING = set("─━│┃┄┅┆┇┈┉┊┋┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋"
                  "╌╍╎╏═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬╭╮╯╰╴╵╶╷╸╹╺╻╼╽╾╿▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▐▔▕")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(color: RichColor | None) -> tuple[int, int, int] | None:
    if color is None or color.triplet is None:
        return None
    return tuple(color.triplet)  # type: ignore[return-value]


def low_contrast(app, *, text: float = 4.5, edges: float = 3.0) -> list[str]:
    """Every run of drawn characters below `text`:1 (letters) or `edges`:1 (borders, field edges, lines)."""
    found: list[str] = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            style, chars = segment.style, segment.text
            if style is None or not chars.strip():
                continue
            fg, bg = _rgb(style.color), _rgb(style.bgcolor)
            if fg is None or bg is None:
                continue
            if style.reverse:
                fg, bg = bg, fg
            if fg == bg:  # drawn in the page colour: nothing is visible, so there is nothing to read
                continue
            if style.dim:  # drawn at half intensity: halfway to the background
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg))  # type: ignore[assignment]
            drawn = set(chars.strip())
            minimum = edges if drawn <= BOX_DRAWING else text
            ratio = contrast(fg, bg)
            if ratio < minimum:
                found.append(f"row {y} {chars.strip()[:30]!r}: {ratio:.2f}:1 < {minimum}:1 (#{bytes(fg).hex()} on "
                             f"#{bytes(bg).hex()})")
    return found
