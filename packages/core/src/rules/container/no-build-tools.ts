import { buildToolOfPackage } from '../../data/build-tools.ts';
import { defineRule } from '../rule.ts';
import { runtimePackagesLeftInstalled } from '../run-scripts.ts';

export const containerNoBuildTools = defineRule({
  name: 'container/no-build-tools',
  guideline: '1.2.1',
  description:
    'The runtime image installs no compilers or build tools (gcc, make, cmake, build-essential, golang, rustc ...); build in an earlier stage.',
  defaultSeverity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  judgesRunningContainer: true,
  judgesBuildTools: true,
  checkDockerfile(context) {
    for (const installed of runtimePackagesLeftInstalled(context.dockerfile)) {
      const tool = buildToolOfPackage(installed.manager, installed.name);
      if (!tool) continue;
      const stage = installed.script.stage;
      const where = stage.isFinal
        ? 'the final stage'
        : `stage ${stage.name ? `"${stage.name}"` : stage.index + 1}, which the final stage is built on`;
      context.report({
        range: installed.range,
        message: `"${installed.name}" (${tool.label}) is installed in ${where}, so the running container carries a build tool it does not need. Use a multi-stage build: compile in a builder stage (FROM ... AS build) and COPY --from=build only the result into the final stage, or remove the tool in the same RUN.`,
      });
    }
  },
});
