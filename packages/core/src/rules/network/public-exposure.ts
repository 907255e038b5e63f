import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { celString, celStringList, podSpecPaths } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import type { NetworkConfig } from '../../config/model.ts';
import { apiGroupOf } from '../../data/cluster-scoped-kinds.ts';
import { isRenderedOutputName } from '../../documents/helm-source-map.ts';
import { type ContainerRef, podSpecOf } from '../../documents/workloads.ts';
import {
  getMap,
  getNode,
  getPair,
  getSeq,
  type KubeObject,
  nodeRange,
  pairRange,
  stringAt,
} from '../../documents/yaml.ts';
import {
  type PortRequestIdParts,
  type PortRequestStatus,
  parsePortRequestId,
  portRequestAnnotationKey,
} from '../../port-request-id.ts';
import type { OffsetRange } from '../../types.ts';
import { knownNamespace } from '../namespace/namespaces.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';

export { portRequestAnnotationKey };

export const publicExposure = defineRule({
  name: 'network/public-exposure',
  guideline: '1.2.3',
  description:
    'Anything that opens a port outside the cluster (NodePort, LoadBalancer, externalIPs, an Ingress not served by the shared ingress controller, Gateway, Route, hostPort, hostNetwork) carries an approved port request.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest,
  admission: admissionForm(),
});

interface Exposure {
  range: OffsetRange;
  /** What opens the port, as a sentence subject: `Service "web" of type NodePort`. */
  what: string;
  /** For the request command. */
  service: string;
  port?: number;
  /** The port's protocol, when it is not TCP (for the request command). */
  protocol?: string;
  type?: 'NodePort' | 'LoadBalancer' | 'Ingress';
  host?: string;
  container?: string;
  /** The host port a container opens: a port of its own, which needs a request of its own. */
  hostPort?: number;
  /** Why an Ingress counts: its class is not one of the shared ingress controller's. */
  ingressClass?: string;
}

