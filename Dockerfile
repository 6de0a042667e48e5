# Multaqa in one image: the server, the built client, and a mediasoup worker built against
# Debian 12's libraries (the same offline build `npm start` uses on a bare machine).
FROM node:20-bookworm AS build
WORKDIR /app
COPY scripts/build-mediasoup-worker.sh scripts/
COPY server/package.json server/
RUN MEDIASOUP_VERSION="$(node -p "require('./server/package.json').dependencies.mediasoup")" \
      WORKDIR=/tmp/mediasoup-build INSTALL_BIN=/opt/mediasoup/mediasoup-worker \
      bash scripts/build-mediasoup-worker.sh \
 && rm -rf /tmp/mediasoup-build
COPY . .
RUN MEDIASOUP_WORKER_BIN=/opt/mediasoup/mediasoup-worker npm ci --no-audit --no-fund \
 && npm run build --workspace client

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 libuv1 libsrtp2-1 libusrsctp2 libabsl20220623 libnss3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /opt/mediasoup /opt/mediasoup
COPY --from=build /app /app
ENV NODE_ENV=production \
    MEDIASOUP_WORKER_BIN=/opt/mediasoup/mediasoup-worker \
    PORT=3000
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/src/cli/start.ts"]
