// Which reader parses YAML that is only read (manifests, kubeconfigs): the fast path, which leaves
// anything it does not fully handle to `yaml`, or `yaml` alone.
export type YamlReader = 'fast' | 'yaml';

// LSST_YAML_READER=yaml turns the fast path off (for comparison, or should it ever disagree).
export const defaultYamlReader: YamlReader =
  typeof process !== 'undefined' && process.env.LSST_YAML_READER === 'yaml' ? 'yaml' : 'fast';
