// The one declarative description of `.lsst.yaml`. The runtime validator (validate.ts) and the
// published JSON Schema (schema/lsst-config.schema.json) are both derived from it, so they cannot disagree.
import { clusterRoles, validationActionValues } from './model.ts';

/** A regular expression with the words a message uses to explain it. */
export interface PatternSpec {
  regex: string;
  /** Completes "must be ...", e.g. `major.minor like "1.29"`. */
  hint: string;
}

interface SpecBase {
  /** Shown in the editor's hover and in error messages; every node has one. */
  description: string;
}

export interface StringSpec extends SpecBase {
  type: 'string';
  /** Completes "must be a string like ...". */
  example?: string;
  pattern?: PatternSpec;
  enum?: readonly string[];
  /** YAML 1.1 reads an unquoted `off` (and `no`, `false`) as false: accept false as this enum value. */
  falseMeans?: string;
  /** Checked as a calendar date (YYYY-MM-DD) beyond the pattern. */
  date?: boolean;
  minLength?: number;
  /** What the value names, checked against the rest of the configuration by the loader. */
  reference?: 'rule' | 'cluster' | 'clusterName';
}

export interface IntegerSpec extends SpecBase {
  type: 'integer';
  minimum: number;
}

export interface BooleanSpec extends SpecBase {
  type: 'boolean';
}

export interface ArraySpec extends SpecBase {
  type: 'array';
  items: Spec;
  minItems?: number;
}

export interface ObjectSpec extends SpecBase {
  type: 'object';
  properties: Readonly<Record<string, Spec>>;
  required?: readonly string[];
}

/** A map whose keys are names (rule names) rather than fixed keys. */
export interface MapSpec extends SpecBase {
  type: 'map';
  keys: StringSpec;
  values: Spec;
}

/** One of several shapes, told apart by the YAML node: a scalar or a map. */
export interface EitherSpec extends SpecBase {
  type: 'either';
  scalar: StringSpec;
  map: ObjectSpec;
}

export type Spec = StringSpec | IntegerSpec | BooleanSpec | ArraySpec | ObjectSpec | MapSpec | EitherSpec;

export const datePattern: PatternSpec = {
  regex: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  hint: 'a date YYYY-MM-DD like "2027-06-30"',
};

export const ruleNamePattern: PatternSpec = {
  regex: '^[a-z][a-z0-9-]*/[a-z][a-z0-9-]*$',
  hint: 'a rule name like "image/pinned"',
};

export const severityValues = ['error', 'warning', 'info', 'off'] as const;

const severitySpec: StringSpec = {
  type: 'string',
  description:
    "Severity of the rule's findings: error, warning, info, or off to turn the rule off. An unquoted off reads as false in YAML 1.1 and means the same.",
  enum: severityValues,
  falseMeans: 'off',
};

const stringList = (description: string, itemDescription: string, minItems?: number): ArraySpec => ({
  type: 'array',
  description,
  items: { type: 'string', description: itemDescription, minLength: 1 },
  ...(minItems === undefined ? {} : { minItems }),
});

const clusterSpec: ObjectSpec = {
  type: 'object',
  description: 'One Kubernetes cluster that manifests are deployed to.',
  required: ['name', 'role', 'kubernetesVersion'],
  properties: {
    name: {
      type: 'string',
      description: 'Name used by `targets`, `--target` and in messages, e.g. "prod".',
      minLength: 1,
      reference: 'clusterName',
    },
    role: {
      type: 'string',
      description: 'What the cluster is for; production and pre-production clusters get the strictest image rules.',
      enum: clusterRoles,
    },
    kubernetesVersion: {
      type: 'string',
      description: 'Kubernetes version of the cluster as major.minor, quoted so that YAML keeps it a string: "1.29".',
      example: '1.29',
      pattern: { regex: '^[0-9]+\\.[0-9]+$', hint: 'major.minor like "1.29"' },
    },
    match: {
      type: 'object',
      description:
        'How a kube context is recognised as this cluster (its role in `kubectl lsst context` and the editor status bar).',
      properties: {
        contexts: stringList('Globs on the kube context name, e.g. "lsst-prod*".', 'A glob on the context name.'),
        servers: stringList(
          'API server URLs, exact or as globs, e.g. "https://prod.example.org:6443".',
          'An API server URL or glob.',
        ),
      },
    },
  },
};

