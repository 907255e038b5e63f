import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigFileSystem, ConfigResolver, discoverConfig, trustedConfigLocations } from './discover.ts';
import { ConfigError } from './errors.ts';

/** A file system held in memory that counts reads, so caching can be observed. */
class MemoryFileSystem implements ConfigFileSystem {
  readonly reads: string[] = [];
  constructor(readonly files: Record<string, string>) {}
  async readFile(path: string): Promise<string | undefined> {
    this.reads.push(path);
    return this.files[path];
  }
}

const cluster = (name: string) => `clusters:\n  - { name: ${name}, role: testing, kubernetesVersion: "1.30" }\n`;
const base = { homeDirectory: '/home/me', startDirectory: '/repo/deploy/app' };

describe('discoverConfig: the documented order', () => {
  const files = {
    '/etc/explicit.yaml': cluster('explicit'),
    '/etc/env.yaml': cluster('env'),
    '/repo/deploy/app/.lsst.yaml': cluster('app'),
    '/repo/deploy/.lsst.yml': cluster('deploy-yml'),
    '/repo/.lsst.yaml': cluster('repo'),
    '/home/me/.lsst.yaml': cluster('home'),
  };
  const names = async (fs: ConfigFileSystem, options: Parameters<typeof discoverConfig>[1]) =>
    (await discoverConfig(fs, options)).clusters.map((entry) => entry.name);

  it('takes --config first, then LSST_CONFIG', async () => {
    const fs = new MemoryFileSystem(files);
    assert.deepEqual(await names(fs, { ...base, explicitPath: '/etc/explicit.yaml', env: '/etc/env.yaml' }), [
      'explicit',
    ]);
    assert.deepEqual(await names(fs, { ...base, env: '/etc/env.yaml' }), ['env']);
    assert.deepEqual(await names(fs, { ...base, env: '' }), ['app']);
  });

  it('resolves relative --config and LSST_CONFIG against the working directory', async () => {
    const fs = new MemoryFileSystem(files);
    const config = await discoverConfig(fs, { ...base, explicitPath: 'explicit.yaml', workingDirectory: '/etc' });
    assert.equal(config.source, '/etc/explicit.yaml');
  });

  it("then looks upward from the checked file's folder, .lsst.yaml before .lsst.yml", async () => {
    const fs = new MemoryFileSystem({ ...files, '/repo/deploy/.lsst.yaml': cluster('deploy-yaml') });
    assert.deepEqual(await names(fs, base), ['app']);
    assert.deepEqual(await names(fs, { ...base, startDirectory: '/repo/deploy/other' }), ['deploy-yaml']);
    const withoutYaml = new MemoryFileSystem(files);
    assert.deepEqual(await names(withoutYaml, { ...base, startDirectory: '/repo/deploy/other' }), ['deploy-yml']);
    assert.deepEqual(await names(withoutYaml, { ...base, startDirectory: '/repo/src' }), ['repo']);
  });

  it('then ~/.lsst.yaml, then the embedded defaults', async () => {
    const fs = new MemoryFileSystem(files);
    assert.deepEqual(await names(fs, { ...base, startDirectory: '/srv/elsewhere' }), ['home']);
    const empty = new MemoryFileSystem({});
    const config = await discoverConfig(empty, { ...base, startDirectory: '/srv/elsewhere' });
    assert.deepEqual(
      config.clusters.map((entry) => entry.name),
      ['dev', 'test', 'preprod', 'prod'],
    );
    assert.equal(config.source, undefined);
    // The system's and the user's files first: a project file's targets may name their clusters.
    assert.deepEqual(empty.reads, [
      '/etc/xdg/lsst/config.yaml',
      '/home/me/.config/lsst/config.yaml',
      '/home/me/.lsst.yaml',
      '/srv/elsewhere/.lsst.yaml',
      '/srv/elsewhere/.lsst.yml',
      '/srv/.lsst.yaml',
      '/srv/.lsst.yml',
      '/.lsst.yaml',
      '/.lsst.yml',
    ]);
  });

  it('records where the configuration came from', async () => {
    const config = await discoverConfig(new MemoryFileSystem(files), base);
    assert.equal(config.source, '/repo/deploy/app/.lsst.yaml');
  });
});

