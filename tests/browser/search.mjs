// The site's search page (soeg.html) in Debian's Chromium (Playwright core): one query typed
// into the search box; prints {"message", "links"} (the results' absolute addresses) as JSON.
//   node search.mjs URL_OF_SOEG_HTML QUERY
import { chromium } from "playwright-core";

const [address, query] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.REFERATKIT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  await page.goto(address);
  await page.locator(".pagefind-ui__search-input").fill(query);
  // Pagefind shows "N resultater" once the search has finished; the results (the first five)
  // are listed as each one's page is loaded.
  await page.waitForFunction(() => {
    const m = document.querySelector(".pagefind-ui__message");
    const count = m && m.textContent.match(/\d+/);
    const shown = document.querySelectorAll(".pagefind-ui__result-link").length;
    return count && shown === Math.min(Number(count[0]), 5)
      && !document.querySelector(".pagefind-ui__result--loading");
  }, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => ({
    message: document.querySelector(".pagefind-ui__message").textContent,
    links: [...document.querySelectorAll(".pagefind-ui__result-link")].map((a) => a.href),
  }));
  process.stdout.write(JSON.stringify(found));
} finally {
  await browser.close();
}