const fileSetSpec: ObjectSpec = {
  type: 'object',
  description: 'A shared file set (guideline 1.2.5) and who may mount it how.',
  required: ['path', 'access', 'audience'],
  properties: {
    path: {
      type: 'string',
      description: 'Absolute path of the file set on the nodes, e.g. "/datasets".',
      pattern: { regex: '^/', hint: 'an absolute path like "/datasets"' },
    },
    access: {
      type: 'string',
      description: 'read-only file sets must be mounted with readOnly: true.',
      enum: ['read-only', 'read-write'],
    },
    audience: {
      type: 'string',
      description: 'Who may mount it: all users, developers only (not science namespaces), or science users.',
      enum: ['all', 'developers', 'science'],
    },
    scope: {
      type: 'string',
      description:
        'How it is divided: per group or per user (mounting its root alone is too wide), or shared as a whole.',
      enum: ['group', 'user', 'shared'],
    },
    purged: { type: 'boolean', description: 'Purged on a schedule, so unfit for persistent storage.' },
  },
};

const exemptionSpec: ObjectSpec = {
  type: 'object',
  description:
    'Turns one rule off for the objects that match every field given (for manifests that cannot carry a comment).',
  required: ['rule', 'reason'],
  properties: {
    rule: {
      type: 'string',
      description: 'The rule exempted, e.g. "filesets/allowed-paths".',
      pattern: ruleNamePattern,
      reference: 'rule',
    },
    namespace: { type: 'string', description: 'Namespace of the object (a glob).', minLength: 1 },
    kind: { type: 'string', description: 'Kind of the object, e.g. "DaemonSet".', minLength: 1 },
    name: { type: 'string', description: 'Name of the object (a glob).', minLength: 1 },
    container: { type: 'string', description: 'Name of the container (a glob).', minLength: 1 },
    path: {
      type: 'string',
      description: 'Glob on the checked file\'s path, e.g. "deploy/monitoring/**".',
      minLength: 1,
    },
    reason: {
      type: 'string',
      description: 'Why the exemption is acceptable; shown with suppressed findings.',
      minLength: 1,
    },
    until: {
      type: 'string',
      description: 'Last day (UTC) the exemption applies, YYYY-MM-DD; after it the rule applies again.',
      pattern: datePattern,
      date: true,
    },
  },
};

const positiveInteger = (description: string): IntegerSpec => ({ type: 'integer', description, minimum: 1 });

