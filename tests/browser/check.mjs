// Opens referatkit's HTML pages in Debian's Chromium (Playwright core), runs
// axe-core's WCAG 2.1 A/AA rules, clicks the first table-of-contents link and
// takes a screenshot. Prints one JSON object per page on stdout.
//   node check.mjs OUT_DIR page1.html [page2.html ...]
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [outDir, ...pages] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.REFERATKIT_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  for (const [index, file] of pages.entries()) {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(pathToFileURL(path.resolve(file)).href);
    await page.addScriptTag({ path: axePath });
    const axe = await page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    });
    const links = await page.locator("nav.indhold a").count();
    let click = null;
    if (links > 0) {
      // The second item when there is one: far enough down that the page must scroll.
      const link = page.locator("nav.indhold a").nth(links > 1 ? 1 : 0);
      const target = (await link.getAttribute("href")).slice(1);
      const before = await page.evaluate(
        (id) => document.getElementById(id).querySelector("h2").getBoundingClientRect().top, target);
      await link.click();
      await page.waitForTimeout(100);
      click = await page.evaluate((id) => {
        const heading = document.getElementById(id).querySelector("h2");
        const box = heading.getBoundingClientRect();
        return { target: id, hash: location.hash, top: box.top, bottom: box.bottom,
                 height: window.innerHeight, scrollY: window.scrollY, text: heading.textContent };
      }, target);
      click.before = before;
    }
    const screenshot = path.join(outDir, `side-${index}.png`);
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(JSON.stringify({ file, axe, links, click, screenshot }));
    await page.close();
  }
} finally {
  await browser.close();
}
