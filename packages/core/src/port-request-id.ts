// A port request's id and the annotation naming it: shared by the rule, which reads them offline,
// and the kube code, which records requests in a cluster (see docs/port-requests.md).

/** The annotation `kubectl lsst request-port` puts on what it exposes: the request's id (several, comma-separated). */
export const portRequestAnnotationKey = 'lsst.io/port-request';

/**
 * The ConfigMap, in the port requests' namespace, whose data keys are the ids of the approved requests:
 * request-port approve and deny keep it, and the network/public-exposure admission policy reads it as its params.
 */
export const approvedPortsConfigMapName = 'lsst-approved-ports';

/** A port request as the cluster records it. */
export interface PortRequestStatus {
  status: 'pending' | 'approved' | 'denied';
  reason?: string;
}

export type PortProtocol = 'TCP' | 'UDP';

export interface PortRequestIdParts {
  namespace: string;
  service: string;
  port: number;
  protocol: PortProtocol;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The id of the request for one port of one Service: `<namespace>.<service>.<port>-<protocol>`.
 * Namespaces and Service names are DNS labels (no dots), so the id is unambiguous, a valid
 * ConfigMap name, and the same every time: asking twice finds the first request.
 */
export function portRequestId(
  namespace: string,
  service: string,
  port: number,
  protocol: PortProtocol = 'TCP',
): string {
  return `${namespace}.${service}.${port}-${protocol.toLowerCase()}`;
}

export function parsePortRequestId(id: string): PortRequestIdParts | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.(\d{1,5})-(tcp|udp)$/.exec(id);
  if (!match) return undefined;
  const [, namespace = '', service = '', port = '', protocol = ''] = match;
  if (!dnsLabel.test(namespace) || !dnsLabel.test(service)) return undefined;
  const number = Number(port);
  if (number < 1 || number > 65535) return undefined;
  return { namespace, service, port: number, protocol: protocol.toUpperCase() as PortProtocol };
}