/** The whole file. Every key is optional: what is left out comes from the embedded defaults. */
export const configSpec: ObjectSpec = {
  type: 'object',
  description: 'Configuration of kubectl-lsst and its editor extension (.lsst.yaml).',
  properties: {
    clusters: {
      type: 'array',
      description:
        'The clusters manifests are deployed to. When given, replaces the default list (dev, test, preprod, prod).',
      items: clusterSpec,
      minItems: 1,
    },
    targets: {
      type: 'array',
      description: 'Names of the clusters a check runs against when no --target is given.',
      items: {
        type: 'string',
        description: 'The name of a cluster in `clusters`.',
        minLength: 1,
        reference: 'cluster',
      },
      minItems: 1,
    },
    registries: {
      type: 'object',
      description: 'Where images may come from (guideline 1.2.2).',
      properties: {
        local: stringList(
          'Hosts, optionally with a path prefix, of the organisation\'s own registries, e.g. "registry.example.org".',
          'A registry host, optionally with a path prefix.',
        ),
        mirror: {
          type: 'string',
          description:
            'Where Docker Hub images are mirrored locally, e.g. "registry.example.org/dockerhub"; enables image fixes.',
          minLength: 1,
        },
        trustedDockerHubOrganizations: stringList(
          'Docker Hub organisations whose images are trusted, besides official images.',
          'A Docker Hub organisation, e.g. "lsstsqre".',
        ),
        trusted: stringList(
          'Registry locations where the organisation publishes its own images: trusted as a source, but not local. When given, replaces the default list (the GitHub container registry organisations lsst, lsst-sqre, lsst-dm, lsst-so, lsst-ts, Docker Hub lsstts, ts-dockerhub.lsst.org).',
          'A registry host with an optional path prefix, e.g. "ghcr.io/lsst-sqre".',
        ),
      },
    },
    images: {
      type: 'object',
      description: 'How images are judged beyond where they come from (guidelines 1.2.2 and 1.2.4).',
      properties: {
        movingTags: stringList(
          'Tags that name whatever was pushed last (image/pinned); * matches any characters. When given, replaces the default list (latest, main, master, develop, dev, edge, nightly, daily, weekly, stable, mainline, rolling, d_latest, w_latest, r_latest, *[-_]latest, tickets-*).',
          'A tag or a glob on tags, e.g. "nightly" or "*-snapshot".',
        ),
        baseImageUsers: {
          type: 'map',
          description:
            'The user a base image runs as, by repository without tag (e.g. "ghcr.io/example/base": "app"), for a Dockerfile that sets no USER (security/run-as-non-root). Added to the built-in table, and wins over it.',
          keys: { type: 'string', description: 'An image repository without tag, e.g. "ghcr.io/example/base".' },
          values: {
            type: 'string',
            description: 'The user it runs as: a name or id; root or 0 for root.',
            minLength: 1,
          },
        },
        developmentOnly: stringList(
          'Globs of Dockerfile paths that build development-only images (dev containers, the images a test suite runs in), never run on a cluster: rules about the running container and its pinned version skip them, and what the others find (an image from outside the trusted sources, an unchecked download) is a note. When given, replaces the default list (**/.devcontainer/**, **/Dockerfile.test, **/Dockerfile.tests, **/Dockerfile.pytest and test.Dockerfile, tests.Dockerfile, pytest.Dockerfile in any folder).',
          'A glob on the checked path, e.g. "**/.devcontainer/**".',
        ),
        buildImages: stringList(
          'Globs of Dockerfile paths of images made for building software (package builders, development environments, CI agents): compilers are what they are for, so container/no-build-tools skips them; every other rule still applies. When given, replaces the default list (folders named *builder*, develop-env, dev-env, build-env, and *builder*.Dockerfile, Dockerfile.*builder*); [] checks every Dockerfile.',
          'A glob on the checked path, e.g. "**/conda_builder/**".',
        ),
      },
    },
    manifests: stringList(
      'Globs of files that must hold Kubernetes objects: a document in them without apiVersion and kind is input/invalid, where elsewhere such a file is skipped as not a manifest. A glob without / matches the file name; a relative glob matches the end of the path.',
      'A glob on the checked path, e.g. "deploy/**/*.yaml".',
    ),
    exclude: stringList(
      "Globs, relative to a folder being checked, of the files and folders a check of that folder leaves out: test data of the repository's own tests, never deployed. One note names what was left out; a file or folder named on the command line is always checked. When given, replaces the default list (folders named tests, testdata, test-data, test_data, __tests__ and fixtures); [] checks everything.",
      'A glob on the path relative to the checked folder, e.g. "**/tests/**" or "examples/broken/**".',
    ),
    customResourceDefinitions: stringList(
      'Files or folders of CustomResourceDefinitions whose openAPIV3Schema validates objects of their kinds (input/schema), relative to the folder of the configuration file; --crd adds more. CRDs among the checked files count without it.',
      'A file or folder, e.g. "crds" or "../operator/config/crd".',
    ),
    network: {
      type: 'object',
      description: 'What exposes a service outside the cluster (guideline 1.2.3).',
      properties: {
        ingressKinds: stringList(
          'Custom resource kinds that make an Ingress (network/public-exposure judges them as one): Kind or Kind.group. When given, replaces the default list (GafaelfawrIngress.gafaelfawr.lsst.io).',
          'A kind, optionally with its API group, e.g. "GafaelfawrIngress.gafaelfawr.lsst.io".',
        ),
        sharedIngressClasses: stringList(
          "Ingress classes of the cluster's shared ingress controller, whose public ports (80, 443) the sysadmins approved once: an Ingress of one of them opens no port of its own and needs no port request. When given, replaces the default list (nginx); [] reports every Ingress.",
          'An ingress class name, e.g. "nginx".',
        ),
        defaultIngressClass: {
          type: 'string',
          description:
            "The class of an Ingress that names none (the cluster's default IngressClass), and of the Ingress an ingress-like kind makes when its template names none. Default: nginx.",
          minLength: 1,
        },
      },
    },
    admission: {
      type: 'object',
      description: 'The ValidatingAdmissionPolicies of `kubectl lsst policy export` (docs/admission.md).',
      properties: {
        validationActions: {
          type: 'object',
          description:
            'What the bindings do on each role of cluster: Deny refuses the object, Warn tells whoever applies it, Audit records it in the audit log. Roles not given keep their default (Deny on production and pre-production, Warn and Audit elsewhere); --action wins. Kubernetes takes Deny or Warn, not both.',
          properties: Object.fromEntries(
            clusterRoles.map((role) => [
              role,
              {
                type: 'array',
                description: `The validationActions of the bindings on ${role} clusters.`,
                minItems: 1,
                items: {
                  type: 'string',
                  description: 'Deny, Warn or Audit.',
                  enum: validationActionValues,
                },
              } satisfies Spec,
            ]),
          ),
        },
      },
    },
    fileSets: {
      type: 'array',
      description: 'The shared file sets (guideline 1.2.5). When given, replaces the default list.',
      items: fileSetSpec,
    },
    namespaces: {
      type: 'object',
      description: 'Namespaces and their audiences (guideline 1.2.6).',
      properties: {
        science: stringList('Globs of namespaces whose audience is science users, e.g. "nb-*".', 'A namespace glob.'),
        default: {
          type: 'string',
          description:
            "The team's namespace: an object that names none is a warning (namespace/explicit), and the namespace fix inserts this one when nothing nearer says.",
          pattern: {
            regex: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            hint: 'a Kubernetes namespace name (lower-case letters, digits and -)',
          },
        },
      },
    },
    rules: {
      type: 'map',
      description: 'Per-rule settings by rule name: a severity, or a map with severity and suppressible.',
      keys: { type: 'string', description: 'A rule name.', pattern: ruleNamePattern, reference: 'rule' },
      values: {
        type: 'either',
        description: 'A severity (error, warning, info, off), or a map with severity and suppressible.',
        scalar: severitySpec,
        map: {
          type: 'object',
          description: 'Settings of one rule.',
          properties: {
            severity: severitySpec,
            suppressible: {
              type: 'boolean',
              description:
                'false: inline comments and annotations cannot suppress this rule (they are reported as errors).',
            },
          },
        },
      },
    },
    exemptions: {
      type: 'array',
      description:
        'Rules turned off for matching objects, each with a reason. Added to the defaults (which have none).',
      items: exemptionSpec,
    },
    baseline: {
      type: 'string',
      description:
        "The baseline file (written by `kubectl lsst check --write-baseline FILE`), relative to this file's folder: `check` then reports only findings not recorded in it, and the editor hides those it records. --baseline wins.",
      example: '.lsst-baseline.json',
      minLength: 1,
    },
    portRequests: {
      type: 'object',
      description: 'Where `kubectl lsst request-port` keeps requests for public ports (guideline 1.2.3).',
      properties: {
        namespace: {
          type: 'string',
          description: 'Namespace holding the port requests.',
          pattern: {
            regex: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            hint: 'a Kubernetes namespace name (lower-case letters, digits and -)',
          },
        },
      },
    },
    limits: {
      type: 'object',
      description: 'Limits on one checked file; a file beyond them is reported as input/invalid, not checked.',
      properties: {
        maxFileSize: positiveInteger('Largest file checked, in bytes (default 10485760, 10 MiB).'),
        maxDocuments: positiveInteger('Most YAML documents in one file (default 10000).'),
        maxDepth: positiveInteger('Deepest nesting of one YAML document (default 100).'),
        maxAliasCount: positiveInteger('Most alias expansions in one YAML document (default 100).'),
        maxLineLength: positiveInteger('Longest line, in characters (default 100000).'),
      },
    },
    helm: {
      type: 'object',
      description:
        'How `check` renders Helm charts (a folder with Chart.yaml): the helm program, values every render receives, release namespaces and environments.',
      properties: {
        binary: {
          type: 'string',
          description: 'The helm (3) program, a path or a name on PATH (default: helm; --helm wins).',
          minLength: 1,
        },
        timeoutSeconds: positiveInteger('Longest one `helm template` may run, in seconds (default 120).'),
        environmentValues: {
          type: 'array',
          description:
            "Where the repository keeps each environment's own values, relative to this file, {environment} standing for its name, merged in order (e.g. [environments/values.yaml, environments/values-{environment}.yaml]); ${path} in set values reads them.",
          items: { type: 'string', description: 'A YAML file, read as data.', minLength: 1 },
        },
        set: setMap(
          '`--set` values every render receives, e.g. global.host: "example.org"; ${fqdn} reads fqdn from the environment\'s own values (environmentValues).',
        ),
        namespaces: {
          type: 'map',
          description: 'Release namespace by chart name, for charts that no --namespace or Argo CD Application places.',
          keys: { type: 'string', description: 'A chart name (its folder).', minLength: 1 },
          values: {
            type: 'string',
            description: 'The namespace Helm installs the chart in.',
            pattern: {
              regex: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
              hint: 'a Kubernetes namespace name (lower-case letters, digits and -)',
            },
          },
        },
        environments: {
          type: 'map',
          description:
            "Environments by name, the <env> of a chart's values-<env>.yaml; when given, only these are rendered.",
          keys: { type: 'string', description: 'An environment name.', minLength: 1 },
          values: {
            type: 'object',
            description: 'One environment.',
            properties: {
              cluster: {
                type: 'string',
                description: "The cluster (by name) that this environment's renders are checked as.",
                reference: 'cluster',
              },
              set: setMap('`--set` values every chart of this environment receives (its global values).'),
            },
          },
        },
      },
    },
  },
};

