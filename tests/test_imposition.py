"""Imposition geometry, for every format, paper and mode."""

from __future__ import annotations

import itertools

import pytest

from ateliers.errors import InputError
from ateliers.cartes.imposition import (
    MARK_LENGTH,
    PAPERS,
    RectoVerso,
    parse_card_format,
    parse_offset,
    sheet_layout,
)

FORMATS = ["poker", "tarot", "a7", "a6", "59x92", "80x80", "40x55"]


def test_poker_on_a4_is_nine_per_sheet_centred():
    layout = sheet_layout(parse_card_format("poker"), "a4", RectoVerso.long)
    assert (layout.cols, layout.rows, layout.page_w, layout.page_h) == (3, 3, 210, 297)
    rects = layout.slots
    left, right = min(r.x for r in rects), 210 - max(r.right for r in rects)
    top, bottom = min(r.y for r in rects), 297 - max(r.bottom for r in rects)
    assert left == pytest.approx(right) and top == pytest.approx(bottom)


@pytest.mark.parametrize("fmt, paper, mode", list(itertools.product(FORMATS, PAPERS, list(RectoVerso))))
def test_layout_rules(fmt, paper, mode):
    card = parse_card_format(fmt)
    layout = sheet_layout(card, paper, mode)
    rects = layout.card_rects()
    assert layout.per_sheet >= 1
    for r in rects:  # inside the sheet, clear of the unprintable edge
        assert r.x >= 5 and r.y >= 5 and r.right <= layout.page_w - 5 and r.bottom <= layout.page_h - 5
    for a, b in itertools.combinations(rects, 2):  # no overlap
        assert a.right <= b.x + 1e-6 or b.right <= a.x + 1e-6 or a.bottom <= b.y + 1e-6 or b.bottom <= a.y + 1e-6
    marks = layout.cut_marks()
    for s in marks:
        assert max(abs(s.x2 - s.x1), abs(s.y2 - s.y1)) >= MARK_LENGTH - 1e-6
        for r in rects:  # never on a card
            assert not (min(s.x1, s.x2) < r.right - 1e-6 and max(s.x1, s.x2) > r.x + 1e-6 and min(s.y1, s.y2) < r.bottom - 1e-6 and max(s.y1, s.y2) > r.y + 1e-6)
    # Every card edge lies on a marked line.
    vertical = {round(s.x1, 3) for s in marks if s.x1 == s.x2}
    horizontal = {round(s.y1, 3) for s in marks if s.y1 == s.y2}
    for r in rects:
        assert {round(r.x, 3), round(r.right, 3)} <= vertical
        assert {round(r.y, 3), round(r.bottom, 3)} <= horizontal
    if mode in (RectoVerso.long, RectoVerso.court):  # backs land on the grid
        backs = {(round(layout.back_of(r).x, 3), round(layout.back_of(r).y, 3)) for r in layout.slots}
        assert backs == {(round(r.x, 3), round(r.y, 3)) for r in layout.slots}


def _paper_turned(layout, rect, mode: RectoVerso, clockwise: bool):
    """Where a rect of a front page lands on the back page, by the physics of a duplex print: the
    page is set on the portrait paper (a landscape page turned a quarter, clockwise or not, by
    the driver), the paper turned over its long edge (``long``) or short edge (``court``), and the
    back page set on the paper's back face by the same quarter turn."""
    pw, ph = min(layout.page_w, layout.page_h), max(layout.page_w, layout.page_h)  # the paper, portrait
    W, H = layout.page_w, layout.page_h

    def to_paper(x, y):
        if not layout.landscape:
            return x, y
        return (H - y, x) if clockwise else (y, W - x)

    def to_page(u, v):
        if not layout.landscape:
            return u, v
        return (v, H - u) if clockwise else (W - v, u)

    def flip(u, v):  # the same point seen on the paper's back face
        return (pw - u, v) if mode is RectoVerso.long else (u, ph - v)

    corners = [to_page(*flip(*to_paper(x, y))) for x in (rect.x, rect.right) for y in (rect.y, rect.bottom)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


@pytest.mark.parametrize("fmt, paper, mode", list(itertools.product(FORMATS, PAPERS, [RectoVerso.long, RectoVerso.court])))
def test_backs_land_where_the_paper_is_turned(fmt, paper, mode):
    """Portrait and landscape sheets (A6 cards lie two by two on a landscape A4): each back drawn
    where turning the paper over the edge named in the print settings puts its front, whichever
    way the driver turns a landscape page onto the paper."""
    layout = sheet_layout(parse_card_format(fmt), paper, mode)
    for clockwise in (True, False):
        for r in layout.slots:
            back = layout.back_of(r)
            assert (back.x, back.y, back.w, back.h) == pytest.approx(_paper_turned(layout, r, mode, clockwise), abs=1e-6), (r, clockwise)
            moved = layout.back_of(r, (1.5, -1.0))  # the calibration's offset, in the same page coordinates
            assert (moved.x, moved.y) == pytest.approx((back.x + 1.5, back.y - 1.0))


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a6_landscape_backs_mirror_across_the_turned_edge(paper):
    """A6 on a landscape sheet: turned over the long edge (top and bottom of the page), a back
    stays in its front's column, mirrored top to bottom; over the short edge, it changes column."""
    card = parse_card_format("a6")
    long, court = sheet_layout(card, paper, RectoVerso.long), sheet_layout(card, paper, RectoVerso.court)
    assert long.landscape and court.landscape and long.cols == 2 and long.rows == 1
    left, right = long.slots
    assert long.back_of(left).x == pytest.approx(left.x) and long.back_of(left).y == pytest.approx(long.page_h - left.bottom)
    assert court.back_of(left).x == pytest.approx(right.x) and court.back_of(left).y == pytest.approx(left.y)


def test_more_cards_fit_in_landscape_when_they_do():
    layout = sheet_layout(parse_card_format("a6"), "a4", RectoVerso.long)
    assert layout.landscape and layout.per_sheet == 2


@pytest.mark.parametrize(
    "text, largeur, hauteur",
    [
        ("poker", 63, 88),
        (" Poker ", 63, 88),
        ("tarot", 70, 120),
        ("a7", 74, 105),
        ("A6", 105, 148),
        ("70x100", 70, 100),
        ("70×100", 70, 100),
        ("70 x 100 mm", 70, 100),
        ("62,5x88", 62.5, 88),
        ("88x62.5", 88, 62.5),  # landscape cards stay landscape
    ],
)
def test_parse_format(text, largeur, hauteur):
    fmt = parse_card_format(text)
    assert (fmt.largeur, fmt.hauteur) == (largeur, hauteur)


@pytest.mark.parametrize("text", ["jumbo", "10x10", "x", "300x300", ""])
def test_parse_format_refuses(text):
    with pytest.raises(InputError):
        parse_card_format(text)


def test_a_card_too_big_for_the_paper_is_refused():
    with pytest.raises(InputError) as info:
        sheet_layout(parse_card_format("190x270"), "letter", RectoVerso.long)
    assert "--imprimeur" in str(info.value)


@pytest.mark.parametrize("text, expected", [("1.5,-0.5", (1.5, -0.5)), ("1,5;-0,5", (1.5, -0.5)), ("0,0", (0, 0)), ("", (0, 0))])
def test_parse_offset(text, expected):
    assert parse_offset(text) == expected


@pytest.mark.parametrize("text", ["1,5,-0,5", "abc", "30,0", "1"])
def test_parse_offset_refuses(text):
    with pytest.raises(InputError):
        parse_offset(text)
