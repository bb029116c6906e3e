import { Readable } from "node:stream";
import { DocumentStorage } from "./storage";

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
}

/** Placeholder until the S3 client lands; configuring STORAGE=s3 fails loudly at start. */
export class S3Storage implements DocumentStorage {
  constructor(readonly settings: S3Settings) {
    throw new Error("STORAGE=s3 is not available in this build");
  }
  put(_key: string, _body: Readable): Promise<void> {
    throw new Error("unavailable");
  }
  get(_key: string): Promise<Readable> {
    throw new Error("unavailable");
  }
  delete(_key: string): Promise<void> {
    throw new Error("unavailable");
  }
  // eslint-disable-next-line require-yield
  async *list(_prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    throw new Error("unavailable");
  }
}
