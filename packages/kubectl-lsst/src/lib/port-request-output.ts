// How port requests are shown: a table for people, YAML or JSON documents for tools and tickets.
import { type PortRequest, renderPortRequest, renderPortRequests, visibleText } from '@lsst-kube/core/kube';
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
  // Every field was written by someone else (the requester, the approver): one line each, no controls.
  const field = (value: string | number | undefined, missing = 'unknown') =>
    value === undefined ? missing : visibleText(String(value));
  const lines = [
    `Port request ${field(request.id)}: ${field(request.status)}`,
    `  Service:   ${field(request.namespace)}/${field(request.service)}, port ${field(request.port)}/${field(request.protocol)}, as ${field(request.type)}${request.host ? ` (${field(request.host)})` : ''}`,
    `  Reason:    ${field(request.reason)}`,
    `  Asked by:  ${field(request.requestedBy)} on ${field(request.requestedAt)}`,
  ];
  if (request.status !== 'pending')
    lines.push(
      `  Decision:  ${field(request.status)} by ${field(request.decidedBy)} on ${field(request.decidedAt, '?')}${request.decisionReason ? `: ${field(request.decisionReason)}` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

export function whatHappensNext(request: PortRequest): string {
  switch (request.status) {
    case 'pending':
      return `The Kubernetes sysadmins review pending requests (kubectl lsst request-port list --status pending -A). Follow this one with: kubectl lsst request-port status ${visibleText(request.id)}`;
    case 'approved':
      return 'It is approved: the sysadmins open the port; `kubectl lsst check --cluster` accepts the public exposure.';
    case 'denied':
      return `It was denied${request.decisionReason ? ` (${visibleText(request.decisionReason)})` : ''}. Talk to the sysadmins before asking again.`;
  }
}
