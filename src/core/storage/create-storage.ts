import path from "node:path";
import { HubConfig } from "../config";
import { DocumentStorage } from "./storage";
import { FileSystemStorage } from "./fs-storage";

export function createStorage(config: HubConfig): DocumentStorage {
  if (config.storage.kind === "s3") {
    // Loaded only when configured, so a filesystem deployment never touches the AWS SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { S3Storage } = require("./s3-storage") as typeof import("./s3-storage");
    return new S3Storage(config.storage);
  }
  return new FileSystemStorage(path.join(config.dataDir, "storage"));
}
