import { testRule } from '../testing/rule-tester.ts';
import { containerMinimalPackages } from './minimal-packages.ts';

testRule(containerMinimalPackages, {
  valid: [
    {
      name: 'a well-written Debian image',
      text: `FROM python:3.12-slim-bookworm
RUN apt-get update \\
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
       # runtime libraries only
       libpq5 \\
       tini \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.txt
USER 1000
`,
    },
    {
      name: 'apt options spelled differently, and a cache mount',
      text: `FROM debian:12-slim
RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y curl && rm -r /var/lib/apt/lists
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\
    --mount=type=cache,target=/var/cache/apt,sharing=locked \\
    apt-get update && apt-get install -y --no-install-recommends git
`,
    },
    {
      name: 'yum and dnf clean in the same RUN',
      text: `FROM rockylinux:9
RUN dnf install -y --setopt=install_weak_deps=False python3 && dnf clean all
RUN yum -y install httpd && rm -rf /var/cache/yum
RUN microdnf install -y shadow-utils && microdnf clean all
`,
    },
    {
      name: 'apk with --no-cache, or with the cache removed',
      text: `FROM alpine:3.22
RUN apk add --no-cache ca-certificates tzdata
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
`,
    },
    {
      name: 'pip cache disabled by ENV, on the command, by a cache mount, or in an earlier stage',
      text: `FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1 \\
    PYTHONDONTWRITEBYTECODE=1
RUN pip install poetry==1.8.3
FROM base
RUN PIP_NO_CACHE_DIR=1 python -m pip install requests
RUN --mount=type=cache,target=/root/.cache/pip pip install numpy
RUN uv pip install --system --no-cache httpx
`,
    },
    {
      // Shaped like a JupyterHub image: the cache moved into a cache mount, which stays out of the image.
      name: 'pip cache moved into a cache mount: by the mount target, an ARG, ENV, the command, or --cache-dir',
      text: `FROM python:3.13-slim
ARG PIP_CACHE_DIR=/tmp/pip-cache
RUN --mount=type=cache,target=\${PIP_CACHE_DIR} pip install --no-index --find-links=/tmp/wheels -r /tmp/requirements.txt
RUN --mount=type=cache,target=/tmp/pip-cache/ pip install jupyterhub
ENV UV_CACHE_DIR=/opt/uv-cache
RUN --mount=type=cache,target=/opt/uv-cache uv pip install --system httpx
RUN --mount=type=cache,target=/cache PIP_CACHE_DIR=/cache pip install numpy
RUN --mount=type=cache,target=/wheels-cache pip install --cache-dir /wheels-cache pandas
`,
    },
    {
      // Shaped like a summit image built on the Science Pipelines: the cache is removed at the end of the same RUN.
      name: 'pip cache removed later in the same RUN: rm of the user cache folder, pip cache purge, uv cache clean',
      text: `FROM python:3.13-slim
RUN pip install google-cloud-storage sentry-sdk && rm -rf ~/.cache/pip
RUN pip install redis && rm -rf "$HOME/.cache"
RUN python3 -m pip install numpy && python3 -m pip cache purge
RUN uv pip install --system httpx && uv cache clean
RUN pip install astropy; rm -rf /root/.cache/pip/*
`,
    },
    {
      name: "pip's own abbreviation of --no-cache-dir",
      text: `FROM python:3.13-slim
RUN pip install --no-cache . && pip install --no-cache-d requests
`,
    },
    {
      // uv takes pip's --no-cache-dir as another name for its --no-cache, and -n for short (daf_butler's image).
      name: "uv's other names for --no-cache, and UV_NO_CACHE on the command",
      text: `FROM python:3.13-slim
RUN uv pip install --no-cache-dir -r docker-requirements.txt
RUN uv pip install -n --system httpx && UV_NO_CACHE=on uv pip install --system numpy
`,
    },
    {
      // Shaped like a service whose runtime stage copies only the virtualenv out of the stages that fill it.
      name: 'caches of build stages that the image is not built on',
      text: `FROM python:3.13-slim AS base-image
RUN apt-get update && apt-get install -y --no-install-recommends libproj-dev && rm -rf /var/lib/apt/lists/*
FROM base-image AS dependencies-image
RUN python -m venv /opt/venv
RUN pip install --upgrade pip
RUN apt-get update && apt-get install -y gcc
FROM dependencies-image AS install-image
RUN pip install .
FROM base-image AS runtime-image
COPY --from=install-image /opt/venv /opt/venv
USER 1000
`,
    },
    {
      name: 'a heredoc RUN',
      text: `FROM debian:12-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates
rm -rf /var/lib/apt/lists/*
EOF
`,
    },
    {
      name: 'package managers mentioned but not installing',
      text: 'FROM alpine:3.22\nRUN echo "apk add x" && pip --version && apt-get --help\n',
    },
  ],
  invalid: [
    {
      name: 'a cache mount elsewhere than where the cache goes keeps nothing out of the image',
      text: `FROM python:3.13-slim
ARG PIP_CACHE_DIR=/tmp/pip-cache
RUN --mount=type=cache,target=/tmp/x pip install --cache-dir /var/pip requests
RUN --mount=type=cache,target=/tmp/other pip install numpy
`,
      findings: [
        { line: 3, column: 38, message: 'Add --no-cache-dir' },
        { line: 4, column: 42, message: 'Add --no-cache-dir' },
      ],
      output: `FROM python:3.13-slim
ARG PIP_CACHE_DIR=/tmp/pip-cache
RUN --mount=type=cache,target=/tmp/x pip install --no-cache-dir --cache-dir /var/pip requests
RUN --mount=type=cache,target=/tmp/other pip install --no-cache-dir numpy
`,
    },
    {
      name: 'a cache removed before the install, in a later RUN, or another folder removed, stays in the image',
      text: `FROM python:3.13-slim
RUN rm -rf ~/.cache/pip && pip install requests
RUN pip install numpy
RUN rm -rf /root/.cache/pip
RUN pip install pandas && rm -rf ~/.cache/matplotlib
`,
      findings: [
        { line: 2, column: 28, message: 'Add --no-cache-dir' },
        { line: 3, column: 5, message: 'Add --no-cache-dir' },
        { line: 5, column: 5, message: 'Add --no-cache-dir' },
      ],
      output: `FROM python:3.13-slim
RUN rm -rf ~/.cache/pip && pip install --no-cache-dir requests
RUN pip install --no-cache-dir numpy
RUN rm -rf /root/.cache/pip
RUN pip install --no-cache-dir pandas && rm -rf ~/.cache/matplotlib
`,
    },
    {
      name: 'apt-get install without --no-install-recommends and without removing the lists',
      text: `FROM ubuntu:24.04
RUN apt-get update && apt-get install -y curl
`,
      findings: [
        { line: 2, column: 23, endLine: 2, endColumn: 38, severity: 'info', message: 'Add --no-install-recommends' },
        { line: 2, column: 23, endColumn: 38, message: 'rm -rf /var/lib/apt/lists/*' },
      ],
      output: `FROM ubuntu:24.04
RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*
`,
    },
    {
      name: 'the lists are reported at the RUN that fills them, not at a later RUN that only installs a downloaded package',
      text: `FROM ubuntu:24.04
RUN apt-get update -y && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl
RUN curl -fsSL -o /tmp/exporter.deb https://repo.example.org/exporter-2.1.deb && echo "0123  /tmp/exporter.deb" | sha256sum -c -
RUN apt-get install -y --no-install-recommends /tmp/exporter.deb
RUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y --no-install-recommends python3.13
`,
      findings: [
        { line: 2, column: 26, message: 'leaves the package lists' },
        { line: 5, column: 49, message: 'leaves the package lists' },
      ],
      output: `FROM ubuntu:24.04
RUN apt-get update -y && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/exporter.deb https://repo.example.org/exporter-2.1.deb && echo "0123  /tmp/exporter.deb" | sha256sum -c -
RUN apt-get install -y --no-install-recommends /tmp/exporter.deb
RUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y --no-install-recommends python3.13 && rm -rf /var/lib/apt/lists/*
`,
    },
    {
      name: 'a RUN that only updates the lists, and the RUN that installs after it',
      text: `FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends ca-certificates libsasl2-2
`,
      findings: [
        {
          line: 2,
          column: 5,
          endColumn: 19,
          message: 'This RUN fetches the package lists into /var/lib/apt/lists and leaves them in its layer',
        },
      ],
    },
    {
      name: 'continuation lines, a comment line and a trailing comment: the cleanup goes after the last command',
      text: `FROM debian:12-slim
RUN apt-get update \\
    # tools for the entrypoint
    && apt-get -y install --no-install-recommends \\
       curl \\
       jq # json
`,
      findings: [{ line: 4, column: 8, endLine: 4, endColumn: 26, message: '/var/lib/apt/lists' }],
      output: `FROM debian:12-slim
RUN apt-get update \\
    # tools for the entrypoint
    && apt-get -y install --no-install-recommends \\
       curl \\
       jq && rm -rf /var/lib/apt/lists/* # json
`,
    },
    {
      name: 'no append when the RUN ends in a compound command or a heredoc',
      text: `FROM debian:12-slim
RUN apt-get update && if [ "$TARGETARCH" = amd64 ]; then apt-get install -y --no-install-recommends libmkl-rt; fi
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
EOF
`,
      findings: [
        { line: 2, column: 58, endColumn: 73 },
        { line: 5, column: 1, endColumn: 16 },
      ],
    },
    {
      name: 'no append after an unclosed quote, which would swallow the cleanup',
      text: `FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl 'unclosed
`,
      findings: [{ line: 2, column: 23, endColumn: 38, message: '/var/lib/apt/lists' }],
    },
    {
      name: 'yum, dnf and microdnf without clean all',
      text: `FROM rockylinux:9
RUN dnf install -y python3
RUN yum -y install httpd mod_ssl && yum update -y
`,
      findings: [
        { line: 2, column: 5, endColumn: 16, message: 'dnf clean all' },
        { line: 3, column: 5, endColumn: 19, message: 'yum clean all' },
      ],
      output: `FROM rockylinux:9
RUN dnf install -y python3 && dnf clean all
RUN yum -y install httpd mod_ssl && yum update -y && yum clean all
`,
    },
    {
      name: 'apk add and pip install without their flags, in the stages the image is built on',
      text: `FROM python:3.12-alpine AS base
RUN apk add libffi
FROM base AS build
RUN apk add gcc musl-dev
RUN pip install --prefix=/install -r requirements.txt
FROM base
COPY --from=build /install /usr/local
RUN python3 -m pip install --upgrade pip && pip3 install /wheels/*.whl
`,
      findings: [
        { line: 2, column: 5, endColumn: 12, message: 'apk add --no-cache' },
        { line: 8, column: 5, endColumn: 27, message: 'Add --no-cache-dir' },
        { line: 8, column: 45, endColumn: 57 },
      ],
      output: `FROM python:3.12-alpine AS base
RUN apk add --no-cache libffi
FROM base AS build
RUN apk add gcc musl-dev
RUN pip install --prefix=/install -r requirements.txt
FROM base
COPY --from=build /install /usr/local
RUN python3 -m pip install --no-cache-dir --upgrade pip && pip3 install --no-cache-dir /wheels/*.whl
`,
    },
    {
      // Shaped like a Butler server's file: a target that runs the unit tests beside the runtime image.
      name: 'a target that runs the tests is not an image: its stages are judged only as the others use them',
      text: `FROM python:3.13-slim AS base-image
FROM base-image AS dependencies-image
RUN pip install --no-cache-dir -r requirements.txt
FROM dependencies-image AS test-dependencies-image
RUN apt-get update
RUN apt-get install -y --no-install-recommends postgresql
FROM test-dependencies-image AS unit-test
RUN pip install pytest
FROM dependencies-image AS integration_tests
RUN pip install pytest-asyncio
FROM dependencies-image AS testing
RUN pip install httpx
FROM base-image AS runtime-image
COPY --from=dependencies-image /opt/venv /opt/venv
`,
      // The testing cluster's image is an image: only names that say tests are left out.
      findings: [{ line: 12, column: 5, endColumn: 16, message: 'Add --no-cache-dir' }],
      output: `FROM python:3.13-slim AS base-image
FROM base-image AS dependencies-image
RUN pip install --no-cache-dir -r requirements.txt
FROM dependencies-image AS test-dependencies-image
RUN apt-get update
RUN apt-get install -y --no-install-recommends postgresql
FROM test-dependencies-image AS unit-test
RUN pip install pytest
FROM dependencies-image AS integration_tests
RUN pip install pytest-asyncio
FROM dependencies-image AS testing
RUN pip install --no-cache-dir httpx
FROM base-image AS runtime-image
COPY --from=dependencies-image /opt/venv /opt/venv
`,
    },
    {
      // Shaped like a repository that builds a service, its worker and a web front end from one file (--target).
      name: 'a file of several targets: the stages each is built on, not those only copied or mounted from',
      text: `FROM python:3.13-slim AS base-image
RUN apt-get update && apt-get install -y libexpat1 && rm -rf /var/lib/apt/lists/*
FROM base-image AS build-image
RUN pip install build
FROM node:22 AS web-builder
RUN --mount=from=1,source=/usr,target=/mnt pip install sphinx
FROM base-image AS service
COPY --from=build-image /opt/venv /opt/venv
RUN pip install uvicorn
FROM service AS worker
USER 1000
FROM gcr.io/distroless/cc-debian13 AS web
COPY --from=web-builder /site /site
`,
      findings: [
        { line: 2, column: 23, endColumn: 38, message: '--no-install-recommends' },
        { line: 9, column: 5, endColumn: 16, message: 'Add --no-cache-dir' },
      ],
      output: `FROM python:3.13-slim AS base-image
RUN apt-get update && apt-get install --no-install-recommends -y libexpat1 && rm -rf /var/lib/apt/lists/*
FROM base-image AS build-image
RUN pip install build
FROM node:22 AS web-builder
RUN --mount=from=1,source=/usr,target=/mnt pip install sphinx
FROM base-image AS service
COPY --from=build-image /opt/venv /opt/venv
RUN pip install --no-cache-dir uvicorn
FROM service AS worker
USER 1000
FROM gcr.io/distroless/cc-debian13 AS web
COPY --from=web-builder /site /site
`,
    },
    {
      name: 'an ENV that turns the cache back on, and uv',
      text: `FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
ENV PIP_NO_CACHE_DIR=off
RUN pip install requests
RUN uv pip install --system httpx
`,
      findings: [
        { line: 4, column: 5, endColumn: 16 },
        { line: 5, column: 5, endColumn: 19, message: 'Add --no-cache' },
      ],
      output: `FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
ENV PIP_NO_CACHE_DIR=off
RUN pip install --no-cache-dir requests
RUN uv pip install --no-cache --system httpx
`,
    },
    {
      name: 'exec form: reported without a fix',
      text: 'FROM python:3.12-slim\nRUN ["pip", "install", "requests"]\n',
      findings: [{ line: 2, column: 7, endColumn: 21 }],
    },
  ],
});
