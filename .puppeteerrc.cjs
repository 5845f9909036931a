// Ace by DAISY (tests/writers/epub/ace.test.ts) runs on the machine's Chromium (Debian's `chromium`):
// puppeteer must not download a browser of its own when `npm ci` installs it (no network beyond npm).
module.exports = { skipDownload: true };
