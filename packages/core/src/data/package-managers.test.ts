import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cleansYumCache,
  findPackageInstalls,
  packageBaseName,
  parseShellCommands,
  removesAptLists,
  skipsPipCache,
  skipsRecommends,
  updatesAptLists,
} from './package-managers.ts';

const wordsOf = (text: string) => parseShellCommands(text).map((command) => command.words.map((word) => word.text));
const sliceOf = (text: string, range: readonly [number, number]) => text.slice(range[0], range[1]);

function onlyInstall(text: string) {
  const installs = findPackageInstalls(text);
  assert.equal(installs.length, 1, `expected one install in ${JSON.stringify(text)}`);
  return installs[0] as NonNullable<(typeof installs)[0]>;
}

describe('parseShellCommands', () => {
  it('parses a command of 300,000 words (a 600 kB RUN line) without overflowing the stack', () => {
    const text = `apt-get install -y${' a'.repeat(300_000)}`;
    const [command] = parseShellCommands(text);
    assert.equal(command?.words.length, 300_003);
    assert.deepEqual(command?.range, [0, text.length]);
    const [install] = findPackageInstalls(`apt-get install ${'-y '.repeat(300_000)}gcc`);
    assert.equal(install?.packages.length, 1);
  });

  it('splits on &&, ||, ;, |, & and newlines', () => {
    assert.deepEqual(wordsOf('a 1 && b 2 || c; d | e & f\ng'), [
      ['a', '1'],
      ['b', '2'],
      ['c'],
      ['d'],
      ['e'],
      ['f'],
      ['g'],
    ]);
    assert.deepEqual(
      parseShellCommands('a && b || c').map((command) => command.terminator),
      ['&&', '||', undefined],
    );
  });

  it('joins backslash-newline continuations, also inside a word', () => {
    const text = 'apt-get update \\\n  && apt-get install -y \\\n    curl \\\n    wget';
    assert.deepEqual(wordsOf(text), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl', 'wget'],
    ]);
    assert.deepEqual(wordsOf('ec\\\nho hi'), [['echo', 'hi']]);
    assert.deepEqual(wordsOf('a \\\r\n b'), [['a', 'b']]);
  });

  it('removes quotes and keeps operators inside quotes as text', () => {
    assert.deepEqual(wordsOf(`echo 'a && b' "c; d" e\\ f "g\\"h" 'it'"'"'s'`), [
      ['echo', 'a && b', 'c; d', 'e f', 'g"h', "it's"],
    ]);
  });

  it('keeps expansions whole and marks them', () => {
    const [command] = parseShellCommands('echo $HOME ${A:-x y} "$(uname -r && id)" `date +%s` $((1 + 2))');
    assert.deepEqual(
      command?.words.map((word) => word.text),
      ['echo', '$HOME', '${A:-x y}', '$(uname -r && id)', '`date +%s`', '$((1 + 2))'],
    );
    assert.deepEqual(
      command?.words.map((word) => word.expansion),
      [false, true, true, true, true, true],
    );
  });

  it('gives each word its offsets in the text, quotes included', () => {
    const text = "RUN_ME=1 pip install 'x>=1' \\\n  y";
    const [command] = parseShellCommands(text);
    assert.ok(command);
    assert.deepEqual(
      command.assignments.map((word) => word.text),
      ['RUN_ME=1'],
    );
    for (const word of command.words) assert.equal(sliceOf(text, word.range), word.raw);
    assert.equal(command.words[2]?.raw, "'x>=1'");
    assert.equal(sliceOf(text, command.range), text);
  });

  it('sets redirections and comments aside', () => {
    assert.deepEqual(wordsOf('apt-get update > /dev/null 2>&1 && echo ok >>log # trailing && comment'), [
      ['apt-get', 'update'],
      ['echo', 'ok'],
    ]);
    const [command] = parseShellCommands('cmd 2>/dev/null &>all');
    assert.deepEqual(
      command?.words.map((word) => word.text),
      ['cmd'],
    );
    assert.deepEqual(
      command?.redirections.map((word) => word.text),
      ['2>', '/dev/null', '&>', 'all'],
    );
  });

  it('drops reserved words and sees commands in subshells and conditions', () => {
    assert.deepEqual(wordsOf('if [ -f x ]; then apt-get install -y a; fi'), [
      ['[', '-f', 'x', ']'],
      ['apt-get', 'install', '-y', 'a'],
    ]);
    assert.deepEqual(wordsOf('(cd /tmp && make)'), [['cd', '/tmp'], ['make']]);
  });

  it('survives unterminated quotes and empty text', () => {
    assert.deepEqual(wordsOf(''), []);
    assert.deepEqual(wordsOf("echo 'open"), [['echo', 'open']]);
    assert.deepEqual(wordsOf('echo "open $(x'), [['echo', 'open $(x']]);
  });
});

