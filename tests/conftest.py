"""Test policy for casegraph.

- Real parts, not mocks: a real embedded graph store on a temporary folder, the real ASGI app
  over HTTP, the real spaCy pipeline, Debian's chromium driven by Playwright. A mock is used only
  for a fault that cannot be caused any other way (and says so where it is).
- Tests needing a live Neo4j run only when NEO4J_URI is set (marker `neo4j`); everything else
  always runs. Nothing is skipped forever.
- Speed targets live in bench/, never in timed unit tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
