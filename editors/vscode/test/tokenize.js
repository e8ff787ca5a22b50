// Tokenises the shipped guidelines, their libraries and every file of the error corpus with the
// TextMate grammar (vscode-textmate + vscode-oniguruma, as VS Code itself does) and compares
// each file's tokens with its golden file, whole: test/golden/<path with / as __>.tokens.
// UPDATE_GOLDEN=1 rewrites the golden files (and removes those whose file is gone).
//
// Then it reports the grammar's coverage of the corpus: the share of non-space characters that
// get a scope beyond `source.guideline` (it fails when that falls below COVERAGE), and the share
// on lines that no rule of the language recognises (`meta.line.unrecognised`: coloured as an
// expression would be, so a misspelt keyword stands out as a plain name).
//
//     node test/tokenize.js          (npm test)
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const HERE = __dirname;
const EXTENSION = path.resolve(HERE, "..");
const ROOT = path.resolve(EXTENSION, "..", "..");
const GOLDEN = path.join(HERE, "golden");
const GRAMMAR = path.join(EXTENSION, "syntaxes", "guideline.tmLanguage.json");
const COVERAGE = 0.97; // the floor for the whole corpus; what is measured is printed
const CORPUS = [
  ["shipped guidelines", "guideline"],
  ["their libraries", "guideline/common"],
  ["error corpus", "tests/errors"],
  ["error corpus libraries", "tests/errors/common"],
];

function corpus() {
  const found = [];
  for (const [group, directory] of CORPUS) {
    const names = fs.readdirSync(path.join(ROOT, directory)).filter((n) => n.endsWith(".guideline")).sort();
    for (const name of names) found.push({ group, file: `${directory}/${name}` });
  }
  return found;
}

async function grammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) => {
      if (scope !== "source.guideline") return null;
      return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf-8"), GRAMMAR);
    },
  });
  return registry.loadGrammar("source.guideline");
}

// The file's tokens, one line each: `LINE:COLUMN "text" scope scope ...` (the root scope left
// out, and every scope's `.guideline` ending; blanks between tokens left out), and its counts of
// non-space characters.
function tokenise(g, text) {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  const out = [];
  let stack = vsctm.INITIAL;
  let scoped = 0;
  let total = 0;
  let unrecognised = 0;
  lines.forEach((line, index) => {
    const result = g.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const piece = line.slice(token.startIndex, token.endIndex);
      const visible = piece.replace(/\s/g, "").length;
      if (!visible) continue;
      const scopes = token.scopes.slice(1).map((scope) => scope.replace(/\.guideline$/, ""));
      total += visible;
      if (scopes.length) scoped += visible;
      if (scopes.includes("meta.line.unrecognised")) unrecognised += visible;
      out.push(`${index + 1}:${token.startIndex + 1} ${JSON.stringify(piece)} ${scopes.join(" ") || "-"}`);
    }
    stack = result.ruleStack;
  });
  return { text: out.join("\n") + "\n", scoped, total, unrecognised };
}

function goldenName(file) {
  return file.replace(/\.guideline$/, "").split("/").join("__") + ".tokens";
}

async function main() {
  const update = process.env.UPDATE_GOLDEN === "1";
  const g = await grammar();
  const failures = [];
  const groups = new Map();
  const expected = new Set();
  for (const { group, file } of corpus()) {
    const tokens = tokenise(g, fs.readFileSync(path.join(ROOT, file), "utf-8"));
    const counts = groups.get(group) || { scoped: 0, total: 0, files: 0, unrecognised: 0 };
    counts.scoped += tokens.scoped;
    counts.unrecognised += tokens.unrecognised;
    counts.total += tokens.total;
    counts.files += 1;
    groups.set(group, counts);
    const golden = path.join(GOLDEN, goldenName(file));
    expected.add(path.basename(golden));
    if (update) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(golden, tokens.text);
    } else if (!fs.existsSync(golden)) {
      failures.push(`${file}: no golden file ${path.relative(EXTENSION, golden)} (run with UPDATE_GOLDEN=1)`);
    } else if (fs.readFileSync(golden, "utf-8") !== tokens.text) {
      const want = fs.readFileSync(golden, "utf-8").split("\n");
      const got = tokens.text.split("\n");
      const at = got.findIndex((line, n) => line !== want[n]);
      failures.push(`${file}: tokens differ from ${path.relative(EXTENSION, golden)}\n  expected: ${want[at]}\n  got:      ${got[at]}`);
    }
  }
  for (const name of fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN) : []) {
    if (!expected.has(name)) {
      if (update) fs.unlinkSync(path.join(GOLDEN, name));
      else failures.push(`test/golden/${name}: a golden file for no file of the corpus`);
    }
  }
  let scoped = 0;
  let total = 0;
  let unrecognised = 0;
  const percent = (part, whole) => `${((100 * part) / whole).toFixed(2)}%`;
  for (const [group, counts] of groups) {
    scoped += counts.scoped;
    total += counts.total;
    unrecognised += counts.unrecognised;
    console.log(
      `coverage ${group}: ${percent(counts.scoped, counts.total)} of ${counts.total} non-space characters ` +
        `in ${counts.files} files (${percent(counts.unrecognised, counts.total)} on unrecognised lines)`
    );
  }
  const share = scoped / total;
  console.log(
    `coverage of the corpus: ${percent(scoped, total)} of ${total} non-space characters ` +
      `(${percent(unrecognised, total)} on unrecognised lines)`
  );
  if (share < COVERAGE) failures.push(`coverage ${(100 * share).toFixed(2)}% is below ${100 * COVERAGE}%`);
  if (failures.length) {
    for (const failure of failures) console.error(failure);
    process.exit(1);
  }
  console.log(update ? `wrote ${expected.size} golden files` : `${expected.size} files tokenised as their golden files`);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