function checkManifest(context: ManifestRuleContext): void {
  const exposures = findExposures(context.object, context.containers, context.config.network);
  if (exposures.length === 0) return;
  const annotation = portRequestOf(context.object);
  const ids = (annotation?.value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  // Whatever the cluster says, an id that is not a request for this object covers nothing.
  const namespace = knownNamespace(context);
  const mismatches = ids
    .map((id) => mismatchOf(id, context.object, namespace))
    .filter((problem): problem is string => problem !== undefined);
  const problem =
    ids.length === 0
      ? `it has no ${portRequestAnnotationKey} annotation naming an approved port request`
      : mismatches.length > 0
        ? mismatches.join('; ')
        : context.portRequests
          ? requestProblem(ids, context.portRequests)
          : undefined;
  if (problem) {
    // With no id yet, a Service of several ports needs one request for each: say so before the first is made.
    const ports = ids.length === 0 ? serviceExposedPorts(context.object) : undefined;
    const eachPort =
      ports && ports.length > 1
        ? ` Each of its ports (${ports.map((port) => `${port.port}/${port.protocol}`).join(', ')}) needs a request of its own: run it once per port.`
        : '';
    for (const exposure of exposures) {
      context.report({
        range: exposure.range,
        message: `${exposure.what} opens a port outside the cluster, and ${problem}. Ports exposed to the public internet are requested through the Kubernetes sysadmins (guideline 1.2.3): ${remedy(context, exposure, mismatches.length > 0 ? undefined : annotation?.value)}${eachPort}${exposure.ingressClass ?? ''}`,
        ...(exposure.container ? { container: exposure.container } : {}),
      });
    }
    return;
  }
  // Every port the object opens needs a request of its own: one approved port does not open the others.
  const uncovered = uncoveredPorts(context.object, exposures, ids);
  if (uncovered.length > 0 && annotation) {
    const named = ids.map((id) => `"${id}"`).join(', ');
    for (const { exposure, range } of uncovered) {
      const port = `${exposure.port}/${exposure.protocol ?? 'TCP'}`;
      context.report({
        range,
        message: `${exposure.what} opens port ${port} outside the cluster, and its ${portRequestAnnotationKey} annotation (${named}) names no request for that port. Each port exposed to the public internet is requested on its own through the Kubernetes sysadmins (guideline 1.2.3): ${remedy(context, exposure, undefined, true)}`,
        ...(exposure.container ? { container: exposure.container } : {}),
      });
    }
    return;
  }
  if (context.portRequests || !annotation) return;
  // Offline, the annotation shows which request is meant, never whether it was approved.
  const named =
    ids.length === 1 ? `the port request "${ids[0]}"` : `the port requests ${ids.map((id) => `"${id}"`).join(', ')}`;
  const unseenNamespace =
    namespace !== undefined
      ? ''
      : context.object.namespace
        ? ` The object is in the namespace the chart is installed into, which is not known here, so the namespace in the id was not compared.`
        : ` The object names no namespace, so the namespace in the id was not compared.`;
  context.report({
    range: annotation.range,
    severity: 'info',
    note: true,
    message: `${describeObject(context.object)} names ${named}, which matches it; whether the sysadmins approved it is not known without the cluster.${unseenNamespace} See its status with \`kubectl lsst request-port status ${ids[0]}\`, or check against the cluster with \`kubectl lsst check --cluster\`, which accepts only an approved request.`,
  });
}

interface Annotation {
  value: string;
  range: OffsetRange;
}

function portRequestOf(object: KubeObject): Annotation | undefined {
  // Pods made from a template carry the template's annotations, which is what a live cluster shows;
  // so does the Ingress an ingress-like resource makes.
  const template = podSpecOf(object)?.metadata ?? getMap(object.map, 'template', 'metadata');
  for (const node of [
    getNode(object.map, 'metadata', 'annotations', portRequestAnnotationKey),
    template ? getNode(template, 'annotations', portRequestAnnotationKey) : undefined,
  ]) {
    if (!isScalar(node)) continue;
    const value = String(node.value ?? '').trim();
    if (value !== '') return { value, range: nodeRange(node) };
  }
  return undefined;
}

function describeObject(object: KubeObject): string {
  return `${object.kind ?? 'The object'} "${object.name ?? ''}"`;
}

/**
 * Why a request id cannot be a request for this object, from what the manifest shows: its
 * namespace, and for a Service its name and ports (for an Ingress, the Services it routes to).
 * Undefined when it can be.
 */
function mismatchOf(id: string, object: KubeObject, namespace: string | undefined): string | undefined {
  const parts = parsePortRequestId(id);
  if (!parts) {
    return `its ${portRequestAnnotationKey} annotation names "${id}", which is not a port request id (<namespace>.<service>.<port>-<protocol>, as request-port makes them)`;
  }
  const not = `its ${portRequestAnnotationKey} annotation names "${id}", a request for`;
  const requested = `${parts.namespace}/${parts.service} port ${parts.port}/${parts.protocol}`;
  if (namespace && namespace !== parts.namespace) {
    return `${not} ${requested}, in another namespace than this object's (${namespace})`;
  }
  if (object.kind === 'Service' && apiGroupOf(object.apiVersion ?? '') === '') {
    if (object.name && object.name !== parts.service)
      return `${not} ${requested}, another Service than "${object.name}"`;
    const ports = servicePorts(object);
    if (ports && !ports.some((port) => samePort(port, parts))) {
      return `${not} ${requested}, not a port of this Service (${ports.map((port) => `${port.port}/${port.protocol}`).join(', ')})`;
    }
    return undefined;
  }
  if (object.kind === 'Ingress' && apiGroupOf(object.apiVersion ?? '') !== 'config.openshift.io') {
    const backends = ingressBackendsOf(getMap(object.map, 'spec'));
    if (backends.length > 0 && !backends.includes(parts.service)) {
      return `${not} ${requested}, a Service this Ingress does not route to (${backends.join(', ')})`;
    }
  }
  return undefined;
}

/**
 * The ports the object opens that no id names (same port and protocol), each with where it is written:
 * every port of an exposed Service (when all are plain numbers), every hostPort. The ids are known to
 * be requests for this object (mismatchOf found nothing). hostNetwork, Ingresses, Gateways and Routes
 * name no port of their own, so any matching request covers them.
 */
function uncoveredPorts(
  object: KubeObject,
  exposures: readonly Exposure[],
  ids: readonly string[],
): { exposure: Exposure; range: OffsetRange }[] {
  const requested = ids.map(parsePortRequestId).filter((parts): parts is PortRequestIdParts => parts !== undefined);
  const covered = (port: number, protocol: string) => requested.some((parts) => samePort({ port, protocol }, parts));
  const found: { exposure: Exposure; range: OffsetRange }[] = [];
  if (object.kind === 'Service' && apiGroupOf(object.apiVersion ?? '') === '') {
    const first = exposures[0];
    if (!first || !servicePorts(object)) return found;
    for (const item of getSeq(object.map, 'spec', 'ports')?.items ?? []) {
      const port = numberAt(item, 'port') as number;
      const protocol = stringAt(item, 'protocol') ?? 'TCP';
      const node = getNode(item, 'port');
      if (covered(port, protocol) || !node) continue;
      found.push({
        exposure: { ...first, port, ...(protocol === 'TCP' ? {} : { protocol }) },
        range: nodeRange(node as Node),
      });
    }
    return found;
  }
  for (const exposure of exposures) {
    if (exposure.hostPort === undefined || covered(exposure.hostPort, exposure.protocol ?? 'TCP')) continue;
    found.push({ exposure, range: exposure.range });
  }
  return found;
}

/** The ports of a core Service as written, when every one is a plain number; undefined for other objects. */
function serviceExposedPorts(object: KubeObject): { port: number; protocol: string }[] | undefined {
  return object.kind === 'Service' && apiGroupOf(object.apiVersion ?? '') === '' ? servicePorts(object) : undefined;
}

function samePort(port: { port: number; protocol: string }, parts: PortRequestIdParts): boolean {
  return port.port === parts.port && port.protocol === parts.protocol;
}

/** The Service's ports as written; undefined when one is not a plain number (a template, say). */
function servicePorts(object: KubeObject): { port: number; protocol: string }[] | undefined {
  const items = getSeq(object.map, 'spec', 'ports')?.items;
  if (!items || items.length === 0) return undefined;
  const ports: { port: number; protocol: string }[] = [];
  for (const item of items) {
    const port = numberAt(item, 'port');
    const protocol = stringAt(item, 'protocol') ?? 'TCP';
    if (port === undefined) return undefined;
    ports.push({ port, protocol });
  }
  return ports;
}

/** Why the exposure is not covered by the cluster's requests, or undefined when it is. */
function requestProblem(ids: readonly string[], requests: ReadonlyMap<string, PortRequestStatus>): string | undefined {
  const problems = ids.map((id) => {
    const request = requests.get(id);
    if (!request) return `its port request "${id}" does not exist in the cluster`;
    if (request.status === 'approved') return undefined;
    if (request.status === 'pending')
      return `its port request "${id}" is still pending: the sysadmins have not approved it yet`;
    return `its port request "${id}" was denied${request.reason ? ` (${request.reason.replace(/\.$/, '')})` : ''}`;
  });
  const unresolved = problems.filter((problem): problem is string => problem !== undefined);
  return unresolved.length === 0 ? undefined : unresolved.join('; ');
}

function remedy(
  context: ManifestRuleContext,
  exposure: Exposure,
  id: string | undefined,
  addingToOthers = false,
): string {
  const object = context.object;
  const namespace = knownNamespace(context);
  // With -f, request-port annotates the Service in the manifest itself.
  // Objects read from a cluster carry a logical name (`cluster:...`), and a chart's rendered output
  // is no file either: the annotation goes into the chart's template or values.
  const isFile =
    context.path !== '' &&
    context.path !== '-' &&
    context.path !== '<stdin>' &&
    !/^[a-z][a-z0-9+.-]+:(?![\\/])/i.test(context.path) &&
    !isRenderedOutputName(context.path);
  const inFile = object.kind === 'Service' && isFile;
  const flags = [
    `--port ${exposure.port ?? 'N'}`,
    exposure.protocol ? `--protocol ${exposure.protocol}` : '',
    exposure.type ? `--type ${exposure.type}` : '',
    exposure.host ? `--host ${exposure.host}` : '',
    '--reason "..."',
    namespace ? `-n ${namespace}` : '',
    inFile ? `-f ${quoteForShell(context.path)}` : '',
  ].filter(Boolean);
  const command = `kubectl lsst request-port ${exposure.service} ${flags.join(' ')}`;
  if (addingToOthers) {
    const adds = inFile
      ? `which writes the request for the sysadmins and adds its id to the ${portRequestAnnotationKey} annotation here`
      : `and add the id it prints to this object's ${portRequestAnnotationKey} annotation, after the others (comma-separated)`;
    return `run \`${command}\`, ${adds}.`;
  }
  const annotate = inFile
    ? `which writes the request for the sysadmins and adds the annotation ${portRequestAnnotationKey}: <id> here`
    : `and add the annotation ${portRequestAnnotationKey}: <id> it prints to this object`;
  if (id === undefined) return `run \`${command}\`, ${annotate}.`;
  return `ask the sysadmins about "${id}" (kubectl lsst request-port status ${id}), or request again with \`${command}\`.`;
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** True for a configured ingress-like kind: `Kind`, or `Kind.group` for that API group only. */
function isIngressLike(kind: string, group: string, ingressKinds: readonly string[]): boolean {
  return ingressKinds.some((entry) => {
    const dot = entry.indexOf('.');
    return dot === -1 ? entry === kind : entry.slice(0, dot) === kind && entry.slice(dot + 1) === group;
  });
}

/**
 * Why an Ingress of this class opens a port of its own (a sentence for the message), or undefined when the shared
 * ingress controller serves it: that controller's ports 80 and 443 were approved with the cluster, and a host or
 * path on them is no new port exposed to the public internet (guideline 1.2.3 asks for requests for ports).
 */
function ingressClassProblem(named: string | undefined, network: NetworkConfig): string | undefined {
  const ingressClass = named ?? network.defaultIngressClass;
  const shared = network.sharedIngressClasses;
  if (ingressClass !== undefined && shared.includes(ingressClass)) return undefined;
  const sharedList = shared.length === 0 ? 'none are configured' : shared.map((name) => `"${name}"`).join(', ');
  const which =
    ingressClass === undefined
      ? 'It names no ingress class and network.defaultIngressClass is not set, so which controller serves it is not known'
      : `Its ingress class "${ingressClass}"${named === undefined ? ' (network.defaultIngressClass)' : ''} is not one of the shared ingress controller's (network.sharedIngressClasses: ${sharedList}), so its controller may listen on ports of its own`;
  return ` ${which}; an Ingress of a shared class goes through the controller's approved ports 80 and 443 and needs no request.`;
}

/** The class an Ingress names: spec.ingressClassName, else the older kubernetes.io/ingress.class annotation. */
function ingressClassOf(spec: YAMLMap | undefined, metadataOwner: YAMLMap | undefined): string | undefined {
  const named = stringAt(spec, 'ingressClassName');
  if (named !== undefined && named !== '') return named;
  const annotation = stringAt(metadataOwner, 'metadata', 'annotations', 'kubernetes.io/ingress.class');
  return annotation !== undefined && annotation !== '' ? annotation : undefined;
}

function findExposures(object: KubeObject, containers: readonly ContainerRef[], network: NetworkConfig): Exposure[] {
  const ingressKinds = network.ingressKinds;
  const kind = object.kind ?? '';
  const group = apiGroupOf(object.apiVersion ?? '');
  const name = object.name ?? kind.toLowerCase();
  const kindValue = getPair(object.map, 'kind')?.value;
  const kindRange = kindValue ? nodeRange(kindValue) : object.headRange;
  if (group !== '' && isIngressLike(kind, group, ingressKinds)) {
    // The Ingress it makes is described by its template (GafaelfawrIngress), else by its own spec.
    const template = getMap(object.map, 'template');
    const spec = getMap(template, 'spec') ?? getMap(object.map, 'spec');
    const ingressClass = ingressClassProblem(ingressClassOf(spec, template ?? object.map), network);
    if (ingressClass === undefined) return [];
    return [
      {
        range: kindRange,
        what: `${kind} "${name}" (which makes an Ingress)`,
        service: ingressBackendOf(spec) ?? name,
        type: 'Ingress',
        port: tlsPort(getSeq(spec, 'tls')),
        ...hostOf(stringAt(spec, 'rules', 0, 'host')),
        ingressClass,
      },
    ];
  }
  if (kind === 'Service' && group === '') return serviceExposures(object, name);
  if (kind === 'Ingress' && group !== 'config.openshift.io') {
    const ingressClass = ingressClassProblem(ingressClassOf(getMap(object.map, 'spec'), object.map), network);
    if (ingressClass === undefined) return [];
    return [
      {
        range: kindRange,
        what: `Ingress "${name}"`,
        service: ingressBackend(object) ?? name,
        type: 'Ingress',
        port: tlsPort(getSeq(object.map, 'spec', 'tls')),
        ...hostOf(stringAt(object.map, 'spec', 'rules', 0, 'host')),
        ingressClass,
      },
    ];
  }
  if ((kind === 'Gateway' || kind === 'HTTPRoute') && group === 'gateway.networking.k8s.io') {
    const port =
      kind === 'Gateway'
        ? numberAt(object.map, 'spec', 'listeners', 0, 'port')
        : numberAt(object.map, 'spec', 'parentRefs', 0, 'port');
    const host =
      kind === 'Gateway'
        ? stringAt(object.map, 'spec', 'listeners', 0, 'hostname')
        : stringAt(object.map, 'spec', 'hostnames', 0);
    const backend =
      kind === 'HTTPRoute' ? stringAt(object.map, 'spec', 'rules', 0, 'backendRefs', 0, 'name') : undefined;
    return [
      {
        range: kindRange,
        what: `Gateway API ${kind} "${name}"`,
        service: backend ?? name,
        type: 'Ingress',
        ...(port ? { port } : {}),
        ...hostOf(host),
      },
    ];
  }
  if (kind === 'Route' && (group === 'route.openshift.io' || object.apiVersion === 'v1')) {
    const tls = getNode(object.map, 'spec', 'tls') !== undefined;
    return [
      {
        range: kindRange,
        what: `OpenShift Route "${name}"`,
        service: stringAt(object.map, 'spec', 'to', 'name') ?? name,
        type: 'Ingress',
        port: tls ? 443 : 80,
        ...hostOf(stringAt(object.map, 'spec', 'host')),
      },
    ];
  }
  return workloadExposures(object, name, containers);
}

function serviceExposures(object: KubeObject, name: string): Exposure[] {
  const found: Exposure[] = [];
  const spec = getMap(object.map, 'spec');
  if (!spec) return found;
  const type = getPair(spec, 'type');
  const typeName = stringAt(spec, 'type');
  const firstPort = getMap(spec, 'ports', 0);
  if (type?.value && (typeName === 'NodePort' || typeName === 'LoadBalancer')) {
    // request-port names the Service's own port; the node port is the sysadmins' to choose.
    const port = numberAt(firstPort, 'port');
    found.push({
      range: nodeRange(type.value),
      what: `Service "${name}" of type ${typeName}`,
      service: name,
      type: typeName,
      ...(port ? { port } : {}),
    });
  }
  const externalIPs = getPair(spec, 'externalIPs');
  const addresses = getSeq(spec, 'externalIPs');
  if (externalIPs && addresses && addresses.items.length > 0) {
    const port = numberAt(firstPort, 'port');
    found.push({
      range: keyRange(externalIPs),
      what: `Service "${name}" with externalIPs`,
      service: name,
      ...(port ? { port } : {}),
    });
  }
  return found;
}

function workloadExposures(object: KubeObject, name: string, containers: readonly ContainerRef[]): Exposure[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  const found: Exposure[] = [];
  const hostNetwork = getPair(pod.spec, 'hostNetwork');
  if (hostNetwork && isScalar(hostNetwork.value) && hostNetwork.value.value === true) {
    found.push({
      range: pairRange(hostNetwork),
      what: `${object.kind} "${name}" with hostNetwork: true (every port it listens on is a port of the node)`,
      service: name,
      type: 'NodePort',
    });
  }
  for (const container of containers) {
    const containerName = container.name;
    for (const port of getSeq(container.map, 'ports')?.items ?? []) {
      const hostPort = isMap(port) ? getPair(port, 'hostPort') : undefined;
      const value = numberAt(port, 'hostPort');
      if (!hostPort || value === undefined || value === 0) continue;
      const protocol = stringAt(port, 'protocol') ?? 'TCP';
      found.push({
        range: pairRange(hostPort),
        what: `Container "${containerName ?? '?'}" of ${object.kind} "${name}" with hostPort ${value}`,
        service: name,
        port: value,
        hostPort: value,
        ...(protocol === 'TCP' ? {} : { protocol }),
        type: 'NodePort',
        ...(containerName ? { container: containerName } : {}),
      });
    }
  }
  return found;
}

function numberAt(node: unknown, ...path: Array<string | number>): number | undefined {
  const found = getNode(node, ...path);
  if (!isScalar(found)) return undefined;
  const value = Number(found.value);
  return Number.isInteger(value) ? value : undefined;
}

function keyRange(pair: { key: unknown }): OffsetRange {
  return nodeRange(pair.key as Node);
}

function tlsPort(tls: { items: unknown[] } | undefined): number {
  return tls && tls.items.length > 0 ? 443 : 80;
}

function hostOf(host: string | undefined): { host?: string } {
  return host && !host.includes('*') ? { host } : {};
}

/** The Service behind an Ingress: the first backend of the v1 or the older shape. */
function ingressBackend(object: KubeObject): string | undefined {
  return ingressBackendOf(getMap(object.map, 'spec'));
}

function ingressBackendOf(spec: YAMLMap | undefined): string | undefined {
  return ingressBackendsOf(spec)[0];
}

/** Every Service an Ingress routes to: the default backend and each path's, in the v1 or the older shape. */
function ingressBackendsOf(spec: YAMLMap | undefined): string[] {
  const backends: Array<YAMLMap | undefined> = [getMap(spec, 'defaultBackend'), getMap(spec, 'backend')];
  for (const rule of getSeq(spec, 'rules')?.items ?? []) {
    for (const path of getSeq(rule, 'http', 'paths')?.items ?? []) backends.push(getMap(path, 'backend'));
  }
  const names = new Set<string>();
  for (const backend of backends) {
    const service = stringAt(backend, 'service', 'name') ?? stringAt(backend, 'serviceName');
    if (service) names.add(service);
  }
  return [...names];
}

// ---- The admission form: the rule as the cluster applies it, with the approved requests as params ----

const annotationKey = celString(portRequestAnnotationKey);

/** CEL: the trimmed request annotation of a metadata map (CEL), or ''. */
function annotationIn(metadata: string, guard: string): string {
  const annotations = `${metadata}.annotations`;
  const value = `${annotations}[${annotationKey}].trim()`;
  return `(${guard} && has(${annotations}) && ${annotationKey} in ${annotations} && ${value} != '' ? ${value} : '')`;
}

/** CEL: the metadata of the pod template (as podSpecOf finds it), else the top-level template's, else {}. */
function templateMetadataExpression(): string {
  const branches = Object.entries(podSpecPaths)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, path]) => {
      const metadataPath = kind === 'Pod' ? ['metadata'] : [...path.slice(0, -1), 'metadata'];
      const steps = (keys: readonly string[]) =>
        keys.map((_, index) => `has(object.${keys.slice(0, index + 1).join('.')})`).join(' && ');
      return `object.kind == ${celString(kind)} && ${steps(path)} && ${steps(metadataPath)} ? object.${metadataPath.join('.')} : `;
    });
  return `${branches.join('')}(has(object.template) && has(object.template.metadata) ? object.template.metadata : {})`;
}

