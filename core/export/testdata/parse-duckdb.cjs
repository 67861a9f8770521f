// Parses DuckDB scripts without running them: for each file named on the
// command line, prints one JSON line {"file", "statements"} or {"file",
// "error"} (DuckDB's own parser, through extractStatements).
//
//   node parse-duckdb.cjs <node_modules folder> a.sql b.sql …
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [modules, ...files] = process.argv.slice(2);
const { DuckDBInstance } = createRequire(path.resolve(modules) + '/')('@duckdb/node-api');

(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const file of files) {
    try {
      const extracted = await con.extractStatements(fs.readFileSync(file, 'utf8'));
      console.log(JSON.stringify({ file, statements: extracted.count }));
    } catch (e) {
      console.log(JSON.stringify({ file, error: e.message }));
    }
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
