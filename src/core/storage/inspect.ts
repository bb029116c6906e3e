import { createHash } from "node:crypto";
import { Transform, TransformCallback } from "node:stream";

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export interface Inspection {
  sizeBytes: number;
  sha256: string;
  head: Buffer;
}

/**
 * Passes bytes through unchanged while counting them, hashing them (SHA-256) and keeping the
 * first `headBytes` for content checks. It fails the stream as soon as the size limit is passed
 * or `checkHead` rejects the head, so a rejected upload stops early. Memory stays at the head
 * size plus the stream's own buffers, whatever the file's size.
 */
export class Inspector extends Transform {
  private readonly hash = createHash("sha256");
  // Not named `size`: stream consumers (the AWS SDK) read a `size` property as the total length.
  private bytesSeen = 0;
  private headParts: Buffer[] = [];
  private headSize = 0;
  private headChecked = false;
  result: Inspection | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly headBytes: number,
    private readonly checkHead: (head: Buffer) => Error | null,
  ) {
    super();
  }

  private head(): Buffer {
    return Buffer.concat(this.headParts, this.headSize);
  }

  private runCheck(): Error | null {
    this.headChecked = true;
    return this.checkHead(this.head());
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.maxBytes) return done(new TooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headSize < this.headBytes) {
      const take = chunk.subarray(0, this.headBytes - this.headSize);
      this.headParts.push(Buffer.from(take));
      this.headSize += take.length;
      if (this.headSize >= this.headBytes) {
        const rejected = this.runCheck();
        if (rejected) return done(rejected);
      }
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (!this.headChecked) {
      const rejected = this.runCheck();
      if (rejected) return done(rejected);
    }
    this.result = { sizeBytes: this.bytesSeen, sha256: this.hash.digest("hex"), head: this.head() };
    done();
  }
}
