// Compilers and build tools, by the package names that install them.
//
// Sources (package names):
// - Debian and Ubuntu: https://packages.debian.org/ (build-essential, gcc-N, g++-N, clang-N, golang-1.N-go ...)
// - RHEL, CentOS, Fedora: https://packages.fedoraproject.org/ (gcc-c++, gcc-gfortran, cmake3, gcc-toolset-N,
//   devtoolset-N from Software Collections), `dnf group info "Development Tools"`
// - Alpine: https://pkgs.alpinelinux.org/packages (build-base, gcc, g++, clangN, go, rust, cargo)
// - PyPI: https://pypi.org/project/cmake/ , https://pypi.org/project/ninja/ , https://pypi.org/project/meson/
// Compiled: 2026-11-27.
//
// Deliberately left out: header and library packages (libc6-dev, musl-dev, linux-headers, python3-dev, *-devel),
// pkg-config, git, and pip packages that only build Python extensions (Cython, setuptools-rust): they are often
// needed at run time or are not compilers. Version-suffixed names (`gcc-12`, `clang15`, `golang-1.21-go`) match.

import { keptPerPackage, type PackageManager, packageBaseName } from './package-managers.ts';

export interface BuildTool {
  /** Stable identifier of the tool: `gcc`, `make`, `go`. */
  tool: string;
  label: string;
  packages: Partial<Record<PackageManager, readonly RegExp[]>>;
}

// biome-ignore format: one row per line keeps the table reviewable
export const BUILD_TOOLS: readonly BuildTool[] = [
  { tool: 'build-essential', label: 'build-essential (gcc, g++, make)', packages: { apt: [/^build-essential$/], apk: [/^build-base$/, /^alpine-sdk$/] } },
  { tool: 'gcc', label: 'GCC C compiler', packages: { apt: [/^gcc(-\d+(\.\d+)?)?$/, /^gcc-\d+-[a-z0-9_-]+-linux-gnu[a-z]*$/], yum: [/^gcc$/, /^gcc-toolset-\d+(-gcc)?$/, /^devtoolset-\d+(-gcc)?$/], apk: [/^gcc$/] } },
  { tool: 'g++', label: 'GCC C++ compiler', packages: { apt: [/^g\+\+(-\d+(\.\d+)?)?$/], yum: [/^gcc-c\+\+$/, /^gcc-toolset-\d+-gcc-c\+\+$/, /^devtoolset-\d+-gcc-c\+\+$/], apk: [/^g\+\+$/] } },
  { tool: 'gfortran', label: 'GNU Fortran compiler', packages: { apt: [/^gfortran(-\d+(\.\d+)?)?$/], yum: [/^gcc-gfortran$/, /^gcc-toolset-\d+-gcc-gfortran$/, /^devtoolset-\d+-gcc-gfortran$/], apk: [/^gfortran$/] } },
  { tool: 'clang', label: 'Clang/LLVM compiler', packages: { apt: [/^clang(-\d+(\.\d+)?)?$/], yum: [/^clang$/], apk: [/^clang(\d+)?$/] } },
  { tool: 'make', label: 'make', packages: { apt: [/^make$/], yum: [/^make$/], apk: [/^make$/] } },
  { tool: 'cmake', label: 'CMake', packages: { apt: [/^cmake$/], yum: [/^cmake3?$/], apk: [/^cmake$/], pip: [/^cmake$/] } },
  { tool: 'ninja', label: 'Ninja', packages: { apt: [/^ninja-build$/], yum: [/^ninja-build$/], apk: [/^samurai$/], pip: [/^ninja$/] } },
  { tool: 'meson', label: 'Meson', packages: { apt: [/^meson$/], yum: [/^meson$/], apk: [/^meson$/], pip: [/^meson$/] } },
  { tool: 'autoconf', label: 'Autoconf', packages: { apt: [/^autoconf$/], yum: [/^autoconf$/], apk: [/^autoconf$/] } },
  { tool: 'automake', label: 'Automake', packages: { apt: [/^automake(-\d+(\.\d+)?)?$/], yum: [/^automake$/], apk: [/^automake$/] } },
  { tool: 'libtool', label: 'Libtool', packages: { apt: [/^libtool$/, /^libtool-bin$/], yum: [/^libtool$/], apk: [/^libtool$/] } },
  { tool: 'go', label: 'Go toolchain', packages: { apt: [/^golang(-go)?$/, /^golang-\d+\.\d+(-go)?$/], yum: [/^golang$/, /^go-toolset$/], apk: [/^go$/] } },
  { tool: 'rust', label: 'Rust toolchain', packages: { apt: [/^rustc(-\d+(\.\d+)?)?$/, /^cargo(-\d+(\.\d+)?)?$/], yum: [/^rust$/, /^cargo$/, /^rust-toolset$/], apk: [/^rust$/, /^cargo$/] } },
];

/** Package groups that are a compiler toolchain (`yum groupinstall "Development Tools"`, `dnf install @development-tools`). */
export const BUILD_TOOL_GROUPS: readonly RegExp[] = [
  /^@?development[ -]tools$/i,
  /^@?c-development$/i,
  /^@?rpm-development-tools$/i,
];

/**
 * The build tool a package installs, or undefined. Accepts the word as written (`gcc-12=12.2.0-14`, `cmake>=3.20`).
 * For yum/dnf, a group name (`Development Tools`, `@development-tools`) counts as the `development-tools` group.
 */
export const buildToolOfPackage: (manager: PackageManager, packageName: string) => BuildTool | undefined =
  keptPerPackage(findBuildTool);

function findBuildTool(manager: PackageManager, packageName: string): BuildTool | undefined {
  if (manager === 'yum' && BUILD_TOOL_GROUPS.some((group) => group.test(packageName.trim())))
    return DEVELOPMENT_TOOLS_GROUP;
  const name = packageBaseName(manager, packageName);
  return BUILD_TOOLS.find((tool) => tool.packages[manager]?.some((pattern) => pattern.test(name)));
}

const DEVELOPMENT_TOOLS_GROUP: BuildTool = {
  tool: 'development-tools',
  label: 'the "Development Tools" group',
  packages: {},
};
