import { expect, test } from "@playwright/test";

// The "CGI vs FastCGI" panel: a small run in each mode; no timing assertions.
test("the CGI vs FastCGI panel runs both modes and shows figures and plots", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
  await page.getByRole("button", { name: "CGI vs FastCGI" }).click();
  const dialog = page.getByRole("dialog", { name: "CGI vs FastCGI benchmark" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Requests per mode").fill("5");
  await dialog.getByRole("button", { name: "Run both" }).click();

  const cgi = dialog.getByRole("group", { name: "CGI figures" });
  const fcgi = dialog.getByRole("group", { name: "FastCGI (mod_fastcgi) figures" });
  await expect(cgi).toContainText("hits=1 in all 5 responses", { timeout: 90_000 });
  await expect(fcgi).toContainText("one process stayed", { timeout: 90_000 });
  await expect(dialog.getByRole("button", { name: "Run both" })).toBeEnabled();
  for (const card of [cgi, fcgi]) await expect(card.locator("dd").first()).toContainText(/\d.*ms/);

  const latency = dialog.getByRole("img", { name: /^Latency distribution/ });
  await expect(latency).toHaveAttribute("aria-label", /CGI: 5 requests, median .+; FastCGI: 5 requests, median/);
  await expect(latency.locator(".series.cgi rect").first()).toBeVisible();
  await expect(latency.locator(".series.fastcgi rect").first()).toBeVisible();
  const rates = dialog.getByRole("img", { name: /^Requests per second/ });
  await expect(rates).toHaveAttribute("aria-label", /Apache CGI 77.0, Apache FastCGI 3,910/);
  await expect(rates.locator("rect")).toHaveCount(4);
  await expect(dialog).toContainText("Where the difference comes from");

  await expect(fcgi).toContainText("1 request in flight at a time");

  // FastCGI with 4 requests in flight (as wrk -c4): still one process, every count once.
  await dialog.getByLabel("FastCGI requests in flight").selectOption("4");
  await dialog.getByLabel("Requests per mode").fill("12");
  await dialog.getByRole("button", { name: "Run both" }).click();
  await expect(fcgi).toContainText("4 requests in flight at a time", { timeout: 90_000 });
  await expect(fcgi).toContainText("one process stayed", { timeout: 90_000 });
  await expect(cgi).toContainText("hits=1 in all 12 responses", { timeout: 90_000 });
  await expect(dialog.getByRole("img", { name: /^Latency distribution/ })).toHaveAttribute("aria-label", /FastCGI: 12 requests/);

  // The scratch server left the user's workspace alone.
  await dialog.getByRole("button", { name: "Close the benchmark" }).click();
  await expect(dialog).toBeHidden();
  const tree = page.getByRole("tree", { name: "Virtual filesystem" });
  await expect(tree).toContainText("hello.py");
  await expect(tree).not.toContainText("bench-cgi.py");
  await expect(tree).not.toContainText("bench.fcgi");
});
