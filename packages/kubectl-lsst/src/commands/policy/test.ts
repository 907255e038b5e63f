// `kubectl lsst policy test`: what the exported policies would deny or warn about, offline.
import { Args, Command, Flags } from '@oclif/core';
import { CliError, ExitCode } from '../../lib/errors.ts';
import { currentIo } from '../../lib/io.ts';
import { policyTargetFlags } from './export.ts';

export default class PolicyTest extends Command {
  static override summary = 'Evaluate the admission policies on manifests offline, as the API server would.';
  static override description =
    `Each object of the manifests is judged by every binding, as if a person created it with kubectl: one line per validation it fails, with DENY, WARN or AUDIT after the binding's validationActions. The policies are those \`policy export\` makes for the target (one target), or those of the files given with --policies. Exit 1 when a binding would deny an object, 0 otherwise. An object without metadata.namespace is judged as written; on the cluster it gets the namespace of the kubectl context. network/public-exposure reads the approved port requests from the ConfigMap the export carries, which is empty (every exposure is refused): to judge with the cluster's approvals, add its copy to --policies (kubectl get configmap lsst-approved-ports -n lsst-port-requests -o yaml > approved.yaml).`;
  static override examples = [
    '<%= config.bin %> policy test --target prod deploy/',
    '<%= config.bin %> policy test --policies policies/prod.yaml deploy/app.yaml',
  ];
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or folders.', required: true }) };
  static override flags = {
    ...policyTargetFlags,
    policies: Flags.string({
      summary: 'Evaluate these exported policy files or folders (comma-separated) instead of exporting for the target.',
      helpValue: 'PATH[,PATH]',
    }),
  };

  async run(): Promise<number> {
    const { flags, argv } = await this.parse(PolicyTest);
    const io = currentIo();
    const { exportForTargets, policySettings, readPolicyFiles, renderTestLine, testManifests } = await import(
      '../../lib/policy.ts'
    );
    const settings = await policySettings(flags, io);
    let policies: Record<string, unknown>[];
    if (flags.policies !== undefined) {
      policies = await readPolicyFiles(flags.policies.split(',').filter(Boolean), io);
    } else {
      const usable = exportForTargets(settings, new Date()).filter((entry) => !entry.problem);
      if (usable.length !== 1) {
        throw new CliError('policy test judges for one cluster at a time: choose it with --target.');
      }
      policies = (usable[0] as { objects: Record<string, unknown>[] }).objects;
    }
    const { lines, objects } = await testManifests(policies, argv as string[], settings.config, io);
    for (const line of lines) io.stdout.write(renderTestLine(line));
    const denied = lines.filter((line) => line.verdict.actions.includes('Deny')).length;
    const warned = lines.length - denied;
    io.stdout.write(
      `${objects} object${objects === 1 ? '' : 's'} judged: ${denied} denial${denied === 1 ? '' : 's'}, ${warned} warning${warned === 1 ? '' : 's'} or audit note${warned === 1 ? '' : 's'}.\n`,
    );
    return denied > 0 ? ExitCode.findings : ExitCode.ok;
  }
}
