# syntax=docker/dockerfile:1
# The crosspaths API image: `docker compose up` builds it (see docker-compose.yml and docs/deployment.md).
# Install steps mirror scripts/setup (tests/deploy/test_deployment_files.py keeps them in step).
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
# Exactly the versions requirements.lock pins, each checked against its hash (a layer cached until the lock changes).
COPY requirements.lock ./
RUN /opt/venv/bin/python -m pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md hatch_build.py ./
COPY schema schema
COPY seeds seeds
COPY api api
# The wheel's build hook (hatch_build.py) finds the locked bundles here and puts them in the package.
COPY --from=assets /src/api/web/assets/node_modules api/web/assets/node_modules
RUN /opt/venv/bin/python -m pip install --no-deps '.'

FROM python:${PYTHON_VERSION}-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CROSSPATHS_DATA_DIR=/var/lib/crosspaths \
    CROSSPATHS_LOG_FORMAT=json
RUN groupadd --system crosspaths && useradd --system --gid crosspaths --home-dir /var/lib/crosspaths crosspaths \
    && install -d -o crosspaths -g crosspaths /var/lib/crosspaths
COPY --from=build /opt/venv /opt/venv
USER crosspaths
WORKDIR /var/lib/crosspaths
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["crosspaths", "serve", "--host", "0.0.0.0", "--port", "8000"]