/** CEL: the ingress class as ingressClassOf reads it from a spec and a metadata (CEL), else the configured default. */
function ingressClassExpression(spec: string, metadata: string, network: NetworkConfig): string {
  const key = celString('kubernetes.io/ingress.class');
  const annotations = `${metadata}.annotations`;
  return `(has(${spec}.ingressClassName) && ${spec}.ingressClassName != '' ? ${spec}.ingressClassName : (has(${annotations}) && ${key} in ${annotations} && ${annotations}[${key}] != '' ? ${annotations}[${key}] : ${network.defaultIngressClass === undefined ? "''" : celString(network.defaultIngressClass)}))`;
}

/** CEL: whether the object opens a port outside the cluster, as findExposures decides (suppressed containers left out). */
function exposedExpression(network: NetworkConfig, containerSuppressed: (container: string) => string): string {
  const group = 'request.kind.group';
  const ingressLike = network.ingressKinds.map((entry) => {
    const dot = entry.indexOf('.');
    return dot === -1
      ? `(object.kind == ${celString(entry)} && ${group} != '')`
      : `(object.kind == ${celString(entry.slice(0, dot))} && ${group} == ${celString(entry.slice(dot + 1))})`;
  });
  // An Ingress of a shared class goes through the controller's approved ports: no exposure of its own.
  const unshared = (ingressClass: string) =>
    network.sharedIngressClasses.length === 0
      ? 'true'
      : `!(${ingressClass} in ${celStringList(network.sharedIngressClasses.filter((name) => name !== ''))})`;
  const likeSpec = `(has(object.template) && has(object.template.spec) ? object.template.spec : (has(object.spec) ? object.spec : {}))`;
  const likeMetadata = `(has(object.template) ? (has(object.template.metadata) ? object.template.metadata : {}) : (has(object.metadata) ? object.metadata : {}))`;
  const ownSpec = `(has(object.spec) ? object.spec : {})`;
  const ownMetadata = `(has(object.metadata) ? object.metadata : {})`;
  const spec = 'object.spec';
  const serviceKind = `object.kind == 'Service' && ${group} == ''`;
  const service = `(has(${spec}) && ((has(${spec}.type) && ${spec}.type in ['NodePort', 'LoadBalancer']) || (has(${spec}.externalIPs) && size(${spec}.externalIPs) > 0)))`;
  const ingressKind = `object.kind == 'Ingress' && ${group} != 'config.openshift.io'`;
  const gateway = `((object.kind == 'Gateway' || object.kind == 'HTTPRoute') && ${group} == 'gateway.networking.k8s.io')`;
  const route = `(object.kind == 'Route' && (${group} == 'route.openshift.io' || object.apiVersion == 'v1'))`;
  const hostNetwork = `(has(variables.podSpec.hostNetwork) && variables.podSpec.hostNetwork == true)`;
  const hostPort = `variables.containers.exists(c, !${containerSuppressed('c')} && has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0))`;
  const likeBranch =
    ingressLike.length === 0
      ? ''
      : `(${ingressLike.join(' || ')}) ? ${unshared(ingressClassExpression(likeSpec, likeMetadata, network))} : `;
  return `${likeBranch}(${serviceKind}) ? ${service} : (${ingressKind}) ? ${unshared(ingressClassExpression(ownSpec, ownMetadata, network))} : ${gateway} || ${route} || ${hostNetwork} || ${hostPort}`;
}

