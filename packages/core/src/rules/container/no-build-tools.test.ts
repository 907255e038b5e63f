import { testRule } from '../testing/rule-tester.ts';
import { containerNoBuildTools } from './no-build-tools.ts';

testRule(containerNoBuildTools, {
  valid: [
    {
      name: 'a multi-stage build: the builder has the compilers, the final stage does not',
      text: `FROM python:3.12-slim AS build
RUN apt-get update \\
    && apt-get install -y --no-install-recommends build-essential gfortran cmake \\
    && rm -rf /var/lib/apt/lists/*
RUN pip wheel --no-cache-dir --wheel-dir /wheels numpy scipy

FROM golang:1.25 AS tools
RUN go build -o /out/tool ./cmd/tool

FROM python:3.12-slim
COPY --from=build /wheels /wheels
COPY --from=tools /out/tool /usr/local/bin/tool
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER 1000
`,
    },
    {
      name: 'build dependencies removed in the same RUN (apk virtual package, apt purge, the official images idiom)',
      text: `FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \\
    && pip install --no-cache-dir cffi \\
    && apk del .build-deps
RUN apt-get install -y --no-install-recommends make && make install && apt-get purge -y --auto-remove make
RUN set -eux; \\
    savedAptMark="$(apt-mark showmanual)"; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends gcc libc6-dev; \\
    pip install --no-cache-dir uwsgi; \\
    apt-mark auto '.*' > /dev/null; \\
    apt-mark manual $savedAptMark; \\
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
    rm -rf /var/lib/apt/lists/*
`,
    },
    {
      name: 'runtime libraries, headers and tools that are not compilers',
      text: `FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 git pkg-config makedepend && rm -rf /var/lib/apt/lists/*
`,
    },
    {
      name: 'package names in a variable cannot be judged',
      text: 'FROM debian:12-slim\nARG PACKAGES="gcc make"\nRUN apt-get install -y $PACKAGES\n',
    },
  ],
  invalid: [
    {
      name: 'the final stage installs compilers: one finding per package word',
      text: `FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends \\
      build-essential \\
      gcc-12=12.3.0-1ubuntu1~22.04 \\
      python3 \\
    && rm -rf /var/lib/apt/lists/*
`,
      findings: [
        {
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 22,
          severity: 'warning',
          message: /"build-essential".*multi-stage build/,
        },
        {
          line: 4,
          column: 7,
          endColumn: 35,
          message: '"gcc-12=12.3.0-1ubuntu1~22.04" (GCC C compiler) is installed in the final stage',
        },
      ],
    },
    {
      name: 'a heredoc, the Development Tools group and pip',
      text: `FROM rockylinux:9
RUN <<EOF
dnf groupinstall -y "Development Tools"
dnf install -y cmake3 && dnf clean all
pip3 install --no-cache-dir ninja
EOF
`,
      findings: [
        { line: 3, column: 21, endColumn: 40, message: 'the "Development Tools" group' },
        { line: 4, column: 16, endColumn: 22, message: 'CMake' },
        { line: 5, column: 29, endColumn: 34, message: 'Ninja' },
      ],
    },
    {
      name: 'a stage the final stage is built on counts, referenced by name',
      text: `FROM golang:1.25-alpine AS base
RUN apk add --no-cache make git
FROM base AS final
COPY . /src
RUN make -C /src
`,
      findings: [{ line: 2, column: 24, endColumn: 28, message: 'stage "base", which the final stage is built on' }],
    },
    {
      name: 'removed in another stage does not count; sudo is looked through',
      text: `FROM debian:12-slim AS build
RUN apt-get purge -y clang
FROM debian:12-slim
RUN sudo apt-get install -y --no-install-recommends clang-17 && rm -rf /var/lib/apt/lists/*
`,
      findings: [{ line: 4, column: 53, endColumn: 61, message: 'Clang' }],
    },
  ],
});
