// Service daemons and process supervisors, by the package names that install them.
//
// Sources (package names):
// - Debian and Ubuntu: https://packages.debian.org/ , https://packages.ubuntu.com/
// - RHEL, CentOS, Fedora, Rocky, Alma: https://packages.fedoraproject.org/ , https://rpmfind.net/ ,
//   PostgreSQL PGDG (https://www.postgresql.org/download/linux/redhat/), MongoDB
//   (https://www.mongodb.com/docs/manual/administration/install-on-linux/)
// - Alpine: https://pkgs.alpinelinux.org/packages
// - PyPI: https://pypi.org/project/supervisor/ , https://pypi.org/project/circus/
// - s6-overlay: https://github.com/just-containers/s6-overlay ; runit: https://smarden.org/runit/
// Compiled: 2026-11-27.
//
// A container that installs two or more distinct services, or any process supervisor, is multi-purpose
// (DMTN-095 1.2.1). Names are matched after version constraints are stripped (see packageBaseName).

import { keptPerPackage, type PackageManager, packageBaseName } from './package-managers.ts';

export type ServiceKind =
  | 'database'
  | 'broker'
  | 'cache'
  | 'search'
  | 'coordination'
  | 'web-server'
  | 'proxy'
  | 'remote-access'
  | 'scheduler'
  | 'supervisor';

export interface ServiceDaemon {
  /** Stable identifier: two packages with the same service are one service (`mysql` covers MariaDB too). */
  service: string;
  label: string;
  kind: ServiceKind;
  /** Package names per manager; a pattern covers version-suffixed names (`postgresql-15`, `postgresql15-server`). */
  packages: Partial<Record<PackageManager, readonly RegExp[]>>;
  /** Executables that start the daemon in the foreground, for CMD/ENTRYPOINT and container commands. */
  executables: readonly string[];
}

