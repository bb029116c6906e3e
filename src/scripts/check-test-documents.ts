import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { GraphQLError, GraphQLSchema, parse, validate } from "graphql";
import { hubSchema } from "../schema";

// Every GraphQL document the tests send, checked against the schema the code builds, as part
// of the build (`npm test` builds first): a renamed field or argument fails the build at the
// test that uses it, not at run time. A document is any string or template literal in a test
// file that starts with `query`, `mutation`, `subscription`, `fragment` or `{`; `${...}` parts
// are read as the value they stand for where they are a whole argument or selection, and a
// document that cannot be read so, or is broken on purpose (the abuse tests'), must say so in a
// comment: `// graphql: not checked (<why>)`.

const ROOT = path.resolve(__dirname, "../../..");
// An operation or fragment, or a shorthand query whose first field has arguments or a selection.
const START = /^\s*((query|mutation|subscription|fragment)\b[^{]*\{|\{\s*\w+\s*[({])[\s\S]*\}\s*$/;

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "web" ? [] : testFiles(p);
    const rel = path.relative(ROOT, p);
    return rel.endsWith(".test.ts") || (rel.startsWith(`test${path.sep}`) && rel.endsWith(".ts")) ? [p] : [];
  });
}

/** The literal's text, with each substitution replaced by a stand-in that parses where it sits. */
function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    // A substitution inside a string argument ("${id}") is a string whatever its value.
    let text = node.head.text;
    for (const span of node.templateSpans) text += `${text.endsWith('"') && span.literal.text.startsWith('"') ? "x" : "__SUBSTITUTED__"}${span.literal.text}`;
    return text;
  }
  return null;
}

interface Problem {
  where: string;
  message: string;
}

function check(schema: GraphQLSchema, file: string): { documents: number; problems: Problem[] } {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const lines = source.text.split("\n");
  const problems: Problem[] = [];
  let documents = 0;
  const visit = (node: ts.Node) => {
    const text = textOf(node);
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    // A deliberately broken document (the abuse tests') says so in a comment on its line or the one before.
    const optedOut = () => /\/\/.*graphql: not checked|\/\*.*graphql: not checked/.test(lines.slice(Math.max(0, line - 1), line + 1).join("\n"));
    if (text !== null && START.test(text) && !optedOut()) {
      const where = `${path.relative(ROOT, file)}:${line + 1}`;
      if (text.includes("__SUBSTITUTED__")) {
        problems.push({ where, message: "a document built with ${...}: write it whole (with variables), or comment `// graphql: not checked (<why>)`" });
      } else {
        documents++;
        try {
          const errors = validate(schema, parse(text));
          for (const e of errors) problems.push({ where, message: e.message });
        } catch (err) {
          problems.push({ where, message: err instanceof GraphQLError ? err.message : String(err) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { documents, problems };
}

async function main() {
  const schema = await hubSchema();
  const files = [...testFiles(path.join(ROOT, "src")), ...testFiles(path.join(ROOT, "test"))];
  let documents = 0;
  const problems: Problem[] = [];
  for (const file of files) {
    const r = check(schema, file);
    documents += r.documents;
    problems.push(...r.problems);
  }
  if (problems.length) {
    for (const p of problems) console.error(`${p.where}: ${p.message}`);
    console.error(`${problems.length} test document problem(s) against the schema`);
    process.exit(1);
  }
  if (!process.argv.includes("--quiet")) console.log(`checked ${documents} test documents in ${files.length} files against the schema`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
