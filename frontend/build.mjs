// Copy what the pages need from node_modules into the Python package's static/vendor folder.
//
// Run by `make frontend` after `npm ci`. The output folder is git-ignored and rebuilt at install
// time, so nothing is fetched from a CDN when the site runs. NHS.UK frontend's stylesheet loads
// the Frutiger web font from the NHS's own servers; those @font-face rules are removed here
// (the design system's font stack falls back to Arial), and its /assets/ URLs are rewritten to
// where the assets are served.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, "..", "src", "carewatch", "web", "static");
const vendor = join(staticDir, "vendor");
const nhsuk = join(here, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const axe = join(here, "node_modules", "axe-core", "axe.min.js");
const assetUrl = "/static/vendor/nhsuk/assets/";

rmSync(vendor, { recursive: true, force: true });
mkdirSync(join(vendor, "nhsuk"), { recursive: true });
mkdirSync(join(vendor, "axe"), { recursive: true });

const css = readFileSync(join(nhsuk, "nhsuk-frontend.min.css"), "utf8")
  .replace(/@font-face\{[^}]*https?:\/\/[^}]*\}/g, "")
  .replaceAll("url(/assets/", `url(${assetUrl}`)
  .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "");
if (/https?:\/\//.test(css.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ""))) {
  throw new Error("nhsuk-frontend.min.css still refers to an external URL");
}
writeFileSync(join(vendor, "nhsuk", "nhsuk-frontend.min.css"), css);

const js = readFileSync(join(nhsuk, "nhsuk-frontend.min.js"), "utf8").replace(
  /\/\/# sourceMappingURL=.*$/m,
  "",
);
writeFileSync(join(vendor, "nhsuk", "nhsuk-frontend.min.mjs"), js);
cpSync(join(nhsuk, "assets"), join(vendor, "nhsuk", "assets"), { recursive: true });
cpSync(axe, join(vendor, "axe", "axe.min.js"));

const nhsukVersion = JSON.parse(
  readFileSync(join(here, "node_modules", "nhsuk-frontend", "package.json"), "utf8"),
).version;
const axeVersion = JSON.parse(
  readFileSync(join(here, "node_modules", "axe-core", "package.json"), "utf8"),
).version;
writeFileSync(
  join(staticDir, ".built"),
  `nhsuk-frontend ${nhsukVersion}\naxe-core ${axeVersion}\n`,
);
console.log(`built static/vendor: nhsuk-frontend ${nhsukVersion}, axe-core ${axeVersion}`);