/** CEL over `id`: a port request id as parsePortRequestId reads it. */
const wellFormedId = `id.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.[0-9]{1,5}-(tcp|udp)$') && int(id.split('.')[2].split('-')[0]) >= 1 && int(id.split('.')[2].split('-')[0]) <= 65535`;

/** CEL over `id`: the request can be for this object (mismatchOf): its namespace, and a Service's name and port or an Ingress's backends. */
function matchesObjectExpression(): string {
  const group = 'request.kind.group';
  const namespace = `(has(object.metadata) && has(object.metadata.namespace) && object.metadata.namespace != '' ? object.metadata.namespace : request.namespace)`;
  const sameNamespace = `(${namespace} == '' || id.split('.')[0] == ${namespace})`;
  const service = `id.split('.')[1]`;
  const port = `int(id.split('.')[2].split('-')[0])`;
  const protocol = `(id.endsWith('-udp') ? 'UDP' : 'TCP')`;
  const spec = 'object.spec';
  const portsKnown = `(has(${spec}) && has(${spec}.ports) && size(${spec}.ports) > 0 && ${spec}.ports.all(p, has(p.port)))`;
  const servicePort = `${spec}.ports.exists(p, p.port == ${port} && (has(p.protocol) ? p.protocol : 'TCP') == ${protocol})`;
  const serviceMatch = `(!(has(object.metadata) && has(object.metadata.name) && object.metadata.name != '') || ${service} == object.metadata.name) && (!${portsKnown} || ${servicePort})`;
  const named = (b: string) => `((has(${b}.service) && has(${b}.service.name)) || has(${b}.serviceName))`;
  const nameIs = (b: string) =>
    `(has(${b}.service) && has(${b}.service.name) ? ${b}.service.name == ${service} : (has(${b}.serviceName) && ${b}.serviceName == ${service}))`;
  const anyBackend = (test: (backend: string) => string) =>
    `(has(${spec}) && ((has(${spec}.defaultBackend) && ${test(`${spec}.defaultBackend`)}) || (has(${spec}.backend) && ${test(`${spec}.backend`)}) || (has(${spec}.rules) && ${spec}.rules.exists(r, has(r.http) && has(r.http.paths) && r.http.paths.exists(q, has(q.backend) && ${test('q.backend')})))))`;
  const ingressMatch = `(!${anyBackend(named)} || ${anyBackend(nameIs)})`;
  return `${sameNamespace} && (object.kind == 'Service' && ${group} == '' ? ${serviceMatch} : object.kind == 'Ingress' && ${group} != 'config.openshift.io' ? ${ingressMatch} : true)`;
}

