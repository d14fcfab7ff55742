"""The README documents what exists: every command and every setting (a missing one fails)."""

from __future__ import annotations

import importlib
import re

import pytest
import typer
from pydantic_settings import BaseSettings

from api.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SETTINGS_MODULES = ("graph.settings", "extract.settings", "api.settings")


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [
        prefix + (c.name or c.callback.__name__).replace("_", "-")
        for c in group.registered_commands
        if c.callback
    ]
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        names += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_every_command_is_in_the_readme() -> None:
    commands = _commands(app)
    assert {"ingest", "offenders", "linked", "path", "export", "extract", "serve", "demo"} <= {
        c.split()[0] for c in commands
    }
    for command in commands:
        top, *rest = command.split()
        assert re.search(rf"casegraph {re.escape(top)}\b", README), (
            f"`casegraph {top}` undocumented"
        )
        for word in rest:
            assert word in README, f"`casegraph {command}` undocumented"


def _env_names(cls: type[BaseSettings]) -> list[str]:
    prefix = cls.model_config.get("env_prefix", "")
    names = []
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        names.append(alias if isinstance(alias, str) else f"{prefix}{name}".upper())
    return names


@pytest.mark.parametrize("module", SETTINGS_MODULES)
def test_every_setting_is_in_the_readme_with_a_description(module: str) -> None:
    classes = [
        obj
        for obj in vars(importlib.import_module(module)).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseSettings)
        and obj is not BaseSettings
        and obj.__module__ == module
    ]
    assert classes, f"{module} defines no settings class"
    for cls in classes:
        for field_name, field in cls.model_fields.items():
            assert field.description, f"{cls.__name__}.{field_name} has no description"
        for env in _env_names(cls):
            assert f"`{env}`" in README, f"setting {env} ({cls.__name__}) is not in the README"
