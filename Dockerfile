# syntax=docker/dockerfile:1
# Multaqa's server image: the server (TypeScript run by tsx), the built client, a mediasoup worker
# built against Debian 12's libraries (the same offline build `npm start` uses on a bare machine),
# and ffmpeg. Only the runtime stage ships: no compiler, no Vite, no test tools (vitest,
# playwright, Chromium, @roamhq/wrtc), no dev dependencies, and it runs as the unprivileged `node`.

# ---- the mediasoup worker: rebuilt only when the build script or the mediasoup version changes.
FROM node:20-bookworm AS worker
WORKDIR /build
COPY scripts/build-mediasoup-worker.sh scripts/
COPY server/package.json server/
RUN MEDIASOUP_VERSION="$(node -p "require('./server/package.json').dependencies.mediasoup")" \
      WORKDIR=/tmp/mediasoup-build INSTALL_BIN=/opt/mediasoup/mediasoup-worker \
      bash scripts/build-mediasoup-worker.sh \
 && rm -rf /tmp/mediasoup-build

# ---- the browser bundle (Vite and the client's dev dependencies stay in this stage).
FROM node:20-bookworm AS client
WORKDIR /app
# Every workspace's package.json: npm ci checks the lock file against all of them.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN npm ci --workspace client --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared shared
COPY client client
RUN npm run build --workspace client

# ---- the server's production dependencies only. mediasoup's install script would fetch a
# worker from GitHub; the one built above is used instead (MEDIASOUP_WORKER_BIN).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN npm ci --workspace server --omit=dev --ignore-scripts --no-audit --no-fund

# ---- what runs.
FROM node:20-bookworm-slim AS runtime
# The worker's shared libraries, and ffmpeg for recordings.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 libuv1 libsrtp2-1 libusrsctp2 libabsl20220623 libnss3 ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=worker /opt/mediasoup /opt/mediasoup
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
COPY shared/package.json shared/
COPY shared/src shared/src
COPY server/package.json server/
COPY server/src server/src
COPY --from=client /app/client/dist client/dist
# Machine-local state (recordings, by default) lives in a volume owned by the app's user.
RUN mkdir -p /var/lib/multaqa && chown node:node /var/lib/multaqa
ENV NODE_ENV=production \
    MEDIASOUP_WORKER_BIN=/opt/mediasoup/mediasoup-worker \
    MULTAQA_STATE_DIR=/var/lib/multaqa \
    PORT=3000
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "server/src/cli/start.ts"]
