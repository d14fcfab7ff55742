"""Page rendering: the project's own Jinja templates (no CDN, no bootstrap) and where the
bundled vis-network files and the pages' scripts and styles are served from."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from viz.style import legend

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VIS_VERSION = "9.1.2"
VIS_URL = "/static/vis"
APP_URL = "/static/app"


def vis_folder() -> Path:
    """vis-network's JavaScript and CSS as the pyvis wheel ships them: served by the API itself,
    so the views work without any internet access."""
    folder = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    if not (folder / "vis-network.min.js").is_file():
        raise FileNotFoundError(f"vis-network {VIS_VERSION} is missing from pyvis at {folder}")
    return folder


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(vis_url=VIS_URL, app_url=APP_URL, legend=legend())
    return env


def render(template: str, **context: Any) -> str:
    """A page from `viz/templates`. Values are escaped; `config` reaches the page's script as
    JSON in a non-executed script element."""
    return _environment().get_template(template).render(**context)
