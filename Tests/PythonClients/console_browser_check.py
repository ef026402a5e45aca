"""Loads MinerKit's coordinator and pool consoles in headless Chromium (selenium + chromium-driver) and
checks that what each page shows equals what the JSON API returns, that a real receipt verifies in the
browser and a tampered one does not, that live updates arrive without a reload, that an anonymous
visitor cannot read a client's jobs, and that a page on another origin (a second server on 127.0.0.1)
can neither sign the visitor in nor out. Saves a full-page PNG screenshot of every page it checks.

Usage: console_browser_check.py COORDINATOR_URL POOL_URL CLIENT_KEY OUTPUT_DIR
Prints one JSON document: {"checks": [{"name", "ok", "detail"}], "screenshots": [paths]}; exits 0 once
every check ran (their outcome is in the document), 2 when the browser could not start.
"""
import base64
import html
import http.server
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

COORDINATOR, POOL, CLIENT_KEY, OUTPUT = sys.argv[1:5]
checks = []
screenshots = []


def check(name, ok, detail=""):
    checks.append({"name": name, "ok": bool(ok), "detail": str(detail)[:2000]})


def api(base, path, method="GET", body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def start_browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def screenshot(driver, name):
    """A full-page PNG (the whole document, not only the viewport), through the DevTools protocol."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    path = os.path.join(OUTPUT, name + ".png")
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    screenshots.append(path)


def wait(driver, condition, seconds=15):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        return None


def live(driver, field):
    return driver.find_element(By.CSS_SELECTOR, f'[data-live="{field}"]').text.strip()


def field(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]').text.strip()


def verdict(driver):
    """Waits for the in-browser verification to finish; returns (state, text, checks)."""
    done = wait(driver, lambda d: d.find_element(By.ID, "verdict").get_attribute("data-state")
                not in ("pending", "idle"), 20)
    element = driver.find_element(By.ID, "verdict")
    lines = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#checks li")]
    return (element.get_attribute("data-state") if done else "timeout"), element.text, lines


def coordinator_pages(driver):
    client = {"X-Api-Key": CLIENT_KEY}

    # Overview: the numbers equal the API's, then a job submitted over the API appears without a reload.
    driver.get(COORDINATOR + "/ui")
    _, stats = api(COORDINATOR, "/explorer/stats")
    shown = {key: live(driver, key) for key in ("total_jobs", "receipts", "block_height", "miners_online", "queue_depth")}
    check("overview shows the API's totals",
          shown["total_jobs"] == str(stats["total_jobs"]) and shown["receipts"] == str(stats["total_receipts"])
          and shown["block_height"] == str(stats["block_height"]) and shown["miners_online"] == str(stats["active_miners"]),
          {"page": shown, "api": stats})
    screenshot(driver, "coordinator-overview")
    driver.execute_script("window.__notReloaded = 'still here';")
    before_jobs, before_queue = int(shown["total_jobs"]), int(shown["queue_depth"])
    status, job = api(COORDINATOR, "/v1/jobs", "POST", {"prompt": "live", "model": "live-model"}, client)
    arrived = wait(driver, lambda d: live(d, "total_jobs") == str(before_jobs + 1) and live(d, "queue_depth") == str(before_queue + 1), 15)
    check("overview updates live without reloading",
          status == 201 and arrived and driver.execute_script("return window.__notReloaded;") == "still here"
          and driver.execute_script("return window.minerkitLive.updates;") > 0,
          {"submit": status, "shown": live(driver, "total_jobs"), "expected": before_jobs + 1})

    # A phone-sized view of the overview.
    driver.set_window_size(390, 844)
    driver.get(COORDINATOR + "/ui")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")
    check("overview fits a phone's width", overflow <= 1, f"horizontal overflow {overflow}px")
    screenshot(driver, "coordinator-overview-phone")
    driver.set_window_size(1280, 900)

    # Explorer: blocks, a block, its receipts.
    _, blocks = api(COORDINATOR, "/explorer/blocks?limit=50")
    driver.get(COORDINATOR + "/ui/blocks")
    heights = [int(row.get_attribute("data-height")) for row in driver.find_elements(By.CSS_SELECTOR, "#blocks tbody tr")]
    check("blocks page lists the API's blocks", heights == [b["height"] for b in blocks], {"page": heights})
    screenshot(driver, "coordinator-blocks")
    height = blocks[-1]["height"]
    _, block = api(COORDINATOR, f"/explorer/blocks/{height}")
    driver.get(COORDINATOR + f"/ui/blocks/{height}")
    page_block = {name: field(driver, name) for name in ("merkle_root", "previous_hash", "hash", "transactions")}
    links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#receipts tbody tr td:first-child a")]
    check("block page equals the API's block",
          page_block["merkle_root"] == block["merkle_root"] and page_block["previous_hash"] == block["previous_hash"]
          and page_block["hash"] == block["hash"] and page_block["transactions"] == str(block["transactions"])
          and links == block["receipt_ids"], {"page": page_block, "links": links})
    screenshot(driver, "coordinator-block")

    # A real receipt verifies in the browser: signature and inclusion proof.
    receipt_id = block["receipt_ids"][0]
    _, receipt = api(COORDINATOR, f"/v1/receipts/{receipt_id}")
    driver.get(COORDINATOR + f"/ui/receipts/{receipt_id}")
    state, text, lines = verdict(driver)
    check("a real receipt shows valid", state == "valid" and text == "valid", {"state": state, "text": text, "checks": lines})
    check("receipt page equals the API's receipt",
          all(field(driver, name) == receipt[name] for name in ("receipt_id", "job_id", "result_hash", "model")),
          {name: field(driver, name) for name in ("receipt_id", "job_id", "result_hash")})
    check("the browser checked the signature with WebCrypto", any("(WebCrypto)" in line for line in lines), lines)
    screenshot(driver, "coordinator-receipt-valid")
    driver.get(COORDINATOR + f"/ui/receipts/{receipt_id}?engine=builtin")
    state, text, lines = verdict(driver)
    check("a real receipt shows valid with the built-in verifier",
          state == "valid" and any("(built-in verifier)" in line for line in lines), {"state": state, "checks": lines})

    # The same receipt with one byte of its result hash changed shows invalid, with the reason.
    tampered = dict(receipt)
    digest = tampered["result_hash"]
    last = digest[-1]
    tampered["result_hash"] = digest[:-1] + ("0" if last != "0" else "1")
    driver.get(COORDINATOR + "/ui/verify")
    driver.execute_script("document.getElementById('receipt-json').value = arguments[0];", json.dumps(tampered, indent=2))
    driver.find_element(By.ID, "verify-button").click()
    state, text, lines = verdict(driver)
    check("a tampered receipt shows invalid",
          state == "invalid" and "signature" in text and any("hash to the transaction" in line for line in lines),
          {"state": state, "text": text, "checks": lines})
    screenshot(driver, "coordinator-receipt-tampered")
    driver.get(COORDINATOR + "/ui/verify?engine=builtin")
    driver.execute_script("document.getElementById('receipt-json').value = arguments[0];", json.dumps(tampered))
    driver.find_element(By.ID, "verify-button").click()
    state, text, lines = verdict(driver)
    check("a tampered receipt shows invalid with the built-in verifier",
          state == "invalid" and any("(built-in verifier)" in line for line in lines), {"state": state, "checks": lines})
    driver.get(COORDINATOR + "/ui/verify")
    driver.execute_script("document.getElementById('receipt-json').value = arguments[0];", json.dumps(receipt))
    driver.find_element(By.ID, "verify-button").click()
    state, text, _ = verdict(driver)
    check("the untampered receipt pasted shows valid", state == "valid", {"state": state, "text": text})

    # Miners: counts equal the ledger's receipts per provider.
    driver.get(COORDINATOR + "/ui/miners")
    rows = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "#miners tbody tr"):
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        rows[row.get_attribute("data-miner")] = cells
    ok, detail = True, {}
    for miner in ("m-alpha", "m-beta"):
        _, receipts = api(COORDINATOR, f"/v1/receipts?provider={miner}&limit=100")
        cells = rows.get(miner, [])
        detail[miner] = {"page": cells, "receipts": len(receipts)}
        ok = ok and len(cells) == 8 and cells[4] == str(len(receipts)) and cells[1] == "active"
    check("miners page counts equal the ledger", ok and "m-markup" in rows, detail)
    names = [row[0] for row in rows.values()]
    check("a miner name full of markup is shown as text", "<script>alert('x')</script>&co m-markup" in names, names)
    check("each miner's id is shown beside its name", all(row[0].endswith(" " + miner) for miner, row in rows.items()), names)
    screenshot(driver, "coordinator-miners")

    # Search by receipt id, block height and miner id.
    for query, expected in ((receipt_id, f"/ui/receipts/{receipt_id}"), (str(height), f"/ui/blocks/{height}"),
                            ("m-alpha", "/ui/miners/m-alpha")):
        driver.get(COORDINATOR + "/ui")
        box = driver.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
        box.send_keys(query)
        box.submit()
        landed = wait(driver, lambda d: d.current_url.endswith(expected), 10)
        check(f"search finds {expected.split('/')[2]}", landed, driver.current_url)

    # Jobs: an anonymous visitor gets the key form and none of the jobs.
    _, jobs = api(COORDINATOR, "/v1/jobs?limit=100", headers=client)
    driver.delete_all_cookies()
    driver.get(COORDINATOR + "/ui/jobs")
    source = driver.page_source
    check("an anonymous visitor cannot read a client's jobs",
          driver.find_elements(By.NAME, "api_key") and not any(j["job_id"] in source for j in jobs)
          and "private-model" not in source, "key form shown, no job id or model in the page")
    driver.get(COORDINATOR + f"/ui/jobs/{jobs[-1]['job_id']}")
    check("an anonymous visitor cannot read a job page",
          driver.find_elements(By.NAME, "api_key") and "private-model" not in driver.page_source
          and not driver.find_elements(By.CSS_SELECTOR, '[data-field="status"]'), driver.current_url)
    screenshot(driver, "coordinator-jobs-anonymous")

    # With the key entered in the form: exactly the client's jobs, in the API's order; then a job page.
    driver.get(COORDINATOR + "/ui/jobs")
    driver.find_element(By.NAME, "api_key").send_keys(CLIENT_KEY)
    driver.find_element(By.CSS_SELECTOR, "form.key-form button").click()
    wait(driver, lambda d: d.find_elements(By.ID, "jobs"), 10)
    listed = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#jobs tbody tr td:first-child a")]
    check("with the client's key the jobs page lists the API's jobs", listed == [j["job_id"] for j in jobs],
          {"page": listed[:3], "api": [j["job_id"] for j in jobs][:3]})
    check("the key is not written into the page", CLIENT_KEY not in driver.page_source)
    screenshot(driver, "coordinator-jobs")
    completed = [j for j in jobs if j["status"] == "completed"]
    job = completed[0]
    driver.get(COORDINATOR + f"/ui/jobs/{job['job_id']}")
    shown = {name: field(driver, name) for name in ("job_id", "status", "attempts")}
    receipt_link = driver.find_element(By.CSS_SELECTOR, '[data-field="receipt"] a').text
    _, job_receipt = api(COORDINATOR, f"/v1/jobs/{job['job_id']}/receipt", headers=client)
    check("job page equals the API's job", shown["job_id"] == job["job_id"] and shown["status"] == job["status"]
          and receipt_link == job_receipt["receipt_id"] and field(driver, "fencing_token").isdigit(),
          {"page": shown, "receipt": receipt_link})
    screenshot(driver, "coordinator-job")

    # JavaScript off: the lists still read.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(COORDINATOR + "/ui/blocks")
    no_js = [int(r.get_attribute("data-height")) for r in driver.find_elements(By.CSS_SELECTOR, "#blocks tbody tr")]
    driver.get(COORDINATOR + "/ui/jobs")
    no_js_jobs = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#jobs tbody tr td:first-child a")]
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    _, jobs_now = api(COORDINATOR, "/v1/jobs?limit=100", headers=client)
    check("lists read with JavaScript off", no_js == heights and no_js_jobs == [j["job_id"] for j in jobs_now],
          {"blocks": no_js, "jobs": len(no_js_jobs)})


class OtherSite:
    """A second server on 127.0.0.1 (another port, so another origin) whose page posts a console form at
    once: what a hostile site does to a visitor of the console."""

    def __init__(self):
        self.page = b""
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(site.page)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def post(self, driver, action, fields):
        """Loads the hostile page, which posts `fields` to the console's `action`; returns once the
        browser has left it."""
        inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields.items())
        self.page = (f'<!doctype html><form id="f" method="post" action="{html.escape(COORDINATOR + action)}">{inputs}</form>'
                     '<script>document.getElementById("f").submit()</script>').encode()
        driver.get(self.url)
        wait(driver, lambda d: d.current_url.startswith(COORDINATOR), 10)

    def close(self):
        self.server.shutdown()


def signed_in(driver):
    driver.get(COORDINATOR + "/ui/jobs")
    return bool(driver.find_elements(By.ID, "jobs")) and not driver.find_elements(By.NAME, "api_key")


def cross_site_forms(driver):
    """Sign-in and sign-out posted by a page on another origin are refused; the visitor's own work."""
    other = OtherSite()
    try:
        refused = 'data-error-code="cross_site_request"'
        before = signed_in(driver)
        other.post(driver, "/ui/session/end", {"form_token": "0" * 64})
        page = driver.page_source
        check("a page on another origin cannot sign the visitor out",
              before and refused in page and signed_in(driver), {"signed in before": before, "url": driver.current_url})
        screenshot(driver, "coordinator-cross-site-refused")
        driver.get(COORDINATOR + "/ui/jobs")
        driver.find_element(By.CSS_SELECTOR, 'form[action="/ui/session/end"] button').click()
        wait(driver, lambda d: d.current_url.rstrip("/").endswith("/ui"), 10)
        check("signing out from the console ends the session", not signed_in(driver), driver.current_url)
        other.post(driver, "/ui/session", {"api_key": CLIENT_KEY, "next": "/ui/jobs", "form_token": "0" * 64})
        page = driver.page_source
        check("a page on another origin cannot sign the visitor in", refused in page and not signed_in(driver),
              driver.current_url)
        cookies = {c["name"]: c for c in driver.get_cookies()}
        check("the cookies hold no key", all(CLIENT_KEY not in c["value"] for c in cookies.values()), sorted(cookies))
    finally:
        other.close()


def pool_pages(driver):
    driver.get(POOL + "/ui")
    _, health = api(POOL, "/health")
    window = live(driver, "window_number")
    left = driver.find_element(By.CSS_SELECTOR, '[data-live-countdown="time_remaining_s"]').text
    seconds = int(re.sub(r"\D", "", left) or -1)
    check("pool window and time left equal /health", window == str(health["window_number"])
          and 0 <= seconds <= health["time_remaining_s"] + 1, {"page": [window, left], "api": health})
    _, board = api(POOL, "/api/v1/miners/leaderboard?limit=50")
    hotkeys = [row.get_attribute("data-hotkey") for row in driver.find_elements(By.CSS_SELECTOR, "#leaderboard tbody tr")]
    check("pool leaderboard equals the API's", hotkeys == [m["hotkey"] for m in board["miners"]] and len(hotkeys) > 0,
          {"page": hotkeys, "api": [m["hotkey"] for m in board["miners"]]})
    _, sota = api(POOL, "/api/v1/results/sota")
    shown = driver.find_element(By.CSS_SELECTOR, f'#sota tr[data-task-type="{sota["task_type"]}"] [data-field="sota_score"]').text
    check("pool SOTA equals the API's", sota["score"] is not None and abs(float(shown) - sota["score"]) < 5e-5,
          {"page": shown, "api": sota["score"]})
    history = driver.find_elements(By.CSS_SELECTOR, f'ol[data-history="{sota["task_type"]}"] li')
    outcomes = driver.find_elements(By.CSS_SELECTOR, "#outcomes tbody tr")
    check("pool shows SOTA history and consensus outcomes", len(history) >= 1 and sota["algorithm_id"] in history[0].text
          and len(outcomes) > 0, {"history": len(history), "outcomes": len(outcomes)})
    updated = wait(driver, lambda d: (d.execute_script("return window.minerkitLive && window.minerkitLive.updates;") or 0) > 0, 10)
    check("pool page updates live", updated)
    screenshot(driver, "pool-overview")


def main():
    os.makedirs(OUTPUT, exist_ok=True)
    try:
        driver = start_browser()
    except Exception as error:  # the browser is the instrument: no browser, no test
        print(json.dumps({"error": f"chromium could not start: {error}"}))
        return 2
    try:
        check("chromium started", driver.capabilities.get("browserVersion"), driver.capabilities.get("browserVersion"))
        for part in (coordinator_pages, cross_site_forms, pool_pages):
            try:
                part(driver)
            except Exception as error:
                check(f"{part.__name__} ran to the end", False, repr(error))
    finally:
        driver.quit()
    print(json.dumps({"checks": checks, "screenshots": screenshots}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