/**
 * CEL: every port the object opens is named by one of its ids, as uncoveredPorts decides: each port of a
 * Service (when every port is given), each hostPort of a container whose findings are not suppressed.
 */
function everyPortRequestedExpression(containerSuppressed: (container: string) => string): string {
  const port = `int(id.split('.')[2].split('-')[0])`;
  const protocol = `(id.endsWith('-udp') ? 'UDP' : 'TCP')`;
  const requested = (number: string) =>
    `variables.portRequestIds.exists(id, ${port} == ${number} && ${protocol} == (has(p.protocol) ? p.protocol : 'TCP'))`;
  const spec = 'object.spec';
  const portsKnown = `(has(${spec}) && has(${spec}.ports) && size(${spec}.ports) > 0 && ${spec}.ports.all(p, has(p.port)))`;
  const service = `(!${portsKnown} || ${spec}.ports.all(p, ${requested('p.port')}))`;
  const hostPorts = `variables.containers.all(c, ${containerSuppressed('c')} || !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0 || ${requested('p.hostPort')}))`;
  return `(object.kind == 'Service' && request.kind.group == '' ? ${service} : ${hostPorts})`;
}

function admissionForm(): AdmissionForm {
  return {
    match: 'exposures',
    params: 'approvedPorts',
    variables: (scope) => {
      const own = annotationIn('object.metadata', 'has(object.metadata)');
      const template = annotationIn('variables.templateMetadata', 'true');
      return [
        { name: 'templateMetadata', expression: templateMetadataExpression() },
        {
          name: 'portRequestIds',
          expression: `(${own} != '' ? ${own} : ${template}).split(',').map(s, s.trim()).filter(s, s != '')`,
        },
        {
          name: 'exposed',
          expression: exposedExpression(scope.config.network, scope.containerSuppressed),
        },
      ];
    },
    checks: [
      {
        severity: 'error',
        expression: (scope) =>
          `!variables.exposed || (size(variables.portRequestIds) > 0 && variables.portRequestIds.all(id, ${wellFormedId} && ${matchesObjectExpression()} && has(params.data) && id in params.data) && ${everyPortRequestedExpression(scope.containerSuppressed)})`,
        message: `The object opens a port outside the cluster, and its ${portRequestAnnotationKey} annotation does not name an approved port request for this very namespace, Service and port, for each port it opens. Ports exposed to the public internet are requested through the Kubernetes sysadmins (guideline 1.2.3): run \`kubectl lsst request-port SERVICE --port N --reason "..." -n NAMESPACE\` and add the annotation ${portRequestAnnotationKey}: <id> it prints; the policy admits it once the sysadmins approve the request.`,
      },
    ],
  };
}
