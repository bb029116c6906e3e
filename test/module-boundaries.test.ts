import { spawnSync } from "node:child_process";
import path from "node:path";

// The lint rule that keeps the module shape (eslint.config.mjs, hub/module-boundaries), run on
// snippets placed where they would break it, and on the tree itself.
const ROOT = path.resolve(__dirname, "../..");

type Result = { filePath: string; messages: { ruleId: string; line: number; message: string }[] };

// The ESLint CLI in a child process (its flat config loads by dynamic import, which Jest's VM refuses).
function lint(args: string[], input?: string): Result[] {
  const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/eslint/bin/eslint.js"), "--format", "json", ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
  });
  return JSON.parse(run.stdout);
}

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = lint(["--stdin", "--stdin-filename", path.join(ROOT, file)], code);
  return result.messages.filter((m) => m.ruleId === "hub/module-boundaries").map((m) => m.message);
}

describe("module boundaries (lint)", () => {
  it("refuses a module imported from core", async () => {
    expect(await problems("src/core/example.ts", `import { Child } from "../modules/proceedings/proceedings.module";\nexport const x = Child;\n`)).toEqual([
      expect.stringContaining("core imports no module"),
    ]);
    expect(await problems("src/core/example.ts", `import { MODULES } from "../app";\nexport const x = MODULES;\n`)).toHaveLength(1);
  });

  it("refuses another module's internals, and accepts its surface", async () => {
    expect(await problems("src/modules/reviews/example.ts", `import { Child } from "../proceedings/child.entity";\nexport const x = Child;\n`)).toEqual([
      expect.stringContaining("only through its surface, proceedings/proceedings.module.ts"),
    ]);
    expect(await problems("src/modules/reviews/example.ts", `import { Child } from "../proceedings/proceedings.module";\nexport const x = Child;\n`)).toEqual(
      [],
    );
    expect(await problems("test/example.ts", `export { Child } from "../src/modules/proceedings/child.entity";\n`)).toHaveLength(1);
  });

  it("refuses a module using one that comes after it in src/app.ts (no cycles)", async () => {
    expect(
      await problems("src/modules/proceedings/example.ts", `import { scheduleFor } from "../reviews/reviews.module";\nexport const x = scheduleFor;\n`),
    ).toEqual([expect.stringContaining("proceedings may not use reviews")]);
  });

  it("finds nothing to refuse in the tree", async () => {
    const results = lint(["src", "test", "bench"]);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === "hub/module-boundaries").map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  });
});
