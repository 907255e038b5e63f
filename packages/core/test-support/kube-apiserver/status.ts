// `Status` error bodies shaped and worded as kube-apiserver writes them.
import type { ResourceType } from './resources.ts';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason: string; message: string; field: string }[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly body: StatusBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function status(code: number, reason: string, message: string, details?: StatusBody['details']): ApiError {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return new ApiError(body);
}

/** `pods` or `deployments.apps`, as the server qualifies resources in messages. */
export function qualifiedResource(t: ResourceType): string {
  return t.group === '' ? t.resource : `${t.resource}.${t.group}`;
}

function details(t: ResourceType, name?: string): NonNullable<StatusBody['details']> {
  const result: NonNullable<StatusBody['details']> = {};
  if (name !== undefined) result.name = name;
  if (t.group !== '') result.group = t.group;
  result.kind = t.resource;
  return result;
}

export function notFound(t: ResourceType, name: string): ApiError {
  return status(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, details(t, name));
}

export function namespaceNotFound(namespace: string): ApiError {
  return status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
}

export function pathNotFound(): ApiError {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(t: ResourceType, name: string): ApiError {
  return status(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, details(t, name));
}

export function conflict(t: ResourceType, name: string): ApiError {
  return status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(t, name),
  );
}

export function invalid(
  t: ResourceType,
  name: string,
  causes: { field: string; message: string; value?: unknown }[],
): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return status(422, 'Invalid', `${t.kind} "${name}" is invalid: ${text}`, {
    ...details(t, name),
    kind: t.kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): ApiError {
  return status(400, 'BadRequest', message);
}

export function unsupportedMediaType(contentType: string): ApiError {
  return status(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got ${contentType}`,
  );
}

export function methodNotSupported(t: ResourceType, verb: string): ApiError {
  return status(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualifiedResource(t)}"`,
    details(t),
  );
}

export function unauthorized(): ApiError {
  return status(401, 'Unauthorized', 'Unauthorized');
}

/** The authorizer's wording, which kubectl prints after "Error from server (Forbidden):". */
export function forbidden(
  t: ResourceType,
  user: string,
  verb: string,
  namespace: string | undefined,
  name?: string,
): ApiError {
  const subject = name === undefined ? qualifiedResource(t) : `${qualifiedResource(t)} "${name}"`;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return status(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${t.resource}" in API group "${t.group}" ${scope}`,
    details(t, name),
  );
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  const error = status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
  return new ApiError(error.body, { 'Retry-After': String(retryAfterSeconds) });
}

export function internalError(message = 'Internal error occurred: injected failure'): ApiError {
  return status(500, 'InternalError', message, { causes: [{ reason: '', message, field: '' }] });
}
