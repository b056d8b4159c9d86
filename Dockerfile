# syntax=docker/dockerfile:1
#
# One image for every role of Error Tracker. The role is the command:
#   docker run IMAGE api | ingest-worker | notifier | retention [--once] | migrate | all (default)
# See docs/deployment.md.

# ---- build: install everything, compile TypeScript, drop dev dependencies ----------------------
FROM node:24-bookworm AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# Manifests first, so the dependency layer is reused while only sources change.
# Every npm workspace of package.json must be listed here (test/unit/deploy/dockerfile.test.ts checks it).
COPY package.json package-lock.json ./
COPY libs/grouping/package.json libs/grouping/
COPY libs/contracts/package.json libs/contracts/
COPY libs/runtime/package.json libs/runtime/
COPY services/api/package.json services/api/
COPY services/ingest-worker/package.json services/ingest-worker/
COPY services/notifier/package.json services/notifier/
COPY services/retention/package.json services/retention/
COPY cli/package.json cli/
COPY dashboard/package.json dashboard/
RUN npm ci

# Sources (tests, dist/ and *.tsbuildinfo are left out by .dockerignore), then `tsc -b` and the dashboard's Vite build.
COPY tsconfig.base.json tsconfig.json ./
COPY libs/ libs/
COPY services/ services/
COPY cli/ cli/
COPY dashboard/ dashboard/
COPY bench/ bench/
# The bench compiles the test support it shares with the tests (bench/tsconfig.json).
COPY test/support/ test/support/
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ---- runtime: compiled JavaScript and production dependencies only, as a non-root user ---------
FROM node:24-bookworm-slim AS runtime
# V8 sizes its young generation for the host's memory (up to 64 MB semi-spaces on a big node),
# which alone would put each role past 150 MB RSS; these caps keep a role near 100 MB under load.
# The ingest worker's manifests (compose, k8s) set 8 MB semi-spaces instead (cli/src/heap-limits.ts).
# Two V8 helper threads instead of four: more only compete with the other processes for the cores.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=96 --v8-pool-size=2" \
    PORT=5010 \
    METRICS_PORT=9464
WORKDIR /app

# Files stay owned by root and read-only for the process: the root filesystem can be read-only.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/libs/grouping/package.json libs/grouping/
COPY --from=build /app/libs/grouping/dist/ libs/grouping/dist/
COPY --from=build /app/libs/contracts/package.json libs/contracts/
COPY --from=build /app/libs/contracts/dist/ libs/contracts/dist/
COPY --from=build /app/libs/runtime/package.json libs/runtime/
COPY --from=build /app/libs/runtime/dist/ libs/runtime/dist/
COPY --from=build /app/services/api/package.json services/api/
COPY --from=build /app/services/api/dist/ services/api/dist/
COPY --from=build /app/services/ingest-worker/package.json services/ingest-worker/
COPY --from=build /app/services/ingest-worker/dist/ services/ingest-worker/dist/
COPY --from=build /app/services/notifier/package.json services/notifier/
COPY --from=build /app/services/notifier/dist/ services/notifier/dist/
COPY --from=build /app/services/retention/package.json services/retention/
COPY --from=build /app/services/retention/dist/ services/retention/dist/
COPY --from=build /app/cli/package.json cli/
COPY --from=build /app/cli/bin/ cli/bin/
COPY --from=build /app/cli/dist/ cli/dist/
# The dashboard's built files only (its dev dependencies are pruned): the API serves them at /.
COPY --from=build /app/dashboard/package.json dashboard/
COPY --from=build /app/dashboard/dist/ dashboard/dist/

# The node images' unprivileged user (uid 1000): Kubernetes sets runAsUser 1000 to match.
# The spool directory compose mounts a volume on: owned by the process user, so a fresh volume is too.
RUN mkdir -p /spool && chown node:node /spool
USER node
# API (PORT) and Prometheus metrics (METRICS_PORT); workers only serve the latter.
EXPOSE 5010 9464
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "cli/dist/main.js"]
CMD ["all"]
