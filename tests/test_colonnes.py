"""The overview poster's columns: contiguous, in reading order, balanced."""

from ateliers.affiches.colonnes import columns


def _weights(cols):
    return [sum(w for _, w in col) for col in cols]


def test_equal_items_split_evenly():
    cols = columns([1] * 7, 3, float)
    assert [len(c) for c in cols] == [3, 2, 2]


def test_reading_order_and_numbering_kept():
    items = [5, 1, 1, 8, 2, 2, 2]
    cols = columns(items, 3, float)
    flat = [pair for col in cols for pair in col]
    assert flat == list(enumerate(items, start=1))


def test_tallest_column_is_as_short_as_possible():
    # One long item alone, the short ones together: any other split is taller than 10.
    cols = columns([10, 3, 3, 3], 2, float)
    assert _weights(cols) == [10, 9]
    cols = columns([3, 3, 3, 10], 2, float)
    assert _weights(cols) == [9, 10]


def test_fewer_items_than_columns_and_none():
    assert [len(c) for c in columns(["a", "b"], 3, len)] == [1, 1]
    assert columns([], 3, len) == []
