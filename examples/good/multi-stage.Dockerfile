# syntax=docker/dockerfile:1
# The Butler server: built in one stage, run from a slim image with only what it needs
# (§1.2.1), from an official base pinned by digest (§1.2.2), as a non-root user (§1.2.4).
ARG PYTHON_IMAGE=python:3.12.7-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4

FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml requirements.txt ./
COPY src/ src/
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt .

FROM ${PYTHON_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home butler
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index /wheels/* && rm -rf /wheels
USER 10001
EXPOSE 8080
ENTRYPOINT ["uvicorn", "butler_server.app:app", "--host", "0.0.0.0", "--port", "8080"]
