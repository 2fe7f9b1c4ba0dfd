#!/usr/bin/env bash
# `npm run setup`: prepares this machine to run Holdfast. Safe to re-run: every step checks before it acts.
# Installs npm packages, provisions PostgreSQL and Redis (reusing DATABASE_URL / REDIS_URL when they answer,
# else Debian packages when run as root, else docker compose when a Docker engine runs), installs Chromium and
# the Python training packages, writes .env, applies migrations, seeds the demo workspace and builds the app.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=$(date +%s)
export ONNXRUNTIME_NODE_INSTALL=skip PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m▸ %s\033[0m\n' "$*"; }
done_() { printf '  ✓ %s\n' "$*"; }
fail() { printf '\n✗ %s\n' "$*" >&2; exit 1; }

IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1
HAS_APT=0; command -v apt-get >/dev/null 2>&1 && HAS_APT=1
HAS_DOCKER=0; command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && HAS_DOCKER=1

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js 20.19 or newer is needed (found $(node --version))."

step "npm packages"
npm install --no-audit --no-fund --loglevel=error
node scripts/prisma-generate.mjs >/dev/null
done_ "installed; Prisma client generated"

step "environment (.env)"
node scripts/setup/write-env.mjs
set -a; . ./.env; set +a

apt_missing=()
# dpkg -s also succeeds for removed packages whose config files remain, so ask for the installed state itself.
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$1"); }
if [ "$IS_ROOT" = 1 ] && [ "$HAS_APT" = 1 ]; then
  node scripts/setup/check-services.mjs postgres >/dev/null 2>&1 || need_pkg postgresql
  node scripts/setup/check-services.mjs redis >/dev/null 2>&1 || need_pkg redis-server
  need_pkg chromium
  need_pkg fonts-noto-cjk   # Chinese UI text in browser tests and screenshots
  for p in python3-xgboost python3-sklearn python3-onnx python3-pandas python3-numpy; do need_pkg "$p"; done
  if [ ${#apt_missing[@]} -gt 0 ]; then
    step "Debian packages: ${apt_missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
    done_ "installed"
  fi
fi

step "PostgreSQL"
if node scripts/setup/check-services.mjs postgres >/dev/null 2>&1; then
  done_ "reachable at DATABASE_URL"
elif [ "$IS_ROOT" = 1 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  bash scripts/setup/local-postgres.sh
  node scripts/setup/check-services.mjs postgres || fail "PostgreSQL started but DATABASE_URL does not connect."
  done_ "local cluster running; role and database ready"
elif [ "$HAS_DOCKER" = 1 ]; then
  docker compose up -d postgres
  for _ in $(seq 1 30); do node scripts/setup/check-services.mjs postgres >/dev/null 2>&1 && break; sleep 1; done
  node scripts/setup/check-services.mjs postgres || fail "The postgres container does not answer."
  done_ "running in docker compose"
else
  fail "PostgreSQL is not reachable at DATABASE_URL. Install PostgreSQL 15+ (Debian: apt-get install postgresql, as root), or run Docker, or point DATABASE_URL in .env at a server whose role may CREATEDB; then re-run npm run setup."
fi

step "Redis"
if node scripts/setup/check-services.mjs redis >/dev/null 2>&1; then
  done_ "reachable at REDIS_URL"
elif command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port "$(node -e 'console.log(new URL(process.env.REDIS_URL).port||6379)')" \
    --save '' --appendonly no --logfile "$ROOT/.redis.log" >/dev/null
  for _ in $(seq 1 20); do node scripts/setup/check-services.mjs redis >/dev/null 2>&1 && break; sleep 0.25; done
  node scripts/setup/check-services.mjs redis || fail "redis-server started but REDIS_URL does not answer."
  done_ "redis-server started on loopback"
elif [ "$HAS_DOCKER" = 1 ]; then
  docker compose up -d redis
  done_ "running in docker compose"
else
  fail "Redis is not reachable at REDIS_URL. Install Redis 7 (Debian: apt-get install redis-server, as root), or run Docker; then re-run npm run setup."
fi

step "Chromium and Python training packages"
if [ -x /usr/bin/chromium ]; then done_ "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"; else
  echo "  ! /usr/bin/chromium is missing: browser tests need it (Debian: apt-get install chromium)."; fi
if /usr/bin/python3 -c 'import xgboost, sklearn, onnx, pandas, numpy' 2>/dev/null; then done_ "python3: xgboost, scikit-learn, onnx, pandas, numpy"; else
  echo "  ! /usr/bin/python3 lacks the training packages (Debian: apt-get install python3-xgboost python3-sklearn python3-onnx python3-pandas python3-numpy)."; fi

step "database schema"
npx --no-install tsx scripts/db/migrate-deploy.ts

step "demo workspace"
npx --no-install tsx prisma/seed.ts

step "web app build"
if node scripts/setup/build-is-current.mjs; then done_ "build is current"; else npx --no-install next build >/tmp/holdfast-build.log 2>&1 || { tail -40 /tmp/holdfast-build.log; fail "next build failed"; }; done_ "built"; fi

printf '\n\033[1mHoldfast is set up in %ss.\033[0m\n' "$(( $(date +%s) - START ))"
cat <<MSG
  Start it:   npm start        (web app on http://localhost:${PORT:-3000} and the workers)
  Test it:    npm test
  Demo sign-ins (workspace "demo"), password: ${DEMO_PASSWORD:-demo-password}
    admin@demo.local · ops@demo.local · marketer@demo.local · manager@demo.local
MSG