describe('discoverConfig: errors', () => {
  it('rejects a --config or LSST_CONFIG path that does not exist', async () => {
    const fs = new MemoryFileSystem({ '/repo/.lsst.yaml': cluster('repo') });
    await assert.rejects(discoverConfig(fs, { ...base, explicitPath: '/nope.yaml' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.file, '/nope.yaml');
      assert.equal(
        error.message,
        '/nope.yaml: the configuration file named by --config does not exist. Check the --config path.',
      );
      return true;
    });
    await assert.rejects(
      discoverConfig(fs, { ...base, env: '/gone.yaml' }),
      /named by LSST_CONFIG does not exist\. Check or unset LSST_CONFIG/,
    );
  });

  it('reports an invalid file found on the way up with its position, named as the caller wants', async () => {
    const fs = new MemoryFileSystem({ '/repo/.lsst.yaml': 'targets: [prd]\n' });
    await assert.rejects(
      discoverConfig(fs, { ...base, displayPath: (path) => path.replace('/repo/', '') }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.file, '.lsst.yaml');
        assert.deepEqual([error.line, error.column], [1, 11]);
        return true;
      },
    );
  });

  it('turns a failing read into a ConfigError', async () => {
    const fs: ConfigFileSystem = {
      readFile: async () => {
        throw new Error('EACCES: permission denied');
      },
    };
    await assert.rejects(discoverConfig(fs, base), /cannot be read \(EACCES: permission denied\)/);
  });

  it('checks rule names when the registry is given', async () => {
    const fs = new MemoryFileSystem({ '/repo/.lsst.yaml': 'rules:\n  image/pined: off\n' });
    await assert.rejects(discoverConfig(fs, { ...base, knownRules: ['image/pinned'] }), /Did you mean "image\/pinned"/);
    await discoverConfig(fs, base);
  });
});

describe('ConfigResolver', () => {
  it('reads each configuration once for many files and folders', async () => {
    const fs = new MemoryFileSystem({ '/repo/.lsst.yaml': cluster('repo') });
    const resolver = new ConfigResolver(fs, { homeDirectory: '/home/me' });
    const first = await resolver.forFile('/repo/a/x.yaml');
    const again = await resolver.forFile('/repo/a/y.yaml');
    const sibling = await resolver.forFile('/repo/b/z.yaml');
    assert.equal(first, again);
    assert.equal(first, sibling);
    assert.equal(fs.reads.filter((path) => path === '/repo/.lsst.yaml').length, 1);
    assert.deepEqual(fs.reads, [
      '/etc/xdg/lsst/config.yaml',
      '/home/me/.config/lsst/config.yaml',
      '/home/me/.lsst.yaml',
      '/repo/a/.lsst.yaml',
      '/repo/a/.lsst.yml',
      '/repo/.lsst.yaml',
      '/repo/b/.lsst.yaml',
      '/repo/b/.lsst.yml',
    ]);
  });

  it('reads again after clear()', async () => {
    const fs = new MemoryFileSystem({ '/repo/.lsst.yaml': cluster('one') });
    const resolver = new ConfigResolver(fs, { homeDirectory: '/home/me' });
    assert.equal((await resolver.forDirectory('/repo')).clusters[0]?.name, 'one');
    fs.files['/repo/.lsst.yaml'] = cluster('two');
    assert.equal((await resolver.forDirectory('/repo')).clusters[0]?.name, 'one');
    resolver.clear();
    assert.equal((await resolver.forDirectory('/repo')).clusters[0]?.name, 'two');
  });

  it('uses the explicit file for every folder', async () => {
    const fs = new MemoryFileSystem({ '/etc/c.yaml': cluster('explicit'), '/repo/.lsst.yaml': cluster('repo') });
    const resolver = new ConfigResolver(fs, { homeDirectory: '/home/me', explicitPath: '/etc/c.yaml' });
    assert.equal((await resolver.forDirectory('/repo')).clusters[0]?.name, 'explicit');
    assert.equal((await resolver.forDirectory('/srv')).clusters[0]?.name, 'explicit');
    assert.deepEqual(fs.reads, [
      '/etc/xdg/lsst/config.yaml',
      '/home/me/.config/lsst/config.yaml',
      '/home/me/.lsst.yaml',
      '/etc/c.yaml',
    ]);
  });
});

