// What the browser tests share: how Debian's Chromium is launched through
// playwright-core on these machines, and how a check is reported.
import { chromium } from "playwright-core";

// The flags that work on these machines: nothing may reach the network.
// Playwright adds --headless itself, and a fresh --user-data-dir for every
// launch (it refuses one in `args`).
export const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

// Prints "ok - MESSAGE", or throws when the condition fails.
export function check(condition, message) {
  if (!condition) throw new Error("FAILED: " + message);
  console.log("ok - " + message);
}

// Launches the browser CHROMIUM names (default /usr/bin/chromium); `options`
// are added to the launch options.
export function launch(options = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS, ...options });
}
