#!/usr/bin/env python3
"""Prints cockpit pages to PDF with headless Chromium, one page after another, and times it
(bench/README.md, "Briefing packs"): the floor our briefing packs are compared with.

Drives Debian's chromedriver over its W3C HTTP API (Python standard library only), as
bench/cockpit/pageload.py does, but keeps ONE browser session for all pages of a run (the fastest fair
way: the browser starts once, scripts and styles come from its cache after the first page). For each
address: navigate, wait until body[data-ready] is "true" (web/js/cockpit/main.js sets it when the map,
figures and charts are drawn), then print A4 (W3C "Print Page", i.e. Chromium's Page.printToPDF) and
write the PDF. A page that does not get ready within the time-out fails the run.

    print.py --driver URL --out DIR --tsv FILE --label NAME NAME=URL...

Appends one row per page to the TSV (label, name, load_ms, ready_ms, print_ms, total_ms, bytes) and
prints a summary line "label pages session_ms pages_ms" to stdout (session_ms: starting the browser
session; pages_ms: from the first navigation to the last PDF written).
"""
import argparse
import base64
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
# The flags of bench/cockpit/pageload.py (those of src/test/java/org/xiangtu/browser/MapBrowserIT.java).
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-extensions", "--window-size=1280,800"]
READY_TIMEOUT_MS = 60_000

# Runs in the page: waits until body[data-ready] is no longer "false" (or missing), returns its value.
WAIT_READY = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function poll() {
  const s = document.body && document.body.dataset.ready;
  if (s === 'true' || s === 'error' || Date.now() - t0 > %d) {
    if (document.readyState !== 'complete') { window.addEventListener('load', () => done(s), {once: true}); return; }
    done(s);
  } else {
    setTimeout(poll, 5);
  }
})();
""" % READY_TIMEOUT_MS


def call(driver, method, path, body=None, timeout=180):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(driver + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.load(resp)["value"]
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"chromedriver {method} {path}: {e.code} {e.read()[:500]!r}") from None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--driver", required=True)
    p.add_argument("--out", required=True, help="directory for the PDFs")
    p.add_argument("--tsv", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("targets", nargs="+", help="NAME=URL")
    args = p.parse_args()
    targets = [t.split("=", 1) for t in args.targets]
    os.makedirs(args.out, exist_ok=True)

    profile = tempfile.mkdtemp(prefix="xt-briefing-chromium-")
    caps = {"capabilities": {"alwaysMatch": {
        "browserName": "chrome", "pageLoadStrategy": "normal",
        "goog:chromeOptions": {"binary": CHROMIUM, "args": CHROME_ARGS + ["--user-data-dir=" + profile]}}}}
    t0 = time.perf_counter()
    session = call(args.driver, "POST", "/session", caps)["sessionId"]
    session_ms = (time.perf_counter() - t0) * 1000
    rows = []
    try:
        call(args.driver, "POST", f"/session/{session}/timeouts",
             {"script": READY_TIMEOUT_MS + 10_000, "pageLoad": 60_000})
        start = time.perf_counter()
        for name, url in targets:
            a = time.perf_counter()
            call(args.driver, "POST", f"/session/{session}/url", {"url": url})
            b = time.perf_counter()
            state = call(args.driver, "POST", f"/session/{session}/execute/async", {"script": WAIT_READY, "args": []})
            c = time.perf_counter()
            if state != "true":
                sys.exit(f"print.py: {name} did not get ready (data-ready={state!r}): {url}")
            pdf = base64.b64decode(call(args.driver, "POST", f"/session/{session}/print", {
                "orientation": "portrait", "page": {"width": 21.0, "height": 29.7}, "background": True}))
            path = os.path.join(args.out, f"{name}.pdf")
            with open(path, "wb") as f:
                f.write(pdf)
            d = time.perf_counter()
            rows.append((args.label, name, (b - a) * 1000, (c - a) * 1000, (d - c) * 1000, (d - a) * 1000, len(pdf)))
        pages_ms = (time.perf_counter() - start) * 1000
    finally:
        try:
            call(args.driver, "DELETE", f"/session/{session}")
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    with open(args.tsv, "a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write("label\tname\tload_ms\tready_ms\tprint_ms\ttotal_ms\tbytes\n")
        for r in rows:
            out.write("\t".join([r[0], r[1]] + [f"{v:.0f}" for v in r[2:6]] + [str(r[6])]) + "\n")
    print(f"{args.label}\t{len(rows)}\t{session_ms:.0f}\t{pages_ms:.0f}")


if __name__ == "__main__":
    main()