function setMap(description: string): MapSpec {
  return {
    type: 'map',
    description,
    keys: { type: 'string', description: 'A values path, e.g. global.host.', minLength: 1 },
    values: { type: 'string', description: 'The value, quoted.', example: 'example.org' },
  };
}

type JsonSchema = { [key: string]: unknown };

function toJsonSchemaNode(spec: Spec): JsonSchema {
  switch (spec.type) {
    case 'string': {
      if (spec.enum) {
        const values: unknown[] = [...spec.enum];
        if (spec.falseMeans !== undefined) values.push(false);
        return spec.falseMeans === undefined
          ? { type: 'string', description: spec.description, enum: values }
          : { description: spec.description, enum: values };
      }
      return {
        type: 'string',
        description: spec.description,
        ...(spec.minLength === undefined ? {} : { minLength: spec.minLength }),
        ...(spec.pattern ? { pattern: spec.pattern.regex } : {}),
        ...(spec.example === undefined ? {} : { examples: [spec.example] }),
      };
    }
    case 'integer':
      return { type: 'integer', description: spec.description, minimum: spec.minimum };
    case 'boolean':
      return { type: 'boolean', description: spec.description };
    case 'array':
      return {
        type: 'array',
        description: spec.description,
        items: toJsonSchemaNode(spec.items),
        ...(spec.minItems === undefined ? {} : { minItems: spec.minItems }),
      };
    case 'object':
      return {
        type: 'object',
        description: spec.description,
        properties: Object.fromEntries(
          Object.entries(spec.properties).map(([key, child]) => [key, toJsonSchemaNode(child)]),
        ),
        ...(spec.required && spec.required.length > 0 ? { required: [...spec.required] } : {}),
        additionalProperties: false,
      };
    case 'map':
      return {
        type: 'object',
        description: spec.description,
        propertyNames: toJsonSchemaNode(spec.keys),
        additionalProperties: toJsonSchemaNode(spec.values),
      };
    case 'either':
      return { description: spec.description, anyOf: [toJsonSchemaNode(spec.scalar), toJsonSchemaNode(spec.map)] };
  }
}

export const configSchemaId =
  'https://github.com/lsst-dm/kubectl-lsst/blob/main/packages/core/schema/lsst-config.schema.json';

/** The JSON Schema (draft-07) of `.lsst.yaml`, as committed in packages/core/schema/. */
export function configJsonSchema(): JsonSchema {
  const { description, ...root } = toJsonSchemaNode(configSpec);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: configSchemaId,
    title: '.lsst.yaml',
    description,
    ...root,
  };
}
