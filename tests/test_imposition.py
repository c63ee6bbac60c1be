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
