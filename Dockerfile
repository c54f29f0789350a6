# syntax=docker/dockerfile:1
# The crosspaths API image: `docker compose up` builds it (see docker-compose.yml and docs/deployment.md).
# Install steps mirror scripts/setup (tests/test_deployment_files.py keeps them in step).
ARG PYTHON_VERSION=3.12

# GraphiQL's and /explore's bundles, pinned by api/web/assets/package-lock.json: served by the app, never a CDN.
FROM node:22-bookworm-slim AS assets
WORKDIR /src
COPY api/web/assets/package.json api/web/assets/package-lock.json api/web/assets/
RUN npm ci --prefix api/web/assets --no-audit --no-fund --loglevel=error

# The package and its dependencies in a virtualenv; build tools stay in this stage.
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY api api
COPY seeds seeds
RUN /opt/venv/bin/python -m pip install '.'

FROM python:${PYTHON_VERSION}-slim-bookworm
ARG PYTHON_VERSION
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CROSSPATHS_DATA_DIR=/var/lib/crosspaths \
    CROSSPATHS_LOG_FORMAT=json
RUN groupadd --system crosspaths && useradd --system --gid crosspaths --home-dir /var/lib/crosspaths crosspaths \
    && install -d -o crosspaths -g crosspaths /var/lib/crosspaths
COPY --from=build /opt/venv /opt/venv
# api/web/graphiql.py serves the bundles from beside the installed package.
COPY --from=assets /src/api/web/assets/node_modules /opt/venv/lib/python${PYTHON_VERSION}/site-packages/api/web/assets/node_modules
USER crosspaths
WORKDIR /var/lib/crosspaths
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["crosspaths", "serve", "--host", "0.0.0.0", "--port", "8000"]
