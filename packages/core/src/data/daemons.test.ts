import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PROCESS_SUPERVISORS,
  SERVICE_DAEMONS,
  serviceOfExecutable,
  serviceOfPackage,
  serviceStartOf,
} from './daemons.ts';
import { findPackageInstalls } from './package-managers.ts';

const serviceOf = (...args: Parameters<typeof serviceOfPackage>) => serviceOfPackage(...args)?.service;

describe('serviceOfPackage', () => {
  it('knows each service under each manager, with version suffixes and constraints', () => {
    assert.equal(serviceOf('apt', 'postgresql'), 'postgresql');
    assert.equal(serviceOf('apt', 'postgresql-15'), 'postgresql');
    assert.equal(serviceOf('apt', 'postgresql-15=15.4-1.pgdg120+1'), 'postgresql');
    assert.equal(serviceOf('yum', 'postgresql-server'), 'postgresql');
    assert.equal(serviceOf('yum', 'postgresql15-server'), 'postgresql');
    assert.equal(serviceOf('apk', 'postgresql16'), 'postgresql');
    assert.equal(serviceOf('apt', 'mariadb-server'), 'mysql');
    assert.equal(serviceOf('yum', 'mysql-server'), 'mysql');
    assert.equal(serviceOf('apt', 'redis-server'), 'redis');
    assert.equal(serviceOf('apt', 'nginx-full'), 'nginx');
    assert.equal(serviceOf('apt', 'apache2'), 'apache');
    assert.equal(serviceOf('yum', 'httpd'), 'apache');
    assert.equal(serviceOf('apt', 'openssh-server'), 'sshd');
    assert.equal(serviceOf('apt', 'zookeeperd'), 'zookeeper');
  });

  it('does not take clients and libraries for servers', () => {
    for (const name of [
      'postgresql-client',
      'postgresql-client-15',
      'libpq-dev',
      'mysql-client',
      'redis-tools',
      'nginx-common',
      'apache2-utils',
      'openssh-client',
      'python3-redis',
    ]) {
      assert.equal(serviceOfPackage('apt', name), undefined, name);
    }
    assert.equal(serviceOfPackage('pip', 'redis'), undefined);
    assert.equal(serviceOfPackage('yum', 'postgresql'), undefined);
  });

  it('finds process supervisors, also from pip with any spelling', () => {
    assert.equal(serviceOfPackage('apt', 'supervisor')?.kind, 'supervisor');
    assert.equal(serviceOf('pip', 'Supervisor==4.2.5'), 'supervisor');
    assert.equal(serviceOf('pip', 'circus'), 'circus');
    assert.equal(serviceOf('apk', 's6-overlay'), 's6');
    assert.equal(serviceOf('apk', 'runit'), 'runit');
  });

  it('counts distinct services in a real install line', () => {
    const [install] = findPackageInstalls(
      'apt-get install -y --no-install-recommends postgresql-15 redis-server postgresql-contrib curl',
    );
    const services = new Set(install?.packages.map((p) => serviceOfPackage('apt', p.name)?.service).filter(Boolean));
    assert.deepEqual([...services], ['postgresql', 'redis']);
  });

  it('has no two rows for the same service', () => {
    const services = [...SERVICE_DAEMONS, ...PROCESS_SUPERVISORS].map((daemon) => daemon.service);
    assert.equal(new Set(services).size, services.length);
  });
});

describe('service starts', () => {
  it('recognises the usual forms', () => {
    assert.deepEqual(serviceStartOf(['service', 'postgresql', 'start'])?.daemon?.service, 'postgresql');
    assert.equal(serviceStartOf(['systemctl', 'start', 'nginx.service'])?.daemon?.service, 'nginx');
    assert.equal(serviceStartOf(['/etc/init.d/ssh', 'start'])?.daemon?.service, 'sshd');
    assert.equal(serviceStartOf(['/etc/init.d/mysql', 'restart'])?.form, 'init.d');
    assert.equal(serviceStartOf(['supervisord', '-n'])?.form, 'supervisor');
    assert.equal(serviceStartOf(['s6-svscan', '/etc/s6'])?.form, 'supervisor');
    assert.equal(serviceStartOf(['runsvdir', '-P', '/etc/service'])?.form, 'supervisor');
    assert.equal(serviceStartOf(['/usr/sbin/nginx', '-g', 'daemon off;'])?.daemon?.service, 'nginx');
    assert.equal(serviceStartOf(['redis-server', '--appendonly', 'yes'])?.form, 'executable');
    assert.equal(serviceStartOf(['service', 'my-app', 'start'])?.name, 'my-app');
  });

  it('leaves other commands alone', () => {
    assert.equal(serviceStartOf(['service', 'nginx', 'status']), undefined);
    assert.equal(serviceStartOf(['python', 'app.py']), undefined);
    assert.equal(serviceStartOf([]), undefined);
    assert.equal(serviceOfExecutable('/opt/app/run'), undefined);
  });
});

describe('lookups by package and executable', () => {
  const daemons = [...SERVICE_DAEMONS, ...PROCESS_SUPERVISORS];
  // The tables' meaning, written as plainly as possible: the first row that matches.
  const firstListing = (executable: string) =>
    daemons.find((daemon) => daemon.executables.includes(executable)) ??
    daemons.find((daemon) =>
      daemon.executables.some((known) => !known.includes('/') && known === executable.split('/').pop()),
    );

  it('find by executable what a search of the table finds, for every executable it lists', () => {
    const executables = daemons.flatMap((daemon) => daemon.executables);
    const asked = [
      ...executables,
      ...executables.map((known) => `/opt/bin/${known.split('/').pop()}`),
      ...executables.map((known) => known.split('/').pop() ?? known),
      'python',
      '/usr/bin/',
      '',
      'nginx/',
    ];
    for (const executable of asked) assert.equal(serviceOfExecutable(executable), firstListing(executable), executable);
  });

  it('give the same answer when asked again, and tell managers apart', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(serviceOf('apt', 'postgresql-15'), 'postgresql');
      assert.equal(serviceOf('apt', 'postgresql-client'), undefined);
      assert.equal(serviceOf('pip', 'supervisor'), 'supervisor');
      assert.equal(serviceOf('apk', 'nginx'), 'nginx');
    }
  });
});
