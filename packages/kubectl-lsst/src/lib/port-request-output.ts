// How port requests are shown: a table for people, YAML or JSON documents for tools and tickets.
import { type PortRequest, renderPortRequest, renderPortRequests } from '@lsst-kube/core/kube';
import { CliError } from './errors.ts';
import { formatTable } from './kube-context.ts';

export type ListFormat = 'table' | 'yaml' | 'json';

export function listFormat(value: string | undefined): ListFormat {
  const format = value ?? 'table';
  if (format === 'table' || format === 'yaml' || format === 'json') return format;
  throw new CliError(`-o "${format}" is not an output format. Use table, yaml or json.`);
}

export function renderRequestList(requests: readonly PortRequest[], format: ListFormat): string {
  if (format !== 'table') return renderPortRequests(requests, format);
  if (requests.length === 0) return 'No port requests.\n';
  return formatTable(
    ['ID', 'STATUS', 'SERVICE', 'PORT', 'TYPE', 'REQUESTED BY', 'REQUESTED'],
    requests.map((r) => [
      r.id,
      r.status,
      `${r.namespace}/${r.service}`,
      `${r.port}/${r.protocol}`,
      r.type,
      r.requestedBy ?? '-',
      r.requestedAt.slice(0, 10),
    ]),
  );
}

export function renderRequestDetail(request: PortRequest, format: ListFormat): string {
  if (format !== 'table') return renderPortRequest(request, format);
  const lines = [
    `Port request ${request.id}: ${request.status}`,
    `  Service:   ${request.namespace}/${request.service}, port ${request.port}/${request.protocol}, as ${request.type}${request.host ? ` (${request.host})` : ''}`,
    `  Reason:    ${request.reason}`,
    `  Asked by:  ${request.requestedBy ?? 'unknown'} on ${request.requestedAt}`,
  ];
  if (request.status !== 'pending')
    lines.push(
      `  Decision:  ${request.status} by ${request.decidedBy ?? 'unknown'} on ${request.decidedAt ?? '?'}${request.decisionReason ? `: ${request.decisionReason}` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

export function whatHappensNext(request: PortRequest): string {
  switch (request.status) {
    case 'pending':
      return `The Kubernetes sysadmins review pending requests (kubectl lsst request-port list --status pending -A). Follow this one with: kubectl lsst request-port status ${request.id}`;
    case 'approved':
      return 'It is approved: the sysadmins open the port; `kubectl lsst check --cluster` accepts the public exposure.';
    case 'denied':
      return `It was denied${request.decisionReason ? ` (${request.decisionReason})` : ''}. Talk to the sysadmins before asking again.`;
  }
}
