"""The CLI's commands, for tests that go through all of them."""

from __future__ import annotations

import click

from crawler.cli import main


def commands() -> dict[str, click.Command]:
    """Every command of the group, imported (they load when first named)."""
    context = click.Context(main)
    found = {name: main.get_command(context, name) for name in main.list_commands(context)}
    return {name: command for name, command in found.items() if command is not None}
