#!/usr/bin/env python3
"""Saves every response the cockpit fetched as static files, for nginx (nginx.conf.in) to serve.

    mirror.py URLS_FILE DIR

URLS_FILE is the output of `pageload.py capture` (one absolute URL a line, the page first). Bodies are
fetched uncompressed and written twice: as is and gzipped (nginx's gzip_static sends the .gz, so the
floor sends compressed bytes as our server does, without compressing on the fly). Layout:

  /                        DIR/index.html
  /css/x.css, /js/..., /webjars/...  DIR/<path>  (no query string on these)
  /api/..., /ogc/...?q     DIR/_m/<path>/@<q>   (the query string is part of the file name, verbatim)
"""
import gzip
import os
import sys
import urllib.parse
import urllib.request


def file_for(path, query):
    if path.startswith(("/api/", "/ogc/")) or path in ("/api", "/ogc"):
        return "_m" + path + "/@" + query
    if query:
        sys.exit(f"mirror: a static path with a query string is not mapped: {path}?{query}")
    return "index.html" if path == "/" else path.lstrip("/")


def main():
    urls_file, root = sys.argv[1], sys.argv[2]
    with open(urls_file, encoding="utf-8") as f:
        urls = [line.strip() for line in f if line.strip()]
    total = 0
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        target = os.path.join(root, file_for(parts.path, parts.query))
        req = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            if resp.status != 200:
                sys.exit(f"mirror: {url}: HTTP {resp.status}")
            body = resp.read()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(body)
        with open(target + ".gz", "wb") as out:
            out.write(gzip.compress(body, compresslevel=6, mtime=0))
        total += len(body)
    print(f"mirror: {len(urls)} responses, {total} bytes, in {root}", file=sys.stderr)


if __name__ == "__main__":
    main()
