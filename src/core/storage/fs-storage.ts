import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DocumentStorage } from "./storage";

const PARTIAL = ".partial-";

/** Files under a directory; a write goes to a partial file renamed into place when complete. */
export class FileSystemStorage implements DocumentStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return p;
  }

  async put(key: string, body: Readable): Promise<void> {
    const final = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(final), { recursive: true });
    const partial = `${final}${PARTIAL}${randomUUID()}`;
    const out = fs.createWriteStream(partial, { flags: "wx", mode: 0o600 });
    try {
      await pipeline(body, out);
      await fs.promises.rename(partial, final);
    } catch (err) {
      // A body refused early (too large, say) can fail before the file has even been opened:
      // wait until the stream has let go of it, or the removal would come first and miss it.
      if (!out.closed) await new Promise<void>((r) => out.once("close", () => r()));
      await fs.promises.rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    await fs.promises.access(p);
    return fs.createReadStream(p);
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const base = this.pathOf(prefix);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(base, { withFileTypes: true, recursive: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const full = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
      const stat = await fs.promises.stat(full).catch(() => null);
      if (stat) yield { key: path.relative(this.root, full), modifiedAt: stat.mtime };
    }
  }
}
