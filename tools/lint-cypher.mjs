#!/usr/bin/env node
// Checks casegraph's Neo4j-dialect Cypher with Neo4j's own front end: the Cypher 5 grammar and
// the server's semantic analysis (compiled to JavaScript in @neo4j-cypher/language-support), so
// a statement that would fail on a real Neo4j fails here, without a server.
//
// Usage:
//   .venv/bin/python -m graph.cypher > /tmp/q.json
//   node tools/lint-cypher.mjs /tmp/q.json [schema.cypher ...]
//   .venv/bin/python -m graph.cypher | node tools/lint-cypher.mjs - schema.cypher
//
// A `.json` argument (or `-` for stdin) is a dump from `python -m graph.cypher`:
// {"schema": {labels, relationshipTypes, propertyKeys, graphSchema?}, "queries": [{name, text}]}.
// Any other argument is a Cypher file, linted as one multi-statement text against the same schema.
// Exit status: 0 clean, 1 at least one error (severity 1), 2 bad usage or unreadable input.
// Warnings (unknown label or property, a pattern the model's endpoints cannot match, a cartesian
// product, a deprecation) are counted and, with --warnings, printed. They do not change the exit
// status: tests/graph/test_cypher_lint.py is what requires casegraph's own statements to have none.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const CYPHER_VERSION = 'CYPHER 5';
// Plugins casegraph must not depend on: a statement calling one would fail on a plain server.
const PLUGIN_PREFIXES = ['apoc.', 'gds.'];

function usage(message) {
  process.stderr.write(`lint-cypher: ${message}\n`);
  process.stderr.write('usage: node tools/lint-cypher.mjs [--warnings] DUMP.json|- [FILE.cypher ...]\n');
  process.exit(2);
}

function withoutPlugins(scoped) {
  const out = {};
  for (const [version, registry] of Object.entries(scoped)) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([name]) => !PLUGIN_PREFIXES.some((p) => name.startsWith(p))),
    );
  }
  return out;
}

function readInput(path) {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    usage(`cannot read ${path}: ${e.message}`);
  }
  return '';
}

function parseDump(path) {
  let dump;
  try {
    dump = JSON.parse(readInput(path));
  } catch (e) {
    usage(`${path} is not JSON from \`python -m graph.cypher\`: ${e.message}`);
  }
  if (!dump || !Array.isArray(dump.queries) || typeof dump.schema !== 'object') {
    usage(`${path} has no "schema" object and "queries" list`);
  }
  for (const q of dump.queries) {
    if (typeof q.name !== 'string' || typeof q.text !== 'string') {
      usage(`${path}: every query needs a string "name" and "text"`);
    }
  }
  return dump;
}

// Line and column (1-based) of a character offset, for messages people can follow.
function position(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

function excerpt(text, start, end) {
  const from = Math.max(0, start - 30);
  const to = Math.min(text.length, Math.max(end, start + 1) + 30);
  const flat = (s) => s.replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${flat(text.slice(from, start))}>>${flat(text.slice(start, Math.max(end, start + 1)))}<<${flat(text.slice(Math.max(end, start + 1), to))}${to < text.length ? '…' : ''}`;
}

function main(argv) {
  const showWarnings = argv.includes('--warnings');
  const paths = argv.filter((a) => a !== '--warnings');
  if (paths.some((a) => a.startsWith('--'))) usage(`unknown option ${paths.find((a) => a.startsWith('--'))}`);
  if (paths.length === 0) usage('give a dump from `python -m graph.cypher` (or - for stdin)');

  const statements = [];
  const schema = { labels: [], relationshipTypes: [], propertyKeys: [] };
  for (const path of paths.filter((p) => p === '-' || p.endsWith('.json'))) {
    const dump = parseDump(path);
    for (const key of Object.keys(schema)) schema[key].push(...(dump.schema[key] ?? []));
    if (dump.schema.graphSchema) schema.graphSchema = [...(schema.graphSchema ?? []), ...dump.schema.graphSchema];
    statements.push(...dump.queries);
  }
  for (const path of paths.filter((p) => p !== '-' && !p.endsWith('.json'))) {
    statements.push({ name: basename(path), text: readInput(path) });
  }
  if (statements.length === 0) usage('nothing to lint: the dump has no queries');

  const dbSchema = {
    ...schema,
    defaultLanguage: CYPHER_VERSION,
    functions: withoutPlugins(testData.mockSchema.functions),
    procedures: withoutPlugins(testData.mockSchema.procedures),
  };

  let errors = 0;
  let warnings = 0;
  for (const { name, text } of statements) {
    if (!text.trim()) {
      errors += 1;
      process.stdout.write(`ERROR ${name}: empty statement\n`);
      continue;
    }
    // Parameters are supplied at run time; without this filter each $p is "not defined".
    const diagnostics = lintCypherQuery(text, dbSchema).diagnostics.filter(isNotParamError);
    for (const d of diagnostics) {
      const where = `${position(text, d.offsets.start)} ${excerpt(text, d.offsets.start, d.offsets.end)}`;
      if (d.severity === 1) {
        errors += 1;
        process.stdout.write(`ERROR ${name}: ${d.message.split('\n')[0]} at ${where}\n`);
      } else {
        warnings += 1;
        if (showWarnings) process.stdout.write(`warning ${name}: ${d.message.split('\n')[0]} at ${where}\n`);
      }
    }
  }
  process.stdout.write(
    `lint-cypher: ${statements.length} statements (${CYPHER_VERSION}), ${errors} errors, ${warnings} warnings\n`,
  );
  return errors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