describe('findPackageInstalls', () => {
  it('apt-get -y install with the flag before the subcommand', () => {
    const install = onlyInstall('apt-get -y install curl');
    assert.equal(install.manager, 'apt');
    assert.equal(install.subcommand, 'install');
    assert.deepEqual(
      install.packages.map((p) => p.name),
      ['curl'],
    );
    assert.deepEqual(
      install.flags.map((f) => f.name),
      ['-y'],
    );
  });

  it('apt-get install -y --no-install-recommends a b=1.2, pointing at each package word', () => {
    const text = 'apt-get update && apt-get install -y --no-install-recommends a b=1.2 && rm -rf /var/lib/apt/lists/*';
    const install = onlyInstall(text);
    assert.deepEqual(
      install.packages.map((p) => [p.name, p.baseName, sliceOf(text, p.range)]),
      [
        ['a', 'a', 'a'],
        ['b=1.2', 'b', 'b=1.2'],
      ],
    );
    assert.ok(skipsRecommends(install));
    assert.ok(removesAptLists(parseShellCommands(text)));
    assert.equal(sliceOf(text, install.commandRange), 'apt-get install -y --no-install-recommends a b=1.2');
  });

  it('what fills the package lists: an update, and add-apt-repository unless told not to', () => {
    const fills = (text: string) => updatesAptLists(parseShellCommands(text));
    assert.ok(fills('apt-get update'));
    assert.ok(fills('sudo apt -qq update && apt install -y vim'));
    assert.ok(fills('add-apt-repository -y ppa:deadsnakes/ppa'));
    assert.ok(!fills('add-apt-repository -n ppa:deadsnakes/ppa'));
    assert.ok(!fills('apt-get install -y ./tool.deb'));
    assert.ok(!fills('apt-get upgrade -y && echo update'));
  });

  it('apt flags that take a value are not packages', () => {
    const install = onlyInstall('apt-get install -o Dpkg::Options::=--force-confnew -t bookworm-backports -qq vim');
    assert.deepEqual(
      install.packages.map((p) => p.name),
      ['vim'],
    );
    assert.equal(install.flags.find((f) => f.name === '-t')?.value, 'bookworm-backports');
    assert.ok(!skipsRecommends(install));
    assert.ok(skipsRecommends(onlyInstall('apt-get install -o APT::Install-Recommends=false vim')));
  });

  it('looks through continuations, wrappers and assignments', () => {
    const text = 'set -eux; \\\n  DEBIAN_FRONTEND=noninteractive sudo -E apt install \\\n    gcc \\\n    make';
    const install = onlyInstall(text);
    assert.equal(install.tool, 'apt');
    assert.deepEqual(
      install.packages.map((p) => sliceOf(text, p.range)),
      ['gcc', 'make'],
    );
    assert.deepEqual(
      install.command.assignments.map((word) => word.text),
      ['DEBIAN_FRONTEND=noninteractive'],
    );
  });

  it('reports $VAR packages as expansions', () => {
    const install = onlyInstall('apt-get install -y $BUILD_DEPS "${RUNTIME_DEPS}" tini');
    assert.deepEqual(
      install.packages.map((p) => [p.name, p.word.expansion]),
      [
        ['$BUILD_DEPS', true],
        ['${RUNTIME_DEPS}', true],
        ['tini', false],
      ],
    );
  });

  it('pip install -r req.txt has a requirement file and no package', () => {
    const install = onlyInstall('pip install --no-cache-dir -r req.txt');
    assert.equal(install.manager, 'pip');
    assert.deepEqual(install.packages, []);
    assert.deepEqual(
      install.requirementFiles.map((word) => word.text),
      ['req.txt'],
    );
    assert.ok(skipsPipCache(install));
  });

  it("pip install 'x>=1' keeps the constraint in the name and strips it from the base name", () => {
    const text = "pip3 install 'x>=1' Foo_Bar[extra]==2.0 --upgrade";
    const install = onlyInstall(text);
    assert.deepEqual(
      install.packages.map((p) => [p.name, p.baseName, sliceOf(text, p.range)]),
      [
        ['x>=1', 'x', "'x>=1'"],
        ['Foo_Bar[extra]==2.0', 'foo-bar', 'Foo_Bar[extra]==2.0'],
      ],
    );
    assert.ok(!skipsPipCache(install));
  });

  it('finds python -m pip and uv pip, and honours PIP_NO_CACHE_DIR', () => {
    assert.deepEqual(
      onlyInstall('python3 -m pip install requests').packages.map((p) => p.name),
      ['requests'],
    );
    assert.deepEqual(
      onlyInstall('python3.11 -u -m pip install -U pip').packages.map((p) => p.name),
      ['pip'],
    );
    assert.equal(onlyInstall('uv pip install --system ruff').manager, 'pip');
    assert.ok(skipsPipCache(onlyInstall('PIP_NO_CACHE_DIR=1 pip install x')));
    assert.ok(!skipsPipCache(onlyInstall('PIP_NO_CACHE_DIR=0 pip install x')));
    assert.deepEqual(findPackageInstalls('python3 setup.py install'), []);
    assert.deepEqual(findPackageInstalls('pip freeze > requirements.txt'), []);
  });

  it('dnf -y install, microdnf and yum clean all', () => {
    const text = 'dnf -y install --setopt=tsflags=nodocs --enablerepo crb gcc-c++ && dnf clean all';
    const install = onlyInstall(text);
    assert.equal(install.manager, 'yum');
    assert.equal(install.tool, 'dnf');
    assert.deepEqual(
      install.packages.map((p) => p.name),
      ['gcc-c++'],
    );
    assert.ok(cleansYumCache(parseShellCommands(text)));
    assert.ok(!cleansYumCache(parseShellCommands('yum install -y x')));
    assert.ok(cleansYumCache(parseShellCommands('yum install -y x && rm -rf /var/cache/yum')));
    assert.deepEqual(
      onlyInstall('microdnf install -y shadow-utils').packages.map((p) => p.name),
      ['shadow-utils'],
    );
  });

  it('yum groupinstall "Development Tools" is one group, pointed at with its quotes', () => {
    const text = 'yum groupinstall -y "Development Tools"';
    const install = onlyInstall(text);
    assert.equal(install.subcommand, 'groupinstall');
    assert.deepEqual(
      install.packages.map((p) => [p.name, p.group, sliceOf(text, p.range)]),
      [['Development Tools', true, '"Development Tools"']],
    );
    const dnfGroup = onlyInstall('dnf group install -y development-tools');
    assert.equal(dnfGroup.subcommand, 'group install');
    assert.equal(dnfGroup.packages[0]?.group, true);
    assert.equal(onlyInstall('dnf install -y @development-tools').packages[0]?.group, true);
  });

  it('apk add --no-cache --virtual .build-deps gcc: the virtual name is not a package', () => {
    const install = onlyInstall('apk add --no-cache --virtual .build-deps gcc musl-dev');
    assert.equal(install.manager, 'apk');
    assert.deepEqual(
      install.packages.map((p) => p.name),
      ['gcc', 'musl-dev'],
    );
    assert.equal(install.flags.find((f) => f.name === '--virtual')?.value, '.build-deps');
    assert.deepEqual(
      onlyInstall('apk --no-cache add -t .deps curl=8.5.0-r0').packages.map((p) => p.baseName),
      ['curl'],
    );
  });

  it('ignores commands that are not installs, and finds several installs in one RUN', () => {
    assert.deepEqual(findPackageInstalls('apt-get update && apt-get upgrade -y && echo apt-get install x'), []);
    assert.deepEqual(findPackageInstalls('yum update -y'), []);
    const installs = findPackageInstalls('apk add --no-cache python3 && pip3 install --no-cache-dir flask');
    assert.deepEqual(
      installs.map((install) => install.manager),
      ['apk', 'pip'],
    );
  });

  it('treats words after -- as packages', () => {
    assert.deepEqual(
      onlyInstall('apt-get install -y -- -weird').packages.map((p) => p.name),
      ['-weird'],
    );
  });
});

describe('packageBaseName', () => {
  it('strips each manager its own way', () => {
    assert.equal(packageBaseName('apt', 'libssl-dev:amd64'), 'libssl-dev');
    assert.equal(packageBaseName('apt', 'vim/bookworm-backports'), 'vim');
    assert.equal(packageBaseName('apk', 'nginx~1.24'), 'nginx');
    assert.equal(packageBaseName('apk', 'py3-pip@edge'), 'py3-pip');
    assert.equal(packageBaseName('yum', 'gcc.x86_64'), 'gcc');
    assert.equal(packageBaseName('pip', 'Django~=4.2'), 'django');
    assert.equal(packageBaseName('pip', 'zope.interface'), 'zope-interface');
  });
});
