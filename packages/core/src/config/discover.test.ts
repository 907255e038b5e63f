import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigFileSystem, ConfigResolver, discoverConfig } from './discover.ts';
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
    assert.deepEqual(empty.reads, [
      '/srv/elsewhere/.lsst.yaml',
      '/srv/elsewhere/.lsst.yml',
      '/srv/.lsst.yaml',
      '/srv/.lsst.yml',
      '/.lsst.yaml',
      '/.lsst.yml',
      '/home/me/.lsst.yaml',
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
    assert.deepEqual(fs.reads, ['/etc/c.yaml']);
  });
});
