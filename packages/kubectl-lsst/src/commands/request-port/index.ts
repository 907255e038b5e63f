// `kubectl lsst request-port SERVICE --port N --reason TEXT`: ask the sysadmins to expose a port
// publicly. Against the cluster it records the request and annotates the Service; with -f it
// needs no cluster, writes the request for a ticket and annotates the manifest in place.
import { userInfo } from 'node:os';
import { extname, resolve } from 'node:path';
import {
  annotateServiceInManifest,
  BoundedReadError,
  type ExposureType,
  exposureTypes,
  newPortRequest,
  type PortProtocol,
  type PortRequestInput,
  portProtocols,
  portRequestAnnotation,
  readBoundedTextFile,
  renderPortRequest,
  servicesInManifest,
  submitPortRequest,
} from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { clusterConnectionFlagSpecs } from '../../lib/cluster-flags.ts';
import { clusterErrorToCli, reportingErrors, runClusterCommand } from '../../lib/cluster-session.ts';
import { CliError } from '../../lib/errors.ts';
import { type CliIo, currentIo } from '../../lib/io.ts';
import { openContextSession } from '../../lib/kube-context.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { assertOutputPath } from '../../lib/output.ts';
import { whatHappensNext } from '../../lib/port-request-output.ts';

interface RequestPortFlags {
  port: number;
  protocol: string;
  type?: string;
  host?: string;
  reason?: string;
  namespace?: string;
  filename?: string;
  output?: string;
  format?: string;
  context?: string;
  kubeconfig?: string;
  config?: string;
  'request-timeout'?: string;
}

export default class RequestPort extends Command {
  static override summary = 'Ask the Kubernetes sysadmins to expose a Service port to the public internet.';
  static override description =
    `Against the cluster: reads the Service, records a port request (a ConfigMap in the namespace of portRequests.namespace in .lsst.yaml, status pending, with who asked and when), annotates the Service with ${portRequestAnnotation}: <id> and prints the id. Asking again for the same port shows the existing request.

With -f MANIFEST no cluster is needed: the request is written to standard output (or -o FILE, YAML or JSON) for a ticket, and the Service in the manifest is annotated in place, keeping comments and formatting.

Exit codes: 0 done; 2 usage error or no such Service; 3 cluster unreachable, or you are not allowed (nothing is changed then). See docs/port-requests.md.`;

  static override examples = [
    '<%= config.bin %> request-port web --port 443 --reason "public HTTPS for the portal" -n portal',
    '<%= config.bin %> request-port web --port 443 --type Ingress --host portal.example.org --reason "..." -f k8s/web.yaml -o request.yaml',
  ];

  static override args = {
    service: Args.string({
      description: 'The Service to expose (optional with -f when the manifest has one Service).',
    }),
  };

  static override flags = {
    port: Flags.integer({
      summary: 'The Service port to expose (1-65535).',
      required: true,
      helpValue: 'N',
      min: 1,
      max: 65535,
    }),
    protocol: Flags.string({ summary: 'The port protocol.', options: [...portProtocols], default: 'TCP' }),
    type: Flags.string({
      summary:
        "How it is to be exposed (default: the Service's type when NodePort or LoadBalancer, else LoadBalancer).",
      options: [...exposureTypes],
    }),
    host: Flags.string({ summary: 'The public host name wanted (for Ingress).', helpValue: 'NAME' }),
    reason: Flags.string({ summary: 'Why the port must be public: the sysadmins decide on it.', helpValue: 'TEXT' }),
    namespace: Flags.string({
      char: 'n',
      summary: "The Service's namespace (default: the context's, or the manifest's).",
      helpValue: 'NS',
    }),
    filename: Flags.string({
      char: 'f',
      summary: 'Work on this manifest instead of the cluster.',
      helpValue: 'MANIFEST',
    }),
    output: Flags.string({
      char: 'o',
      summary: 'With -f: write the request to this file instead of standard output.',
      helpValue: 'FILE',
    }),
    format: Flags.string({
      summary: 'With -f: format of the request document (default: from -o, else yaml).',
      options: ['yaml', 'json'],
    }),
    config: Flags.string({ char: 'c', summary: 'The .lsst.yaml to use.', helpValue: 'FILE' }),
    ...toOclifFlags(clusterConnectionFlagSpecs),
  };

  async run(): Promise<number> {
    const { args, flags } = await this.parse(RequestPort);
    const io = currentIo();
    return reportingErrors(io, () => this.request(io, args.service, flags as unknown as RequestPortFlags));
  }

  private async request(io: CliIo, serviceArg: string | undefined, values: RequestPortFlags): Promise<number> {
    if (values.reason === undefined || values.reason.trim() === '')
      throw new CliError('--reason is required: say why the port must be public, the sysadmins decide on it.');
    if (values.filename !== undefined) return requestFromManifest(io, serviceArg, values);
    if (values.output !== undefined || values.format !== undefined)
      throw new CliError('-o and --format go with -f MANIFEST; against the cluster the request is recorded there.');
    if (serviceArg === undefined)
      throw new CliError('name the Service: kubectl lsst request-port SERVICE --port N --reason TEXT.');
    const service = serviceArg;
    return runClusterCommand(io, values, async (session) => {
      const input: PortRequestInput = {
        namespace: values.namespace ?? session.connection.context.namespace,
        service,
        port: values.port,
        protocol: values.protocol as PortProtocol,
        reason: values.reason ?? '',
      };
      if (values.type) input.type = values.type as ExposureType;
      if (values.host) input.host = values.host;
      const result = await submitPortRequest(session.connection, session.config.portRequests.namespace, input);
      const { request } = result;
      if (result.created) {
        session.out(
          `Port request ${request.id} recorded (pending): expose Service ${request.namespace}/${request.service} port ${request.port}/${request.protocol} as ${request.type}.\n`,
        );
      } else {
        session.out(
          `A request for this port already exists: ${request.id} (${request.status}, asked by ${request.requestedBy ?? 'unknown'} on ${request.requestedAt}). Nothing new was recorded.\n`,
        );
      }
      if (result.annotated)
        session.out(
          `Annotated Service ${request.namespace}/${request.service} with ${portRequestAnnotation}: ${request.id}.\n`,
        );
      session.out(`${whatHappensNext(request)}\n`);
      return 0;
    });
  }
}

