"""The connections parser made for speed reads every row exactly as the generic format parser does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seeds.formats import CONNECTIONS, Parsed
from seeds.sheets import InvalidRowError, RowParser, connections_row_parser, format_row_parser

# Cells that are valid, blank, malformed or the same person written another way.
CELLS = [
    "ana@mail.example",
    " Ana@Mail.Example ",
    "ben@mail.example",
    "linkedin.com/in/ben-okoro",
    "https://www.linkedin.com/in/ben-okoro/",
    "not a person",
    "",
    "  ",
    "2021-03-04",
    " 2021-03-04 ",
    "2021-02-30",
    "04/03/2021",
    "20210304",
]
HEADERS = [
    ["person", "other", "since"],
    ["since", "other", "person"],
    ["other", "person"],
]


def _outcome(parse: RowParser, cells: list[str]) -> object:
    try:
        parsed = parse(cells)
    except InvalidRowError as invalid:
        return ("invalid", invalid.problems)
    assert isinstance(parsed, Parsed)
    return (parsed.row, parsed.key, parsed.defines)


@given(st.sampled_from(HEADERS), st.lists(st.sampled_from(CELLS), min_size=0, max_size=5))
def test_every_row_is_parsed_or_refused_as_the_generic_parser_does(header: list[str], cells: list[str]) -> None:
    assert _outcome(connections_row_parser(header), cells) == _outcome(format_row_parser(CONNECTIONS, header), cells)


def test_the_usual_row_and_a_self_connection() -> None:
    parse = connections_row_parser(["person", "other", "since"])

    assert _outcome(parse, ["Ana@Mail.Example", "linkedin.com/in/ben-okoro", " 2021-03-04"]) == (
        {"person": "ana@mail.example", "other": "https://www.linkedin.com/in/ben-okoro", "since": "2021-03-04"},
        "ana@mail.example|https://www.linkedin.com/in/ben-okoro",
        (),
    )
    assert _outcome(parse, ["ana@mail.example", " ANA@mail.example", ""]) == (
        "invalid",
        [("other", "a person cannot be connected to themselves")],
    )
