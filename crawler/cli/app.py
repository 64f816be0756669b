"""The click group, its global options, and the one-line error handling every command shares."""

from __future__ import annotations

import faulthandler
import importlib
import logging
import os
import signal
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from crawler.sites import SiteConfigError, SiteRegistry
from storage import DatabaseURLError, SchemaError, default_db_url, ensure_schema, open_engine
from storage.engine import parse_db_url, retry_transient, sqlite_path

__all__ = ["AppContext", "db_option", "fail", "http_url", "main", "pass_app"]

F = TypeVar("F", bound=Callable[..., Any])

#: Exit code for bad input (unknown site, bad URL, malformed date...), as click uses.
EXIT_USAGE = 2
#: Exit code for a failure while doing the work (database unreachable, crawl stopped...).
EXIT_FAILURE = 1


class UnionwatchError(click.ClickException):
    """A one-line error with a chosen exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(f"unionwatch: error: {self.format_message()}", err=True)


def fail(message: str, exit_code: int = EXIT_FAILURE) -> NoReturn:
    raise UnionwatchError(message, exit_code)


@dataclass
class AppContext:
    """Options of the group, shared by every command."""

    db_url: str = ""
    sites_dir: Path | None = None

    @property
    def db_url_is_default(self) -> bool:
        return self.db_url == default_db_url()

    def engine(self, *, create: bool) -> Engine:
        """An engine with a current schema. Writers (``create=True``) migrate a new or old
        database; readers refuse to create an empty one."""
        url = parse_db_url(self.db_url)
        path = sqlite_path(url)
        if not create and path is not None and not path.exists():
            fail(f"no database at {path}: run `unionwatch demo` or a crawl first")
        engine = open_engine(url, writer=create)
        retry_transient(lambda: ensure_schema(engine, create=create))
        return engine

    def describe_db(self) -> str:
        url = parse_db_url(self.db_url)
        path = sqlite_path(url)
        return str(path) if path is not None else url.render_as_string(hide_password=True)

    def registry(self) -> SiteRegistry:
        return SiteRegistry.load([self.sites_dir] if self.sites_dir else [])


pass_app = click.make_pass_decorator(AppContext)


def http_url(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: the value must be an absolute http(s) URL."""
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value.strip():
        raise click.BadParameter(f"{value!r} is not an http(s) URL", param=param)
    return value.strip()


def db_option(func: F) -> F:
    """``--db URL`` on a command, overriding the group's ``--db``."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.ensure_object(AppContext).db_url = value

    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        expose_value=False,
        callback=remember,
        help="Database URL (overrides the global --db).",
    )(func)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the package's version and which page walk the extractor uses (the
    compiled one, or the Python one and why); imported only when asked."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from crawler.extract.walk import WALK_IMPLEMENTATION

    click.echo(f"unionwatch, version {version('unionwatch')} (page walk: {WALK_IMPLEMENTATION})")
    ctx.exit()


def _shortened(summary: str, limit: int) -> str:
    """``summary`` cut to ``limit`` characters as click cuts a command's short help."""
    if len(summary) <= limit:
        return summary
    return textwrap.shorten(summary, max(limit, 3), placeholder="...", break_on_hyphens=False)


class _Group(click.Group):
    """Turns the errors users can cause into one line and an exit code, never a traceback
    (set UNIONWATCH_DEBUG=1 to see one)."""

    _INPUT_ERRORS: tuple[type[Exception], ...] = (SiteConfigError, DatabaseURLError)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Commands imported when first named (:meth:`add_lazy_command`): what a command's
        #: module imports (Scrapy, Redis, pyarrow...) is paid by the commands that use it.
        self._lazy: dict[str, str] = {}
        #: Their one-line summaries, for ``unionwatch --help`` without importing them.
        self._summaries: dict[str, str] = {}

    def add_lazy_command(self, name: str, target: str, summary: str) -> None:
        """Register the command ``target`` (``module:attribute``) under ``name``; ``summary``
        is the first sentence of its help (a test checks they agree)."""
        self._lazy[name] = target
        self._summaries[name] = summary

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._lazy.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            module, attribute = target.split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their summaries, as click writes them, but without importing a
        lazy command that has not been named (its summary is registered with it)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows: list[tuple[str, str]] = []
        for name in names:
            if name not in self.commands and name in self._summaries:
                rows.append((name, _shortened(self._summaries[name], limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The database in use, read when help is shown (it depends on $UNIONWATCH_DB)."""
        formatter.write(f"\nDatabase: {_default_db_help()}\n")

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the group's own options (--sites-dir...)
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a command's arguments and options
            raise _one_line(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except self._INPUT_ERRORS as exc:
            raise UnionwatchError(str(exc), EXIT_USAGE) from None
        except SchemaError as exc:
            raise UnionwatchError(str(exc), EXIT_FAILURE) from None
        except OperationalError as exc:
            raise UnionwatchError(f"database error: {_first_line(exc.orig or exc)}") from None
        except SQLAlchemyError as exc:
            if os.environ.get("UNIONWATCH_DEBUG"):
                raise
            raise UnionwatchError(f"database error: {_first_line(exc)}") from None
        except KeyboardInterrupt:
            raise UnionwatchError("interrupted", 130) from None
        except Exception as exc:
            if os.environ.get("UNIONWATCH_DEBUG"):
                raise
            logging.getLogger(__name__).debug("internal error", exc_info=True)
            raise UnionwatchError(
                f"internal error: {type(exc).__name__}: {_first_line(exc)}"
                " (set UNIONWATCH_DEBUG=1 for the traceback)"
            ) from None


def _one_line(exc: click.UsageError) -> UnionwatchError:
    """Click's usage error (three lines: usage, a hint, the error) as one line naming the
    command and the problem."""
    command = (
        exc.ctx.command_path.removeprefix(exc.ctx.find_root().info_name or "") if exc.ctx else ""
    )
    prefix = f"{command.strip()}: " if command.strip() else ""
    return UnionwatchError(f"{prefix}{exc.format_message()}", EXIT_USAGE)


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _default_db_help() -> str:
    try:
        return default_db_url()
    except Exception:  # pragma: no cover - platformdirs cannot fail on supported systems
        return "sqlite:///~/.local/share/unionwatch/unionwatch.db"


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_url",
    envvar="UNIONWATCH_DB",
    metavar="URL",
    default=None,
    help="Database URL: sqlite:///PATH or postgresql+psycopg://USER@HOST/DB "
    "(env UNIONWATCH_DB; default: an SQLite file in your data directory, shown below).",
)
@click.option(
    "--sites-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    envvar="UNIONWATCH_SITES_DIR",
    help="A folder of extra site files (*.toml) beside the built-in ones.",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version (and which page walk runs) and exit.",
)
@click.pass_context
def main(ctx: click.Context, db_url: str | None, sites_dir: Path | None) -> None:
    """unionwatch: monitor Chinese trade-union news sites into a deduplicated database.

    \b
    Try it:
      unionwatch demo                  # crawl the bundled demo sites into the default database
      unionwatch query --limit 5       # the newest articles
      unionwatch crawl --url http://example.org/news/ --article '/c/\\d+'
    """
    if hasattr(signal, "SIGUSR1") and sys.__stderr__ is not None:
        # `kill -USR1 PID` prints every thread's stack on stderr (for a process that hangs).
        faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
    app = ctx.ensure_object(AppContext)
    app.db_url = db_url or default_db_url()
    app.sites_dir = sites_dir
