// Stands in for node-fetch in the command's bundle (scripts/bundle.mjs): cjkpress makes no network requests.
function fetch() {
  return Promise.reject(new Error('cjkpress makes no network requests'));
}
module.exports = fetch;
module.exports.default = fetch;