describe('combining the system, user and project files', () => {
  const userFile = `clusters:
  - { name: lsst-prod, role: production, kubernetesVersion: "1.29", match: { contexts: ["lsst-prod*"] } }
registries: { local: [registry.example.org] }
namespaces: { science: ["nb-*"] }
`;
  const examplesFile = 'namespaces: { default: demo }\n';

  it("applies the user's file wherever a command runs, with the project's merged over it key by key", async () => {
    const fs = new MemoryFileSystem({ '/home/me/.lsst.yaml': userFile, '/repo/examples/.lsst.yaml': examplesFile });
    const resolver = new ConfigResolver(fs, { homeDirectory: '/home/me' });
    const nowhere = await resolver.forDirectory('/srv/elsewhere');
    assert.deepEqual(
      nowhere.clusters.map((entry) => entry.name),
      ['lsst-prod'],
    );
    const examples = await resolver.forDirectory('/repo/examples');
    assert.deepEqual(
      examples.clusters.map((entry) => entry.name),
      ['lsst-prod'],
      'a project file that lists only namespaces keeps the user clusters',
    );
    assert.deepEqual(examples.namespaces, { science: ['nb-*'], default: 'demo' });
    assert.deepEqual(examples.registries.local, ['registry.example.org']);
    assert.equal(examples.source, '/repo/examples/.lsst.yaml');
    assert.deepEqual(
      examples.layers?.map((layer) => [layer.source, layer.trust]),
      [
        ['/home/me/.lsst.yaml', 'user'],
        ['/repo/examples/.lsst.yaml', 'project'],
      ],
    );
  });

  it('reads the XDG files: the system folders, then $XDG_CONFIG_HOME/lsst/config.yaml, then ~/.lsst.yaml', async () => {
    const fs = new MemoryFileSystem({
      '/opt/site/lsst/config.yaml': 'namespaces: { default: from-site }\nportRequests: { namespace: site-requests }\n',
      '/etc/xdg/lsst/config.yaml': 'namespaces: { default: from-etc, science: ["sci-*"] }\n',
      '/home/me/.xdg/lsst/config.yaml': 'namespaces: { default: from-xdg }\nregistries: { local: [xdg.example.org] }\n',
      '/home/me/.lsst.yaml': 'registries: { local: [home.example.org] }\n',
    });
    const config = await discoverConfig(fs, {
      ...base,
      ...trustedConfigLocations(
        { XDG_CONFIG_HOME: '/home/me/.xdg', XDG_CONFIG_DIRS: '/opt/site:/etc/xdg:relative/ignored' },
        '/home/me',
      ),
    });
    // The first XDG_CONFIG_DIRS folder is the most important; the user's files come after.
    assert.equal(config.portRequests.namespace, 'site-requests');
    assert.deepEqual(config.namespaces, { default: 'from-xdg', science: ['sci-*'] });
    assert.deepEqual(config.registries.local, ['home.example.org']);
    assert.deepEqual(
      config.layers?.map((layer) => layer.trust),
      ['system', 'system', 'user', 'user'],
    );
    assert.equal(config.userConfigFile, '/home/me/.xdg/lsst/config.yaml');
  });

  it('defaults to ~/.config and /etc/xdg, and reads ~/.lsst.yaml as the user file even from inside the home folder', async () => {
    assert.deepEqual(trustedConfigLocations({}, '/home/me'), {
      userConfigHome: '/home/me/.config',
      systemConfigDirectories: ['/etc/xdg'],
    });
    const fs = new MemoryFileSystem({ '/home/me/.lsst.yaml': userFile });
    const config = await discoverConfig(fs, { ...base, startDirectory: '/home/me/work' });
    assert.deepEqual(
      config.layers?.map((layer) => [layer.source, layer.trust]),
      [['/home/me/.lsst.yaml', 'user']],
    );
  });

  it('puts --config and LSST_CONFIG where the project file would be, over the user file', async () => {
    const fs = new MemoryFileSystem({ '/home/me/.lsst.yaml': userFile, '/etc/explicit.yaml': examplesFile });
    const config = await discoverConfig(fs, { ...base, explicitPath: '/etc/explicit.yaml' });
    assert.deepEqual(config.namespaces, { science: ['nb-*'], default: 'demo' });
    assert.deepEqual(
      config.layers?.map((layer) => layer.trust),
      ['user', 'project'],
    );
  });

  it("lets a project's targets name the clusters of the user's file", async () => {
    const fs = new MemoryFileSystem({ '/home/me/.lsst.yaml': userFile, '/repo/.lsst.yaml': 'targets: [lsst-prod]\n' });
    assert.deepEqual((await discoverConfig(fs, base)).targets, ['lsst-prod']);
    const wrong = new MemoryFileSystem({ '/home/me/.lsst.yaml': userFile, '/repo/.lsst.yaml': 'targets: [dev]\n' });
    await assert.rejects(
      discoverConfig(wrong, base),
      /target "dev" is not a cluster.* Name one of the clusters: lsst-prod/,
    );
  });

  it('reports an invalid user file by name, wherever the command runs', async () => {
    const fs = new MemoryFileSystem({ '/home/me/.config/lsst/config.yaml': 'targets: [prd]\n' });
    await assert.rejects(discoverConfig(fs, { ...base, startDirectory: '/srv' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.file, '/home/me/.config/lsst/config.yaml');
      return true;
    });
  });
});
