// The publication site in Debian's Chromium (Playwright core), served over HTTP:
// axe-core's WCAG 2.1 A/AA rules on the given pages, the search box (a phrase, then
// the committee filter) and a case page's links. Prints one JSON object on stdout.
//   node site.mjs BASE_URL JOB.json
// JOB: {"pages": [...], "phrase": "...", "committee": "...", "case": "sag/x.html"}
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [base, jobFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, "utf-8"));

const browser = await chromium.launch({
  executablePath: process.env.REFERATKIT_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
                                           target: v.nodes[0] && v.nodes[0].target }));
  });
}

async function message(page) {
  return page.evaluate(() => {
    const m = document.querySelector(".pagefind-ui__message");
    return m ? m.textContent : null;
  });
}

async function results(page, before) {
  // Pagefind shows "N resultater" once a search has finished; then the list is complete. The
  // message of the search before stays until this one is done: wait for a new one.
  await page.waitForSelector(".pagefind-ui__message", { timeout: 15000 });
  await page.waitForFunction((previous) => {
    const m = document.querySelector(".pagefind-ui__message");
    return m && m.textContent !== previous && /\d/.test(m.textContent)
      && !document.querySelector(".pagefind-ui__result--loading");
  }, before, { timeout: 15000 });
  await page.waitForTimeout(300);
  return page.evaluate(() => ({
    message: document.querySelector(".pagefind-ui__message").textContent,
    links: [...document.querySelectorAll(".pagefind-ui__result-link")].map((a) => a.href),
  }));
}

const out = { pages: [], search: null, filtered: null, case: null };
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });  // a phone
  for (const path of job.pages) {
    await page.goto(base + path);
    if (path.endsWith("soeg.html")) await page.waitForSelector(".pagefind-ui__search-input");
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    out.pages.push({ path, axe: await axe(page), wide });
  }

  await page.goto(base + "soeg.html");
  const box = page.locator(".pagefind-ui__search-input");
  await box.fill(job.phrase);
  out.search = await results(page, null);
  // The committee filter: open the "udvalg" group and tick the committee.
  const option = page.locator(".pagefind-ui__filter-checkbox").locator("xpath=..").filter({ hasText: job.committee }).first();
  let before = await message(page);
  await option.locator("input").check();
  await box.fill(job.broad);
  out.filtered = await results(page, before);
  before = out.filtered.message;
  await option.locator("input").uncheck();
  await box.fill(job.broad + " ");
  out.unfiltered = await results(page, before);

  await page.goto(base + job.case);
  const treatments = await page.evaluate(() => [...document.querySelectorAll("ol.forloeb > li")].map((li) => ({
    heading: li.querySelector("h2").textContent,
    href: li.querySelector("a") ? li.querySelector("a").getAttribute("href") : null,
  })));
  for (const t of treatments) {
    if (!t.href) continue;
    await page.goto(new URL(t.href, base + job.case).href);
    t.target = await page.evaluate(() => {
      const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      return el ? el.querySelector("h2").textContent : null;
    });
  }
  out.case = treatments;
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
