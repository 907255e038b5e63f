// Bundle-only stand-in for `string-width` (see scripts/build.mjs): printable ASCII is one column
// per character, and the real module (whose set-up costs about 20 ms) is loaded only for other text.
const printableAscii = /^[\x20-\x7e]*$/;
let stringWidth;

module.exports = function fastStringWidth(text, options) {
  if (typeof text === 'string' && printableAscii.test(text)) return text.length;
  stringWidth ??= require('string-width').default;
  return stringWidth(text, options);
};
module.exports.default = module.exports;