// biome-ignore format: one row per line keeps the table reviewable
export const SERVICE_DAEMONS: readonly ServiceDaemon[] = [
  { service: 'postgresql', label: 'PostgreSQL', kind: 'database', packages: { apt: [/^postgresql(-\d+(\.\d+)?)?$/], yum: [/^postgresql(\d+)?-server$/], apk: [/^postgresql(\d+)?$/] }, executables: ['postgres', 'postmaster', 'pg_ctl', 'pg_ctlcluster'] },
  { service: 'mysql', label: 'MySQL/MariaDB', kind: 'database', packages: { apt: [/^mysql-server(-\d+(\.\d+)?)?$/, /^mariadb-server(-\d+(\.\d+)?)?$/, /^default-mysql-server$/, /^percona-server-server(-\d+(\.\d+)?)?$/], yum: [/^mysql-server$/, /^mysql-community-server$/, /^mariadb-server$/, /^MariaDB-server$/, /^community-mysql-server$/], apk: [/^mariadb$/, /^mysql$/] }, executables: ['mysqld', 'mysqld_safe', 'mariadbd', 'mariadbd-safe'] },
  { service: 'redis', label: 'Redis', kind: 'cache', packages: { apt: [/^redis-server$/, /^redis$/], yum: [/^redis(\d+)?$/], apk: [/^redis$/] }, executables: ['redis-server'] },
  { service: 'valkey', label: 'Valkey', kind: 'cache', packages: { apt: [/^valkey-server$/, /^valkey$/], yum: [/^valkey$/], apk: [/^valkey$/] }, executables: ['valkey-server'] },
  { service: 'memcached', label: 'Memcached', kind: 'cache', packages: { apt: [/^memcached$/], yum: [/^memcached$/], apk: [/^memcached$/] }, executables: ['memcached'] },
  { service: 'rabbitmq', label: 'RabbitMQ', kind: 'broker', packages: { apt: [/^rabbitmq-server$/], yum: [/^rabbitmq-server$/], apk: [/^rabbitmq-server$/] }, executables: ['rabbitmq-server'] },
  { service: 'kafka', label: 'Apache Kafka', kind: 'broker', packages: { apt: [/^kafka$/, /^confluent-kafka$/, /^confluent-server$/], yum: [/^kafka$/, /^confluent-kafka$/, /^confluent-server$/], apk: [/^kafka$/] }, executables: ['kafka-server-start.sh', 'kafka-server-start'] },
  { service: 'mosquitto', label: 'Mosquitto MQTT broker', kind: 'broker', packages: { apt: [/^mosquitto$/], yum: [/^mosquitto$/], apk: [/^mosquitto$/] }, executables: ['mosquitto'] },
  { service: 'zookeeper', label: 'Apache ZooKeeper', kind: 'coordination', packages: { apt: [/^zookeeper$/, /^zookeeperd$/], yum: [/^zookeeper$/], apk: [/^zookeeper$/] }, executables: ['zkServer.sh', 'zookeeper-server-start.sh', 'zookeeper-server-start'] },
  { service: 'etcd', label: 'etcd', kind: 'coordination', packages: { apt: [/^etcd$/, /^etcd-server$/], yum: [/^etcd$/], apk: [/^etcd$/] }, executables: ['etcd'] },
  { service: 'mongodb', label: 'MongoDB', kind: 'database', packages: { apt: [/^mongodb$/, /^mongodb-server$/, /^mongodb-org$/, /^mongodb-org-server$/], yum: [/^mongodb-org$/, /^mongodb-org-server$/, /^mongodb-server$/], apk: [/^mongodb$/] }, executables: ['mongod'] },
  { service: 'elasticsearch', label: 'Elasticsearch/OpenSearch', kind: 'search', packages: { apt: [/^elasticsearch$/, /^opensearch$/], yum: [/^elasticsearch$/, /^opensearch$/], apk: [/^elasticsearch$/] }, executables: ['elasticsearch', 'opensearch'] },
  { service: 'solr', label: 'Apache Solr', kind: 'search', packages: { apt: [/^solr-tomcat$/, /^solr-jetty$/], yum: [/^solr$/] }, executables: ['solr'] },
  { service: 'nginx', label: 'nginx', kind: 'web-server', packages: { apt: [/^nginx$/, /^nginx-(core|full|light|extras)$/], yum: [/^nginx$/], apk: [/^nginx$/] }, executables: ['nginx'] },
  { service: 'apache', label: 'Apache httpd', kind: 'web-server', packages: { apt: [/^apache2$/], yum: [/^httpd$/], apk: [/^apache2$/] }, executables: ['httpd', 'apache2', 'apache2ctl', 'apachectl', 'httpd-foreground'] },
  { service: 'lighttpd', label: 'lighttpd', kind: 'web-server', packages: { apt: [/^lighttpd$/], yum: [/^lighttpd$/], apk: [/^lighttpd$/] }, executables: ['lighttpd'] },
  { service: 'tomcat', label: 'Apache Tomcat', kind: 'web-server', packages: { apt: [/^tomcat\d*$/], yum: [/^tomcat$/], apk: [/^tomcat\d*$/] }, executables: ['catalina.sh'] },
  { service: 'haproxy', label: 'HAProxy', kind: 'proxy', packages: { apt: [/^haproxy$/], yum: [/^haproxy$/], apk: [/^haproxy$/] }, executables: ['haproxy'] },
  { service: 'squid', label: 'Squid', kind: 'proxy', packages: { apt: [/^squid$/], yum: [/^squid$/], apk: [/^squid$/] }, executables: ['squid'] },
  { service: 'sshd', label: 'OpenSSH server', kind: 'remote-access', packages: { apt: [/^openssh-server$/], yum: [/^openssh-server$/], apk: [/^openssh-server$/, /^openssh$/] }, executables: ['sshd'] },
  { service: 'cron', label: 'cron', kind: 'scheduler', packages: { apt: [/^cron$/, /^cronie$/, /^anacron$/], yum: [/^cronie$/, /^cronie-anacron$/], apk: [/^cronie$/, /^dcron$/] }, executables: ['cron', 'crond'] },
];

/** Process supervisors: their presence alone means the container is meant to run several processes. */
// biome-ignore format: one row per line keeps the table reviewable
export const PROCESS_SUPERVISORS: readonly ServiceDaemon[] = [
  { service: 'supervisor', label: 'Supervisor', kind: 'supervisor', packages: { apt: [/^supervisor$/], yum: [/^supervisor$/], apk: [/^supervisor$/], pip: [/^supervisor$/] }, executables: ['supervisord'] },
  { service: 'circus', label: 'Circus', kind: 'supervisor', packages: { apt: [/^circus$/], pip: [/^circus$/] }, executables: ['circusd'] },
  { service: 's6', label: 's6', kind: 'supervisor', packages: { apt: [/^s6$/], apk: [/^s6$/, /^s6-overlay$/] }, executables: ['s6-svscan', 's6-supervise', '/init'] },
  { service: 'runit', label: 'runit', kind: 'supervisor', packages: { apt: [/^runit$/], yum: [/^runit$/], apk: [/^runit$/] }, executables: ['runsvdir', 'runsv', 'runit'] },
  { service: 'daemontools', label: 'daemontools', kind: 'supervisor', packages: { apt: [/^daemontools$/], apk: [/^daemontools$/] }, executables: ['svscan', 'svscanboot'] },
  { service: 'monit', label: 'Monit', kind: 'supervisor', packages: { apt: [/^monit$/], yum: [/^monit$/], apk: [/^monit$/] }, executables: ['monit'] },
  { service: 'systemd', label: 'systemd as PID 1', kind: 'supervisor', packages: {}, executables: ['/sbin/init', '/usr/sbin/init', '/lib/systemd/systemd', '/usr/lib/systemd/systemd', 'systemd'] },
];

