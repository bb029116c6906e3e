import { Readable } from "node:stream";

// Where document bytes live. The local filesystem by default; an S3-compatible object store for
// deployments with more than one hub machine. Keys are the hub's own ("documents/<case>/<id>").
export interface DocumentStorage {
  /**
   * Streams `body` into `key`. The object becomes readable only when the whole stream has been
   * stored; if the stream fails (a check rejects it, the client disconnects) nothing is left.
   */
  put(key: string, body: Readable): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Every stored key under a prefix, with when it was written (for the orphan sweep). */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
}
