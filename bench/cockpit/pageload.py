#!/usr/bin/env python3
"""Loads the cockpit in fresh headless Chromium sessions and times it (bench/README.md, "Cockpit").

Drives Debian's chromedriver over its W3C HTTP API (Python standard library only). Every load is a
new browser session with a new, empty profile, so nothing is cached between loads. The times come
from the page itself (Navigation Timing, origin = navigation start):

  ready  performance.mark('xiangtu:ready'), set by web/js/cockpit/main.js when all is drawn
  load   the load event's end (HTML, CSS, scripts and modules fetched and run)

    pageload.py capture --driver URL --url PAGE            print the same-origin URLs the page fetched
    pageload.py run --driver URL --runs N --out TSV NAME=PAGE...   N rounds, targets interleaved
"""
import argparse
import json
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
# The flags of src/test/java/org/xiangtu/browser/MapBrowserIT.java.
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-extensions", "--window-size=1280,800"]
READY_TIMEOUT_MS = 60_000

# Runs in the page: waits for body[data-ready] to leave "false", then returns the page's own timings.
WAIT_AND_COLLECT = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
function collect() {
  const nav = performance.getEntriesByType('navigation')[0];
  const mark = performance.getEntriesByName('xiangtu:ready', 'mark')[0];
  const res = performance.getEntriesByType('resource').map(r => ({
    name: r.name, start: r.startTime, end: r.responseEnd, bytes: r.transferSize,
    encoded: r.encodedBodySize, decoded: r.decodedBodySize, type: r.initiatorType}));
  return {state: document.body.dataset.ready, ready: mark ? mark.startTime : null,
          load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, html: nav.responseEnd,
          url: location.href, resources: res};
}
(function poll() {
  const s = document.body && document.body.dataset.ready;
  if (s === 'true' || s === 'error' || Date.now() - t0 > %d) {
    // the load event may still be pending when the flag is set: wait for it too
    if (document.readyState !== 'complete') { window.addEventListener('load', () => setTimeout(() => done(collect()), 0)); return; }
    done(collect());
  } else {
    setTimeout(poll, 10);
  }
})();
""" % READY_TIMEOUT_MS


def call(driver, method, path, body=None, timeout=120):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(driver + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.load(resp)["value"]
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"chromedriver {method} {path}: {e.code} {e.read()[:500]!r}") from None


def load_once(driver, url):
    """One page load in a new browser with an empty profile; returns the page's timings."""
    profile = tempfile.mkdtemp(prefix="xt-cockpit-chromium-")
    caps = {"capabilities": {"alwaysMatch": {
        "browserName": "chrome", "pageLoadStrategy": "normal",
        "goog:chromeOptions": {"binary": CHROMIUM, "args": CHROME_ARGS + ["--user-data-dir=" + profile]}}}}
    session = call(driver, "POST", "/session", caps)["sessionId"]
    try:
        call(driver, "POST", f"/session/{session}/timeouts", {"script": READY_TIMEOUT_MS + 10_000, "pageLoad": 60_000})
        call(driver, "POST", f"/session/{session}/url", {"url": url})
        return call(driver, "POST", f"/session/{session}/execute/async", {"script": WAIT_AND_COLLECT, "args": []})
    finally:
        try:
            call(driver, "DELETE", f"/session/{session}")
        finally:
            shutil.rmtree(profile, ignore_errors=True)


def api_end(result):
    """When the last API answer (/api, /ogc) arrived, ms after navigation start."""
    ends = [r["end"] for r in result["resources"] if "/api/" in r["name"] or "/ogc/" in r["name"]]
    return max(ends) if ends else None


def capture(args):
    result = load_once(args.driver, args.url)
    if result["state"] != "true":
        sys.exit(f"pageload: the page did not get ready (data-ready={result['state']!r})")
    origin = args.url.split("/", 3)[:3]
    origin = "/".join(origin)
    print(args.url)
    for r in result["resources"]:
        if r["name"].startswith(origin + "/"):
            print(r["name"])
        elif not r["name"].startswith("data:"):
            print(f"pageload: request leaves the origin: {r['name']}", file=sys.stderr)


def run(args):
    targets = [t.split("=", 1) for t in args.targets]
    with open(args.out, "a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write("round\torder\ttarget\tstate\tready_ms\tload_ms\tdcl_ms\thtml_ms\tlast_api_ms\trequests\tbytes\n")
        for rnd in range(1, args.runs + 1):
            # rotate the order every round, so no target always goes first (or right after another)
            k = (rnd - 1) % len(targets)
            order = targets[k:] + targets[:k]
            if (rnd - 1) // len(targets) % 2:
                order.reverse()
            for i, (name, url) in enumerate(order):
                r = load_once(args.driver, url)
                row = [rnd, i + 1, name, r["state"], r["ready"], r["load"], r["dcl"], r["html"], api_end(r),
                       len(r["resources"]) + 1, sum(x["bytes"] for x in r["resources"])]
                out.write("\t".join("" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v))
                                    for v in row) + "\n")
                out.flush()
                if args.resources:
                    with open(args.resources, "a", encoding="utf-8") as res:
                        res.write(json.dumps({"round": rnd, "target": name, "ready": r["ready"],
                                              "resources": r["resources"]}) + "\n")
                print(f"pageload: round {rnd} {name}: ready {r['ready']} ms, load {r['load']:.0f} ms",
                      file=sys.stderr)
                if r["state"] != "true":
                    sys.exit(f"pageload: {name} did not get ready (data-ready={r['state']!r})")
                time.sleep(args.pause)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("--driver", required=True)
    c.add_argument("--url", required=True)
    r = sub.add_parser("run")
    r.add_argument("--driver", required=True)
    r.add_argument("--runs", type=int, default=15)
    r.add_argument("--pause", type=float, default=0.5, help="seconds between loads")
    r.add_argument("--out", required=True)
    r.add_argument("--resources", help="also append every load's resource timings to this file (JSON lines)")
    r.add_argument("targets", nargs="+", help="NAME=URL")
    args = p.parse_args()
    capture(args) if args.cmd == "capture" else run(args)


if __name__ == "__main__":
    main()
