"""Hypothesis throws bytes and CSV-shaped text at the reader and at reading rows: the only
failures ever are a :class:`FileProblem` (the file) or a :class:`RowProblem` (one row), never
a crash; and a file the reader accepts gives rows no wider than its lines."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcrm.core.importing.fields import FIELDS
from shopcrm.core.importing.reader import CsvRows, FileProblem
from shopcrm.core.importing.rows import RowProblem, ShopContext, parse_row
from shopcrm.core.importing.values import parse_day

CSV_CHARS = st.sampled_from([*",;\t\"'\n\r x0123456789+-./€äß\x00\x1b\ufeff\u202e"])
CSV_TEXT = st.lists(CSV_CHARS, max_size=300).map("".join)
ENCODINGS = st.sampled_from([None, "utf-8", "cp1252", "latin-1", "utf-16"])
SHOP = ShopContext("GB", "en_GB", "GBP")


def _read(data: bytes, encoding: str | None, delimiter: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        try:
            with CsvRows(path, encoding, delimiter) as rows:
                assert rows.header
                for line, cells in rows:
                    assert line >= 2 and isinstance(cells, list)
        except FileProblem as exc:
            assert "\n" not in str(exc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), ENCODINGS, st.sampled_from([None, ",", ";", "tab"]))
def test_any_bytes_read_or_fail_cleanly(data: bytes, encoding, delimiter) -> None:
    _read(data, encoding, delimiter)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CSV_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_csv_shaped_text_reads_or_fails_cleanly(text: str, encoding: str) -> None:
    _read(text.encode(encoding, errors="replace"), None, None)


NAMES = st.sampled_from(sorted(set(FIELDS) - {"ignore"}))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(NAMES, CSV_TEXT, max_size=8))
def test_any_cells_make_a_row_or_a_row_problem(cells: dict[str, str]) -> None:
    try:
        row = parse_row(2, {name: (text, name.title()) for name, text in cells.items()}, SHOP)
    except RowProblem as exc:
        assert "\n" not in str(exc)
        return
    assert row.first_name and len(row.first_name) <= 100


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789-./ T:", max_size=24), st.sampled_from(["de_DE", "en_US", "ja_JP"])
)
def test_any_date_text_is_a_day_or_a_value_error(text: str, locale: str) -> None:
    try:
        _, month, day = parse_day(text, locale)
    except ValueError:
        return
    assert isinstance(month, int) and isinstance(day, int)
