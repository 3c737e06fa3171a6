"""`workbench --help` and every subcommand's `--help`: each flag explained, with examples."""

from __future__ import annotations

import argparse

import pytest

from workbench.cli import SUBCOMMANDS, _gui_parser, _subcommand_parser, main


def _parsers(name: str):
    """(command words, parser) of the subcommand and of any command nested under it."""
    parser = _subcommand_parser(name)
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    stack = [(name, action.choices[name])]
    while stack:
        words, sub = stack.pop()
        yield words, sub
        for nested in sub._actions:
            if isinstance(nested, argparse._SubParsersAction):
                stack += [(f"{words} {n}", p) for n, p in nested.choices.items()]


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_flag_of_every_subcommand_is_explained(name):
    for words, parser in _parsers(name):
        unexplained = [a.option_strings or a.dest for a in parser._actions
                       if a.help is None and not isinstance(a, argparse._SubParsersAction)]
        assert not unexplained, f"workbench {words}: no help for {unexplained}"


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_help_shows_examples(name, capsys):
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "examples:" in out and f"workbench {name}" in out


def test_main_help_lists_an_example_per_command():
    text = _gui_parser().format_help()
    for name in ("import", "analyse", "plot", "merge"):
        assert f"  workbench {name} " in text
    assert "--size 1024x700" in text
