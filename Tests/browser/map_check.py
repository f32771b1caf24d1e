#!/usr/bin/env python3
"""Drives headless Chromium (Debian's) through Playwright to check a map page of `incidents`,
with every request off the page's own origin refused and counted (the page must need none).

    map_check.py URL --ids FILE --artifacts DIR [--click-source TEXT] [--name NAME]

URL is file:///.../map.html or the server's page. FILE holds the ids that must be drawn, one per
line. Checks, each a failure when it does not hold:
  * the page reports every incident drawn, no more, and the same ids;
  * every point inside the view has a painted pixel under it on the points canvas;
  * the SVZM boundary and the 12 nm line are drawn: pixels of their colours in the screenshot;
  * a click on a point opens a popup listing its sources (--click-source: text one must show);
  * no request left the page's origin.
Prints the time from navigation to the page saying it is ready, and keeps screenshots.
"""
import argparse, json, os, sys, time
from urllib.parse import urlparse
from playwright.sync_api import sync_playwright

SVZM_COLOUR = (0x54, 0x27, 0x8F)
TWELVE_NM_COLOUR = (0xD7, 0x30, 0x1F)


def count_colour(png_path, colour, tolerance=12):
    """Pixels of the screenshot within `tolerance` of `colour` in every channel."""
    import zlib, struct
    data = open(png_path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "8-bit RGB(A) expected"
            channels = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    count = 0
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if filter_type == 1: line[i] = (line[i] + a) & 255
            elif filter_type == 2: line[i] = (line[i] + b) & 255
            elif filter_type == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif filter_type == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, channels):
            if all(abs(line[x + k] - colour[k]) <= tolerance for k in range(3)):
                count += 1
        previous = line
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--ids", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--click-source", default=None)
    parser.add_argument("--name", default="map")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--change", help="a shell command that changes the served incidents (the page must follow)")
    parser.add_argument("--ids-after", help="the ids that must be drawn after --change")
    args = parser.parse_args()
    expected = [line.strip() for line in open(args.ids) if line.strip()]
    os.makedirs(args.artifacts, exist_ok=True)
    origin = urlparse(args.url)
    failures, outside = [], []

    def fail(message):
        failures.append(message)
        print(f"FAIL {args.name}: {message}")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):
            u = urlparse(r.request.url)
            same = (u.scheme == origin.scheme and u.netloc == origin.netloc) or u.scheme == "data"
            if same:
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()
        page.route("**/*", route)
        started = time.monotonic()
        page.goto(args.url, wait_until="load", timeout=args.timeout * 1000)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=args.timeout * 1000)
        ready = time.monotonic() - started
        print(f"{args.name}: ready {ready:.2f} s after navigation ({len(expected)} incidents)")
        state = page.evaluate("""() => { const m = window.incidentMap; return {
            total: m.total, shownPoints: m.shownPoints, shownShapes: m.shownShapes, firs: m.firs, zones: m.zones,
            ids: m.drawnIds() } }""")
        if errors: fail(f"script errors: {errors[:3]}")
        if state["total"] != len(expected): fail(f"the page has {state['total']} incidents, expected {len(expected)}")
        if state["shownPoints"] + state["shownShapes"] != len(expected):
            fail(f"drawn {state['shownPoints']} points + {state['shownShapes']} shapes, expected {len(expected)}")
        if sorted(state["ids"]) != sorted(expected):
            missing = set(expected) - set(state["ids"])
            fail(f"drawn ids differ from the expected: {len(missing)} missing, e.g. {sorted(missing)[:3]}")
        if "SVZM" not in state["firs"]: fail("SVZM is not among the FIRs drawn")
        if not state["zones"].get("territorial-sea"): fail("no territorial sea (12 nm) drawn")
        # Every point in view has paint under it on the points canvas.
        unpainted = page.evaluate("""() => {
            const canvas = document.querySelector('canvas.incident-points');
            const ratio = canvas.width / canvas.clientWidth, ctx = canvas.getContext('2d');
            let checked = 0, bad = [];
            for (const p of window.incidentMap.pointsOnScreen()) {
                if (p.x < 2 || p.y < 2 || p.x > canvas.clientWidth - 2 || p.y > canvas.clientHeight - 2) continue;
                checked++;
                const a = ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data[3];
                if (a === 0) bad.push(p.id);
            }
            return {checked, bad: bad.slice(0, 5), badCount: bad.length};
        }""")
        print(f"{args.name}: {unpainted['checked']} points in view checked on the canvas, {unpainted['badCount']} unpainted")
        if unpainted["badCount"]: fail(f"{unpainted['badCount']} points in view are not painted, e.g. {unpainted['bad']}")
        shot = os.path.join(args.artifacts, f"{args.name}.png")
        page.screenshot(path=shot)
        svzm, twelve = count_colour(shot, SVZM_COLOUR), count_colour(shot, TWELVE_NM_COLOUR)
        print(f"{args.name}: {svzm} pixels of the SVZM line, {twelve} of the 12 nm line in {shot}")
        if svzm < 50: fail("the SVZM boundary is not visible in the screenshot")
        if twelve < 50: fail("the 12 nm line is not visible in the screenshot")
        # A click on the first point in view opens its popup with its sources.
        target = page.evaluate("""() => { const map = document.getElementById('map').getBoundingClientRect();
            const p = window.incidentMap.pointsOnScreen().find(q => q.x > 10 && q.y > 10 && q.x < map.width - 10 && q.y < map.height - 10);
            return p ? {id: p.id, x: p.x + map.left, y: p.y + map.top} : null; }""")
        if target is None:
            fail("no point in view to click")
        else:
            page.mouse.click(target["x"], target["y"])
            try:
                page.wait_for_selector(".leaflet-popup-content .incident-popup", timeout=5000)
                popup = page.inner_text(".leaflet-popup-content")
                if "sources" not in popup: fail("the popup has no sources row")
                if target["id"] not in popup: fail(f"the popup is not the clicked incident's ({target['id']})")
                if args.click_source and args.click_source not in popup:
                    fail(f"the popup does not show the source '{args.click_source}'")
                page.wait_for_timeout(500)   # the popup fades in
                page.screenshot(path=os.path.join(args.artifacts, f"{args.name}-popup.png"))
                print(f"{args.name}: clicked {target['id']}: " + " | ".join(popup.splitlines()[:8]))
            except Exception as e:
                fail(f"no popup after a click on a point: {e}")
        if args.change:
            import subprocess
            started_change = time.monotonic()
            subprocess.run(args.change, shell=True, check=True)
            after = sorted(line.strip() for line in open(args.ids_after) if line.strip())
            try:
                page.wait_for_function("(n) => window.incidentMap && window.incidentMap.total === n", arg=len(after), timeout=20000)
                drawn = sorted(page.evaluate("() => window.incidentMap.drawnIds()"))
                if drawn != after: fail("after the change, the drawn ids are not the expected ones")
                else: print(f"{args.name}: the page followed the change in {time.monotonic() - started_change:.1f} s ({len(after)} incidents)")
                page.screenshot(path=os.path.join(args.artifacts, f"{args.name}-after-change.png"))
            except Exception as e:
                fail(f"the page did not follow the change within 20 s: {e}")
        browser.close()
    if outside: fail(f"{len(outside)} requests left the page's origin, e.g. {outside[:3]}")
    print(f"{args.name}: {'FAIL' if failures else 'ok'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
