import { testRule } from '../testing/rule-tester.ts';
import { imageVerifiedDownloads } from './verified-downloads.ts';

testRule(imageVerifiedDownloads, {
  valid: [
    {
      name: 'download, verify, then run',
      text: `FROM debian:12-slim
ARG UV_VERSION=0.5.11
ARG UV_SHA256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
RUN curl -fsSLo /tmp/uv.tar.gz "https://github.com/astral-sh/uv/releases/download/\${UV_VERSION}/uv-x86_64-unknown-linux-gnu.tar.gz" \\
    && echo "\${UV_SHA256}  /tmp/uv.tar.gz" | sha256sum -c - \\
    && tar -xzf /tmp/uv.tar.gz -C /usr/local/bin --strip-components=1 \\
    && rm /tmp/uv.tar.gz
`,
    },
    {
      name: 'piped into tools that are not shells',
      text: `FROM debian:12-slim
RUN curl -fsSL https://packages.example.org/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
`,
    },
    {
      name: 'a download checked with sha256sum -c before it is extracted, and one checked by signature',
      text: `FROM debian:12-slim
ARG HELM_SHA256=0123456789abcdef
RUN curl -fsSLo /tmp/helm.tar.gz https://get.helm.sh/helm-v3.17.3-linux-amd64.tar.gz \\
 && echo "\${HELM_SHA256}  /tmp/helm.tar.gz" | sha256sum -c - \\
 && tar -xzf /tmp/helm.tar.gz -C /usr/local/bin --strip-components=1 linux-amd64/helm
RUN wget https://example.org/tool_1.0_amd64.deb https://example.org/tool_1.0_amd64.deb.asc \\
 && gpg --verify tool_1.0_amd64.deb.asc tool_1.0_amd64.deb && dpkg -i tool_1.0_amd64.deb
`,
    },
    {
      name: 'a downloaded file that is only copied or listed',
      text: `FROM debian:12-slim
RUN curl -fsSL -o /etc/ssl/certs/ca.pem https://pki.example.org/ca.pem && ls -l /etc/ssl/certs/ca.pem
`,
    },
    {
      name: "kubectl's own instructions: downloaded with its checksum file, checked, then installed",
      text: `FROM debian:12-slim
RUN curl -LO "https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl" \\
 && curl -LO "https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl.sha256" \\
 && echo "$(cat kubectl.sha256)  kubectl" | sha256sum --check \\
 && chmod +x kubectl && mv kubectl /usr/local/bin/
`,
    },
    {
      name: 'a downloaded file made readable, or copied outside the PATH',
      text: `FROM debian:12-slim
RUN curl -fsSLO https://pki.example.org/ca.pem && chmod 644 ca.pem && cp ca.pem /usr/local/share/ca-certificates/
`,
    },
    {
      name: 'ADD with a checksum',
      text: 'FROM alpine:3.22\nADD --checksum=sha256:0123456789abcdef https://example.org/tool.tar.gz /opt/\n',
    },
    { name: 'ADD of local files', text: 'FROM alpine:3.22\nADD app.tar.gz /opt/app/\nADD ["conf", "/etc/app/"]\n' },
    {
      name: 'a heredoc that only mentions a URL',
      text: 'FROM alpine:3.22\nCOPY <<EOF /etc/app.conf\nurl = https://example.org/\nEOF\nADD <<EOF /etc/motd\nsee https://example.org/\nEOF\n',
    },
    {
      name: 'a download in one RUN, checked in the next, installed in a third',
      text: `FROM ubuntu:24.04
RUN curl -fsSL -o /tmp/agent.deb https://example.org/agent_3.1_amd64.deb
RUN echo "0123456789abcdef  /tmp/agent.deb" | sha256sum -c -
RUN apt-get install -y /tmp/agent.deb
`,
    },
    {
      name: 'a download whose same-named file is used only by another stage, which downloads its own',
      text: `FROM ubuntu:24.04 AS fetch
RUN curl -fsSL -o /tmp/agent.deb https://example.org/agent_3.1_amd64.deb
FROM ubuntu:24.04
COPY --from=fetch /tmp/agent.deb /tmp/
RUN ls -l /tmp/agent.deb
`,
    },
    {
      name: 'a shell that reads a file, and curl after a pipe',
      text: 'FROM alpine:3.22\nRUN sh ./install.sh | tee /tmp/log && echo done | curl -d @- https://example.org/\n',
    },
  ],
  invalid: [
    {
      name: 'a tarball piped from wget into tar',
      text: `FROM debian:12-slim
RUN wget -qO- https://example.org/data.tar.gz | tar -xz -C /opt
`,
      findings: [
        {
          line: 2,
          column: 5,
          endColumn: 64,
          severity: 'warning',
          message:
            '"data.tar.gz" is downloaded with wget and then extracted by tar with no checksum or signature check in between',
        },
      ],
    },
    {
      name: 'a .deb fetched with curl and installed, a binary fetched with wget and run',
      text: `FROM ubuntu:24.04
RUN curl -fsSLO https://github.com/example/tool/releases/download/v1.2/tool_1.2_amd64.deb \\
 && dpkg -i tool_1.2_amd64.deb && rm tool_1.2_amd64.deb
RUN wget -q -O /usr/local/bin/installer https://example.org/installer \\
 && chmod +x /usr/local/bin/installer && /usr/local/bin/installer --prefix /opt
`,
      findings: [
        {
          line: 2,
          column: 5,
          endLine: 3,
          endColumn: 31,
          message: '"tool_1.2_amd64.deb" is downloaded with curl and then installed by dpkg',
        },
        {
          line: 4,
          column: 5,
          endLine: 5,
          endColumn: 80,
          message: '"installer" is downloaded with wget and then run by the shell',
        },
      ],
    },
    {
      name: 'a binary made executable and put on the PATH by hand, its version looked up at build time',
      text: `FROM debian:12-slim
RUN curl -LO "https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl" && \\
    chmod +x kubectl && \\
    mv kubectl /usr/local/bin/
RUN wget -q https://github.com/example/tool/releases/download/v2.0/tool-linux-amd64 \\
 && mv tool-linux-amd64 /usr/local/bin/tool
RUN curl -fsSL -o /tmp/yq https://github.com/mikefarah/yq/releases/download/v4.44.1/yq_linux_amd64 \\
 && chmod 0755 /tmp/yq
`,
      findings: [
        {
          line: 2,
          column: 5,
          endLine: 3,
          endColumn: 21,
          message: '"kubectl" is downloaded with curl and then made executable by chmod',
        },
        {
          line: 5,
          column: 5,
          endLine: 6,
          endColumn: 44,
          message: '"tool-linux-amd64" is downloaded with wget and then put on the PATH by mv',
        },
        {
          line: 7,
          column: 5,
          endLine: 8,
          endColumn: 23,
          message: '"yq" is downloaded with curl and then made executable by chmod',
        },
      ],
    },
    {
      name: 'a package downloaded by one RUN and installed by a later RUN of the stage (a JMX exporter image)',
      text: `FROM ubuntu:24.04
RUN apt-get update -y && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl
RUN curl --location --output /tmp/exporter.deb https://repo.example.org/exporter/2.1/exporter-2.1.deb
RUN echo "exporter exporter/heap string 512" | debconf-set-selections
RUN apt-get install -y /tmp/exporter.deb
`,
      findings: [
        {
          line: 3,
          column: 5,
          endColumn: 102,
          message:
            '"exporter.deb" is downloaded with curl and then installed by apt-get on line 5 with no checksum or signature check in between',
        },
      ],
    },
    {
      name: 'curl piped into sh',
      text: 'FROM debian:12-slim\nRUN curl -fsSL https://get.example.org | sh\n',
      findings: [
        { line: 2, column: 5, endLine: 2, endColumn: 44, severity: 'warning', message: 'curl/wget is run by a shell' },
      ],
    },
    {
      name: 'wget piped into sudo bash over continuation lines, in a builder stage',
      text: `FROM debian:12-slim AS build
RUN apt-get update \\
    && wget -qO- https://deb.nodesource.com/setup_22.x \\
       | sudo -E bash - \\
    && apt-get install -y nodejs
FROM gcr.io/distroless/nodejs22-debian12:nonroot
`,
      findings: [{ line: 3, column: 8, endLine: 4, endColumn: 24 }],
    },
    {
      name: 'in a heredoc',
      text: `FROM debian:12-slim
RUN <<EOF
set -eux
curl -sSL https://install.python-poetry.org | POETRY_HOME=/opt/poetry bash -s -- --version 1.8.3
EOF
`,
      findings: [{ line: 4, column: 1, endLine: 4, endColumn: 97 }],
    },
    {
      name: 'process and command substitution',
      text: `FROM debian:12-slim
RUN bash <(curl -fsSL https://example.org/install.sh)
RUN sh -c "$(wget -qO- https://example.org/install.sh)" -- --unattended
`,
      findings: [
        { line: 2, column: 5, endColumn: 54 },
        { line: 3, column: 5, endColumn: 72 },
      ],
    },
    {
      name: 'ADD of URLs without a checksum, flags and exec form',
      text: `FROM alpine:3.22
ADD https://example.org/tool.tar.gz /opt/
ADD --chown=1000:1000 --chmod=755 http://example.org/run.sh local.sh /usr/local/bin/
ADD ["https://example.org/data.json", "/data/"]
`,
      findings: [
        {
          line: 2,
          column: 5,
          endColumn: 36,
          message: 'ADD downloads "https://example.org/tool.tar.gz" without --checksum',
        },
        { line: 3, column: 35, endColumn: 60 },
        { line: 4, column: 7, endColumn: 36 },
      ],
    },
  ],
});
