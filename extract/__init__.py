"""casegraph's extractor: case texts (text, Markdown, HTML, PDF, stdin) in, extraction records
(`graph.records.Record`, one per document) out.

A spaCy pipeline (the statistical English model, or `spacy.blank("en")` when none is installed)
plus a rule layer written as data (`extract/patterns/`) and components for what patterns cannot
do: typing names, grouping mentions into entities, relations, violations and the case. Entry
points: `extract.api.extract_paths` / `extract_texts` / `extract_text`; `extract.evaluate` scores
records against gold annotations (`extract.gold`). Imports `graph` only.
"""
