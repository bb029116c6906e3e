// s3rver ships no types; the test uses a small part of it.
declare module "s3rver" {
  class S3rver {
    constructor(options: Record<string, unknown>);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
  export = S3rver;
}
