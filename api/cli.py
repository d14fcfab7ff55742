"""The `casegraph` command line: the second front door to the same services as the API.

Each group of verbs lives in its own module and registers itself here. User mistakes become one
clear line on stderr and exit code 2 (1 for a store that cannot be used), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from graph.errors import GraphError, InvalidQuery, NodeNotFound, NoPath, RecordError

app = typer.Typer(
    name="casegraph",
    help="Find the businesses, operators and violations that keep coming back in case texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turn the project's errors into one line and an exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (NodeNotFound, NoPath, InvalidQuery, RecordError) as e:
            err.print(f"[bold red]error:[/] {e}")
            raise typer.Exit(2) from None
        except GraphError as e:
            err.print(f"[bold red]error:[/] {e}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _register() -> None:
    # Imported here so `casegraph --help` stays fast and `serve` never loads spaCy up front.
    from api import cli_graph

    cli_graph.register(app)
    for name in ("cli_extract", "cli_export", "cli_serve"):
        try:
            module = __import__(f"api.{name}", fromlist=["register"])
        except ModuleNotFoundError as e:
            if e.name != f"api.{name}":
                raise
            continue
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
