"""Exports for auditors: any subgraph as GraphML, GEXF, node-link JSON, CSV for
`neo4j-admin database import`, or a Cypher script, each with a manifest that records the
request, the requester, the store and data version, the counts, the evidence behind every
relationship and the SHA-256 of every file; and the readers that load an export back.

    bundle = export_subgraph(store.ego(node_id), ExportFormat.GRAPHML,
                             request={...}, requested_by="auditor", store_info=store_info(store))
    bundle.write(Path("out.graphml"))      # out.graphml + out.graphml.manifest.json
    assert read_export(Path("out.graphml")) == the subgraph, sorted

Modules: `table` (the typed rows every format is written from); one module per format
(`graphml`, `gexf`, `nodelink`, `neo4j_csv`, `cypher_script`, with `cypher_reader`); `bundle`
(files, zip, writing); `manifest` (manifest and `store_info`); `selection` (what to export,
fetched from a store); `exporter` (dispatch and the hash-checked read back).
"""

from __future__ import annotations

from graph.export.bundle import ExportBundle, ExportFile, ExportFormat
from graph.export.errors import ExportError, ExportFileError
from graph.export.exporter import export_subgraph, parse_format, read_export
from graph.export.manifest import store_info
from graph.export.selection import Selected, Selection, select, with_documents

__all__ = [
    "ExportBundle",
    "ExportError",
    "ExportFile",
    "ExportFileError",
    "ExportFormat",
    "Selected",
    "Selection",
    "export_subgraph",
    "parse_format",
    "read_export",
    "select",
    "store_info",
    "with_documents",
]
