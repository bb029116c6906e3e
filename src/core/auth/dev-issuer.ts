import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import jwt from "jsonwebtoken";

// The development identity provider: an ES256 key pair kept under the data directory, trusted
// by the demo organisations, so `npm run token -- <user>` can sign in as any demo user.
// Production deployments register their organisations' real issuers instead.
export interface DevIssuerKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function devIssuerDir(dataDir: string): string {
  return path.join(dataDir, "dev-issuer");
}

/** The keys the hub created, or null when this data directory has none (the hub never ran with DEV_ISSUER on). */
export function readDevIssuerKeys(dataDir: string): DevIssuerKeys | null {
  const dir = devIssuerDir(dataDir);
  try {
    return {
      privateKeyPem: fs.readFileSync(path.join(dir, "private.pem"), "utf8"),
      publicKeyPem: fs.readFileSync(path.join(dir, "public.pem"), "utf8"),
    };
  } catch {
    return null;
  }
}

export function ensureDevIssuerKeys(dataDir: string): DevIssuerKeys {
  const dir = devIssuerDir(dataDir);
  const privatePath = path.join(dir, "private.pem");
  const publicPath = path.join(dir, "public.pem");
  if (!fs.existsSync(privatePath)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    fs.writeFileSync(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(publicPath, publicKey.export({ type: "spki", format: "pem" }));
  }
  return { privateKeyPem: fs.readFileSync(privatePath, "utf8"), publicKeyPem: fs.readFileSync(publicPath, "utf8") };
}

export function signToken(
  keys: Pick<DevIssuerKeys, "privateKeyPem">,
  claims: { issuer: string; audience: string; subject: string; expiresInSeconds?: number; notBefore?: number },
): string {
  return jwt.sign({}, keys.privateKeyPem, {
    algorithm: "ES256",
    issuer: claims.issuer,
    audience: claims.audience,
    subject: claims.subject,
    expiresIn: claims.expiresInSeconds ?? 8 * 3600,
    ...(claims.notBefore !== undefined ? { notBefore: claims.notBefore } : {}),
  });
}
