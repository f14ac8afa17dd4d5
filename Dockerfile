# The gateway as a container: `docker build -t inbox-gateway .` (see the README's "Production" part).
# Not built on the machine this project is developed on (no Docker daemon runs there): the stages
# below were checked by running their steps by hand, not by docker.

# Build stage: every dependency (TypeScript included), then the compiled server in dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# src/ imports client/persisted-documents.json (the persisted-documents manifest); demo mode imports simulators/.
COPY src ./src
COPY simulators ./simulators
COPY client ./client
COPY schema ./schema
RUN npm run build

# Runtime stage: production dependencies only (no tsx, no TypeScript), the compiled server, and
# the SDL it reads at start (schema/*.graphql, found from the package root).
FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
# The image's unprivileged user (uid 1000); the files above stay root's, read-only to it.
USER node
# GraphQL, WebSocket, webhooks, /healthz and /readyz; /metrics too unless server.metricsPort moves it.
EXPOSE 4000
# node:20-slim has no curl: Node's own fetch asks /healthz (set PORT when server.port is not 4000).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# NODE_ENV=production refuses to start without a configuration: mount one and set GATEWAY_CONFIG.
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
