// Bundle-only stand-in for `dockerfile-ast` (see scripts/build.mjs): the parser and its language
// server types take milliseconds to load, so they load when the first Dockerfile is parsed.
let real;
const load = () => {
  real ??= require('dockerfile-ast');
  return real;
};

Object.defineProperty(module.exports, 'DockerfileParser', { enumerable: true, get: () => load().DockerfileParser });
