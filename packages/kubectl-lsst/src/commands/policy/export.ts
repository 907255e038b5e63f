// `kubectl lsst policy export`: the rules as ValidatingAdmissionPolicies and bindings, per target cluster.
import { Command, Flags } from '@oclif/core';
import { ExitCode } from '../../lib/errors.ts';
import { currentIo } from '../../lib/io.ts';

export const policyTargetFlags = {
  target: Flags.string({
    char: 't',
    summary: 'Clusters to export for, by name (comma-separated or repeated); default: the configured targets.',
    helpValue: 'NAME[,NAME]',
  }),
  'all-targets': Flags.boolean({ summary: 'Export for every configured cluster.' }),
  rules: Flags.string({
    summary: 'Only these rules (comma-separated); default: every rule CEL can express.',
    helpValue: 'RULE[,RULE]',
  }),
  action: Flags.string({
    summary: "What the bindings do, whatever the target's role: deny, warn or audit.",
    helpValue: 'deny|warn|audit',
  }),
  config: Flags.string({
    char: 'c',
    summary: 'The .lsst.yaml to use (default: the nearest upward).',
    helpValue: 'FILE',
  }),
};

export default class PolicyExport extends Command {
  static override summary = 'Write the rules as ValidatingAdmissionPolicies and bindings for each target cluster.';
  static override description =
    `One policy per rule whose decision CEL can express on one object, with a binding whose validationActions follow the target's role (admission.validationActions in .lsst.yaml; by default Deny on production and pre-production, Warn and Audit on testing and development; --action overrides). The API version follows the target's kubernetesVersion: admissionregistration.k8s.io/v1 from 1.30, v1beta1 on 1.28 and 1.29 (which must enable it); older clusters cannot run them and are named. Suppressions the cluster can see are honoured: lsst.io/ignore annotations and the exemptions of .lsst.yaml (rules made non-suppressible stay enforced). Rules not exported are listed with why. See docs/admission.md.`;
  static override examples = [
    '<%= config.bin %> policy export --target prod > prod-policies.yaml',
    '<%= config.bin %> policy export --all-targets -o policies/',
    '<%= config.bin %> policy export --target prod --action audit | kubectl apply -f -',
  ];
  static override flags = {
    ...policyTargetFlags,
    output: Flags.string({
      char: 'o',
      summary: 'Write one file per target (TARGET.yaml) into this folder instead of standard output.',
      helpValue: 'DIR',
    }),
  };

  async run(): Promise<number> {
    const { flags } = await this.parse(PolicyExport);
    const io = currentIo();
    // Loaded here: the CEL library stays out of the start-up of every other command.
    const { exportForTargets, policySettings, writeExports } = await import('../../lib/policy.ts');
    const settings = await policySettings(flags, io);
    const exports = exportForTargets(settings, new Date());
    await writeExports(exports, settings.targets, flags.output, io);
    return ExitCode.ok;
  }
}
