// Runs an exported DuckDB script the way `duckdb < pipeline.sql` would:
// every statement in order in an in-memory database, in the current folder,
// printing the rows of each SELECT. The tests use DuckDB's Node.js package
// (make deps installs it) because the DuckDB command line is not packaged
// for this machine.
//
//   node run-duckdb.cjs <node_modules folder> pipeline.sql
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [modules, script] = process.argv.slice(2);
const { DuckDBInstance } = createRequire(path.resolve(modules) + '/')('@duckdb/node-api');

(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
  const extracted = await con.extractStatements(fs.readFileSync(script, 'utf8'));
  for (let i = 0; i < extracted.count; i++) {
    const prepared = await extracted.prepare(i);
    const reader = await prepared.runAndReadAll();
    if (reader.columnCount > 0 && reader.columnNames()[0] !== 'Count') {
      for (const row of reader.getRows()) console.log(row.map(String).join(' | '));
    }
  }
  console.error(`DuckDB ${version}`);
})().catch((e) => { console.error(e.message); process.exit(1); });
