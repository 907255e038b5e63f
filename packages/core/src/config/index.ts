// The configuration: model, defaults, schema, loading, discovery and target selection.
export { defaultConfig, defaultLimits } from './defaults.ts';
export {
  type ConfigDiscoveryOptions,
  type ConfigFileSystem,
  ConfigResolver,
  type ConfigResolverOptions,
  configFileNames,
  discoverConfig,
  type TrustedConfigLocations,
  trustedConfigFiles,
  trustedConfigLocations,
  xdgConfigPath,
} from './discover.ts';
export { ConfigError, type ConfigProblem, UsageError } from './errors.ts';
export { defaultExclude, excludeMatcher } from './exclude.ts';
export {
  type ConfigFileContents,
  type ConfigValidation,
  defaultResolvedConfig,
  type LoadConfigOptions,
  loadConfig,
  mergeConfig,
  type ValidateConfigOptions,
  validateConfigText,
} from './load.ts';
export * from './model.ts';
export { configJsonSchema, configSchemaId, configSpec } from './schema.ts';
export {
  type ClusterIdentity,
  matchCluster,
  resolveTargets,
  type TargetSelection,
  withSeverityOverrides,
} from './targets.ts';