/** The check's default file limit (limits.maxFileSize): a Service's manifest is far smaller. */
const maxManifestBytes = 10 * 1024 * 1024;

async function requestFromManifest(
  io: CliIo,
  serviceArg: string | undefined,
  flags: RequestPortFlags,
): Promise<number> {
  const file = resolve(io.cwd, flags.filename ?? '');
  if (flags.output !== undefined) assertOutputPath(flags.output, io.cwd);
  const { describeMode, isSameFile, readOnlyModeOf } = await import('../../lib/write-file.ts');
  if (flags.output !== undefined && isSameFile(resolve(io.cwd, flags.output), file))
    throw new CliError(
      `-o ${flags.output} is the manifest given with -f: the request would replace it. Nothing was changed; write the request to another file, or leave out -o to print it.`,
    );
  let text: string;
  try {
    text = readBoundedTextFile(file, maxManifestBytes);
  } catch (error) {
    if (error instanceof BoundedReadError) {
      throw new CliError(
        `cannot read ${flags.filename}: ${error.reason}. Name the manifest file of the Service with -f.`,
      );
    }
    throw new CliError(
      `cannot read ${flags.filename} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path given with -f.`,
    );
  }
  const services = servicesInManifest(text);
  let serviceName = serviceArg;
  if (serviceName === undefined) {
    if (services.length !== 1)
      throw new CliError(
        `${flags.filename} has ${services.length} Services${services.length > 0 ? ` (${services.map((s) => s.name).join(', ')})` : ''}: name the one to expose.`,
      );
    serviceName = services[0]?.name as string;
  }
  const service = services.find((candidate) => candidate.name === serviceName);
  if (!service)
    throw new CliError(
      `${flags.filename} has no Service named "${serviceName}"${services.length > 0 ? ` (it has: ${services.map((s) => s.name).join(', ')})` : ''}.`,
    );
  const protocol = flags.protocol as PortProtocol;
  if (service.ports.length > 0 && !service.ports.some((p) => p.port === flags.port && p.protocol === protocol)) {
    const known = service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
    throw new CliError(
      `the Service "${serviceName}" in ${flags.filename} has no port ${flags.port}/${protocol} (its ports: ${known}).`,
    );
  }
  // Namespace: the flag, the manifest, the configuration's default, as kubectl apply would place it.
  let namespace = flags.namespace ?? service.namespace;
  if (namespace === undefined) {
    const session = await openContextSession(io, { kubeconfig: undefined, config: flags.config }).catch(
      () => undefined,
    );
    namespace = session?.config.namespaces.default ?? 'default';
  }
  const input: PortRequestInput = {
    namespace,
    service: serviceName,
    port: flags.port,
    protocol,
    type: (flags.type ?? (service.type === 'NodePort' ? 'NodePort' : 'LoadBalancer')) as ExposureType,
    reason: flags.reason ?? '',
  };
  if (flags.host) input.host = flags.host;
  let request: ReturnType<typeof newPortRequest>;
  let annotated: string;
  try {
    request = newPortRequest(input, localUser(io), new Date(), 'manifest');
    annotated = annotateServiceInManifest(text, serviceName, request.id);
  } catch (error) {
    throw clusterErrorToCli(error);
  }
  const format = (flags.format ??
    (flags.output && extname(flags.output).toLowerCase() === '.json' ? 'json' : 'yaml')) as 'yaml' | 'json';
  const document = renderPortRequest(request, format);
  const readOnly = annotated !== text ? await readOnlyModeOf(file) : undefined;
  if (readOnly !== undefined)
    throw new CliError(
      `cannot annotate the Service in ${flags.filename}: the file is read-only (${describeMode(readOnly)}). Nothing was changed; make it writable (chmod u+w) and run again.`,
    );
  if (flags.output !== undefined) await writeAtomically(resolve(io.cwd, flags.output), document);
  else io.stdout.write(document);
  if (annotated !== text) await writeAtomically(file, annotated, text);
  const notice = (line: string) => io.stderr.write(`${line}\n`);
  notice(
    annotated !== text
      ? `Annotated Service ${serviceName} in ${flags.filename} with ${portRequestAnnotation}: ${request.id}.`
      : `Service ${serviceName} in ${flags.filename} already carries ${portRequestAnnotation}: ${request.id}; the file was not changed.`,
  );
  notice(
    `Send the request${flags.output !== undefined ? ` in ${flags.output}` : ' above'} to the Kubernetes sysadmins (a ticket); once they record and approve ${request.id}, the exposure passes the check on the cluster.`,
  );
  return 0;
}

function localUser(io: CliIo): string | undefined {
  try {
    return io.env.USER ?? userInfo().username;
  } catch {
    return undefined;
  }
}

async function writeAtomically(path: string, text: string, expectedText?: string): Promise<void> {
  // Temp file in the same folder, fsync, rename: readers see the old file or the new one.
  const { writeFileAtomically } = await import('../../lib/write-file.ts');
  await writeFileAtomically(path, text, path, expectedText);
}
