#!/usr/bin/env python3
"""Save -> reload latency of `privacy-site serve`, as a browser tab sees it.

Starts `serve` on SITE, then EDITS times: a tab long-polls
/__privacy_site/version?since=N (as the live-reload script does), the page FILE is
saved with one sentence changed, and the time from the save to the answer that
tells the tab to reload is recorded. Prints the median, the 90th percentile and
the fastest and slowest edit, and checks that every edit was published.

Usage: latency.py BINARY SITE FILE [EDITS]
"""

import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def main() -> int:
    binary, site, page = sys.argv[1:4]
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    proc = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        match = re.search(r"(http://[^ ]+/)", line)
        if not match:
            print(f"serve did not start: {line!r}", file=sys.stderr)
            return 1
        url = match.group(1)
        path = f"{site}/{page}"
        with open(path, encoding="utf-8") as f:
            original = f.read()
        state = json.load(urllib.request.urlopen(f"{url}__privacy_site/errors.json"))
        version, output = state["version"], state["output"]
        times = []
        for i in range(edits):
            answer = {}

            def poll(since=version):
                with urllib.request.urlopen(f"{url}__privacy_site/version?since={since}", timeout=60) as r:
                    answer.update(json.load(r))
                answer["at"] = time.perf_counter()

            tab = threading.Thread(target=poll)
            tab.start()
            time.sleep(0.25)  # the tab is waiting before the save
            saved = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + f"\nEt afsnit tilføjet ved gem nummer {i}.\n")
            tab.join()
            if answer.get("version", 0) <= version:
                print(f"edit {i}: no rebuild seen: {answer}", file=sys.stderr)
                return 1
            if answer.get("output", 0) <= output:
                print(f"edit {i}: not published, so the tab would not reload: {answer.get('errors', [])[:2]}", file=sys.stderr)
                return 1
            version, output = answer["version"], answer["output"]
            times.append((answer["at"] - saved) * 1000)
            time.sleep(0.1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        times.sort()
        p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
        print(
            f"save -> reload event over {edits} edits: median {statistics.median(times):.0f} ms, "
            f"90th percentile {p90:.0f} ms, fastest {times[0]:.0f} ms, slowest {times[-1]:.0f} ms"
        )
        return 0
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