const ALL_DAEMONS: readonly ServiceDaemon[] = [...SERVICE_DAEMONS, ...PROCESS_SUPERVISORS];

/**
 * The service or supervisor a package installs, or undefined. Accepts the word as written in the install
 * command (`postgresql-15=15.4-1`, `Supervisor==4.2`), since it strips version constraints first.
 */
export const serviceOfPackage: (manager: PackageManager, packageName: string) => ServiceDaemon | undefined =
  keptPerPackage((manager, packageName) => {
    const name = packageBaseName(manager, packageName);
    return ALL_DAEMONS.find((daemon) => daemon.packages[manager]?.some((pattern) => pattern.test(name)));
  });

/** The service or supervisor an executable starts (`/usr/sbin/nginx`, `redis-server`), or undefined. */
export function serviceOfExecutable(executable: string): ServiceDaemon | undefined {
  // The first daemon that lists the executable as written; else the first that lists its base name alone.
  const index = executableIndex();
  return index.byExecutable.get(executable) ?? index.byBaseName.get(executable.slice(executable.lastIndexOf('/') + 1));
}

let executables: { byExecutable: Map<string, ServiceDaemon>; byBaseName: Map<string, ServiceDaemon> } | undefined;

/** The daemons by the executables they list, made on first use: every command of every container asks. */
function executableIndex(): NonNullable<typeof executables> {
  if (executables) return executables;
  const byExecutable = new Map<string, ServiceDaemon>();
  const byBaseName = new Map<string, ServiceDaemon>();
  for (const daemon of ALL_DAEMONS) {
    for (const known of daemon.executables) {
      if (!byExecutable.has(known)) byExecutable.set(known, daemon);
      if (!known.includes('/') && !byBaseName.has(known)) byBaseName.set(known, daemon);
    }
  }
  executables = { byExecutable, byBaseName };
  return executables;
}

export interface ServiceStart {
  /** How the start was written. */
  form: 'service' | 'systemctl' | 'init.d' | 'supervisor' | 'executable';
  /** The service name as written (`postgresql`, `nginx`), when the command names one. */
  name?: string;
  daemon?: ServiceDaemon;
}

/**
 * Recognises a simple command (its words, unquoted) that starts a long-running service: `service X start`,
 * `systemctl start X`, `/etc/init.d/X start`, `rc-service X start`, `supervisord`, `s6-svscan`, `runsvdir`,
 * or a daemon executable (`nginx`, `redis-server`). Returns undefined for anything else.
 */
export function serviceStartOf(words: readonly string[]): ServiceStart | undefined {
  const [first, second, third] = words;
  if (first === undefined) return undefined;
  const base = first.split('/').pop() ?? first;
  if ((base === 'service' || base === 'rc-service') && second && (third === 'start' || third === 'restart')) {
    return { form: 'service', name: second, daemon: daemonByServiceName(second) };
  }
  if (base === 'systemctl' && (second === 'start' || second === 'restart') && third) {
    const name = third.replace(/\.service$/, '');
    return { form: 'systemctl', name, daemon: daemonByServiceName(name) };
  }
  const initScript = /^\/etc\/(?:rc\.d\/)?init\.d\/(.+)$/.exec(first);
  if (initScript?.[1] && (second === 'start' || second === 'restart')) {
    return { form: 'init.d', name: initScript[1], daemon: daemonByServiceName(initScript[1]) };
  }
  const daemon = serviceOfExecutable(first);
  if (!daemon) return undefined;
  return { form: daemon.kind === 'supervisor' ? 'supervisor' : 'executable', name: base, daemon };
}

// Init-script and unit names differ from package names (`postgresql`, `mysql`, `apache2`, `ssh`).
function daemonByServiceName(name: string): ServiceDaemon | undefined {
  const aliases: Record<string, string> = {
    ssh: 'sshd',
    apache2: 'apache',
    httpd: 'apache',
    mariadb: 'mysql',
    mysqld: 'mysql',
    'redis-server': 'redis',
    crond: 'cron',
    'rabbitmq-server': 'rabbitmq',
    supervisord: 'supervisor',
    mongod: 'mongodb',
  };
  const service = aliases[name] ?? name.replace(/@.*$/, '').replace(/-\d+(\.\d+)?$/, '');
  return ALL_DAEMONS.find((daemon) => daemon.service === service);
}
