// `kubectl lsst check`: the oclif face of the check (help, flag errors); the work is in lib/run-check.ts.
import { Args, Command } from '@oclif/core';
import { flagDefaults } from '../lib/flag-spec.ts';
import { currentIo } from '../lib/io.ts';
import { toOclifFlags } from '../lib/oclif-flags.ts';
import { type CheckFlags, runCheck } from '../lib/run-check.ts';
import { checkFlagSpecs } from './check-flags.ts';

export default class Check extends Command {
  static override summary = 'Check Kubernetes manifests and Dockerfiles against the LSST container guidelines.';
  static override description =
    `Checks files, folders (recursively: *.yaml, *.yml, *.json, Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile; honouring .gitignore in subfolders, while every file \`kubectl apply -f FOLDER\` reads is checked; skipping node_modules and .git, and the test data the configuration's exclude names, by default folders named tests, testdata, test-data, test_data, __tests__ and fixtures, with one note naming them), standard input (-) and kustomizations (-k DIR, rendered by \`kubectl kustomize\`).

A folder holding Chart.yaml is a Helm chart: it is rendered with \`helm template\` (offline, once per values-<env>.yaml) and the objects rendered are checked, each finding placed on the values file or template it came from; --no-render checks chart files as plain YAML. YAML files that are not Kubernetes objects are skipped (listed with --verbose).

--fix replaces each file atomically, and only if it still holds what was checked: an edit saved meanwhile is kept and reported (exit 2). In a JSON manifest, what the fixes add is written as JSON; read-only files, and a JSON file a fix would not keep valid JSON, are left as they are. -o naming a file that is checked is refused before anything is read.

A baseline lets a repository adopt the check with the findings it has: --write-baseline FILE records them (sorted JSON, one entry per finding: rule, file, object, and a fingerprint of the offending text that survives moved lines, reordered documents, reformatting and renamed files); --baseline FILE (or baseline: FILE in .lsst.yaml) then leaves out the findings it records, says how many, lists the entries whose finding is gone as fixed, and --prune-baseline removes those. Left-out findings do not decide the exit code; SARIF marks results new or unchanged (baselineState).

--cluster checks what is deployed instead: the workloads, services, ingresses, RBAC, volumes and namespaces, and the objects of every CustomResourceDefinition the cluster serves, validated through its schema (input/schema). What you may not read (403) is named on standard error and the rest is checked.

--changed-since REF checks only the files changed since a git ref (commits, staged and unstaged edits, untracked files; renamed files are followed) and reports only findings on changed lines or in the objects (YAML documents, Dockerfile stages) the change touched. A ref that a shallow clone lacks is an error that names the fetch to run.

Exit codes: 0 no error findings; 1 error findings, or more warnings than --max-warnings; 2 usage or configuration error; 3 cluster unreachable or forbidden.`;

  static override examples = [
    '<%= config.bin %> check deployment.yaml Dockerfile',
    '<%= config.bin %> check . --target prod',
    '<%= config.bin %> check -k overlays/prod --format sarif --output results.sarif',
    'helm template chart | <%= config.bin %> check - --stdin-filename chart.yaml',
    '<%= config.bin %> check manifests/ --fix',
    '<%= config.bin %> check applications/ --verbose',
    '<%= config.bin %> check --helm-chart charts/web --values prod.yaml --namespace web',
    '<%= config.bin %> check . --write-baseline .lsst-baseline.json',
    '<%= config.bin %> check . --baseline .lsst-baseline.json --format junit --output report.xml',
    '<%= config.bin %> check --changed-since origin/main --format github',
  ];

  // Any number of paths.
  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'Files and folders to check; - reads standard input.' }),
  };

  static override flags = toOclifFlags(checkFlagSpecs);

  async run(): Promise<number> {
    const { flags, argv } = await this.parse(Check);
    // oclif leaves a list flag that is not given undefined; the check expects the fast parser's empty list.
    const values = { ...flagDefaults(checkFlagSpecs), ...flags } as unknown as CheckFlags;
    return runCheck(values, argv as string[], currentIo());
  }
}
