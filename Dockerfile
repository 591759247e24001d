# The Lakeform runtime image: the `lakeform` CLI with this repository's catalog (assets/). In
# an AWS stack, EventBridge Scheduler runs it every few minutes as `lakeform tick` (ECS
# Fargate, ARM64). `pulumi up` does not build it: build, push to ECR in the stack's region, and
# set lakeform:runtimeImage to the pushed URI:
#
#   docker build --platform linux/arm64 -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0 .
#   docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0
#   pulumi config set lakeform:runtimeImage 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first (cached while only code changes). tsx is a runtime dependency: the CLI
# compiles the TypeScript catalog on import.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The runtime, the catalog, and the plan compiler (`lakeform plan`); nothing of the Pulumi program.
COPY tsconfig.json ./
COPY runtime/ runtime/
COPY assets/ assets/
COPY infra/plan/ infra/plan/
COPY policies/ policies/

# The RDS certificate bundle: LAKEFORM_STATE_URL verifies the state database's certificate
# against it (sslmode=verify-full&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem).
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem

# Workspaces (DuckDB scratch, local caches) live in /app/.lakeform, writable by the unprivileged user.
RUN mkdir -p /app/.lakeform && chown node:node /app/.lakeform
USER node

# DuckDB's httpfs and aws extensions, installed while building: with data in S3 the tick reads
# published versions there, and its subnets have no route to the internet to fetch them later.
RUN node -e "import('@duckdb/node-api').then(async ({ DuckDBInstance }) => { const c = await (await DuckDBInstance.create(':memory:')).connect(); await c.run('INSTALL httpfs'); await c.run('INSTALL aws'); })"

ENTRYPOINT ["node", "/app/runtime/bin/lakeform.mjs"]
CMD ["tick"]
