import "reflect-metadata";
import fs from "node:fs";
import { openHubDataSource } from "../app";
import { OrganisationKind, Role } from "../core/access/roles";
import { TrustedIssuer, Organisation, HubUser } from "../modules/directory/directory.module";

// The first administrator of a real deployment (where the development issuer is off): trusts the
// hub operator's identity provider and registers one HUB_ADMIN, who does the rest through the API.
//
//   DATABASE_URL=... npm run bootstrap-admin -- --issuer https://idp.example --audience proceedings-hub \
//     --public-key-file idp.pem --algorithm RS256 --subject 1234 --name "Ada Admin" --email ada@example.org
function args(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) throw new Error(`unexpected argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ["issuer", "audience", "public-key-file", "subject", "name", "email"]) if (!out[k]) throw new Error(`--${k} is required`);
  return out;
}

async function main() {
  const a = args();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to the hub's database");
  const ds = await openHubDataSource(url);
  try {
    const pending = await ds.showMigrations();
    if (pending) throw new Error("The database is not migrated: start the hub once first");
    await ds.transaction(async (em) => {
      if (await em.existsBy(HubUser, { subject: a.subject })) throw new Error("That subject is already a hub user");
      const issuer =
        (await em.findOneBy(TrustedIssuer, { issuer: a.issuer })) ??
        (await em.save(
          em.create(TrustedIssuer, {
            issuer: a.issuer,
            audience: a.audience,
            algorithms: [a.algorithm ?? "RS256"],
            publicKeys: [fs.readFileSync(a["public-key-file"], "utf8")],
          }),
        ));
      const hub =
        (await em.findOneBy(Organisation, { kind: OrganisationKind.HUB })) ??
        (await em.save(em.create(Organisation, { name: "Proceedings Hub", kind: OrganisationKind.HUB, issuerId: issuer.id })));
      await em.save(
        em.create(HubUser, {
          organisationId: hub.id,
          issuerId: issuer.id,
          subject: a.subject,
          displayName: a.name,
          email: a.email,
          roles: [Role.HUB_ADMIN],
          active: true,
        }),
      );
    });
    process.stdout.write(`registered ${a.name} as hub administrator (subject ${a.subject} of ${a.issuer})\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`bootstrap-admin: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
