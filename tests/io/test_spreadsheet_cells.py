"""Cell rules of cli.md: missing tokens, footnotes, text numbers, combined cells, years."""

import datetime as dt

import pytest

from workbench.io.spreadsheet.cells import (
    CellError,
    column_letter,
    normalise_label,
    parse_number,
    parse_pair,
    parse_year,
    raw_text,
)


@pytest.mark.parametrize("token", ["", "  ", "NR", "nr", "NA", "n/a", "-", "–", "?",
                                   "Not reported", " NR "])
def test_missing_tokens_are_none(token):
    assert parse_number(token) is None


@pytest.mark.parametrize(("text", "value"), [("45", 45.0), (" 45 ", 45.0), ("45*", 45.0),
                                             ("45 †", 45.0), ("3.5‡§#", 3.5), ("-2.2", -2.2),
                                             ("1e3", 1000.0), ("\u22122", -2.0)])
def test_numbers_as_text(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1O", "see Table 3", "approx. 5", "1,5", "12/"])
def test_unparseable(text):
    with pytest.raises(CellError) as err:
        parse_number(text)
    assert err.value.reason == "unparseable_number"


def test_decimal_comma_only_in_semicolon_files():
    assert parse_number("1,5", decimal_comma=True) == 1.5
    with pytest.raises(CellError):
        parse_number("1,5")


@pytest.mark.parametrize(("text", "pair"), [("12/45", (12.0, 45.0)), ("12 / 45", (12.0, 45.0)),
                                            ("NR/75", (None, 75.0)), ("NR", (None, None))])
def test_events_total_pairs(text, pair):
    assert parse_pair(text, "events_total") == pair


@pytest.mark.parametrize("text", ["5.2 (1.3)", "5.2 ± 1.3", "5.2(1.3)", " 5.2 ( 1.3 ) "])
def test_mean_sd_pairs(text):
    assert parse_pair(text, "mean_sd") == (5.2, 1.3)


def test_empty_part_of_pair_is_unparseable():
    with pytest.raises(CellError):
        parse_pair("12/", "events_total")


def test_years_from_numbers_text_and_dates():
    assert parse_year(2015.0) == 2015
    assert parse_year(" 2015 ") == 2015
    assert parse_year(dt.date(2015, 3, 1)) == 2015
    assert parse_year("NR") is None
    with pytest.raises(CellError):
        parse_year("2015a")


def test_labels_are_normalised_but_keep_case():
    assert normalise_label("  Müller\u0308 2015a  ") == normalise_label("Müller\u0308 2015a")
    assert normalise_label(" van  der Berg\n2022 ") == "van der Berg 2022"
    assert normalise_label("'=cmd") == "=cmd"
    assert normalise_label("Smith 2001A") != normalise_label("Smith 2001a")


def test_raw_text_and_letters():
    assert raw_text(55.0) == "55"
    assert raw_text(-1.8) == "-1.8"
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]
