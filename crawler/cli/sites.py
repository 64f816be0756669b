"""``unionwatch sites``: the configured sites."""

from __future__ import annotations

import click

from crawler.cli.app import AppContext, pass_app
from crawler.cli.render import format_option, make_console, print_records

__all__ = ["sites"]


@click.command()
@format_option(("table", "json"))
@pass_app
def sites(app: AppContext, fmt: str) -> None:
    """List the configured sites (built-in presets and --sites-dir files).

    \b
    Examples:
      unionwatch sites
      unionwatch sites --format json
    """
    records = [{**site.to_dict(), "hosts": " ".join(site.allowed_hosts)} for site in app.registry()]
    print_records(
        records,
        fmt,
        columns=("id", "name", "level", "enabled", "demo", "hosts", "schedule"),
        console=make_console(),
        title="Sites",
    )
