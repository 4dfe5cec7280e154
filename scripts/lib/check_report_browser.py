"""Checks an EcoZone report.html in Debian's Chromium through chromium-driver (scripts/check-report-browser).

Every expected value is read from the page's own tables or the run's CSV, or written here from the
national classification (SL 190-2007), never from the map code under test.
"""
import csv
import json
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Soil erosion intensity, SL 190-2007, lowest first.
EROSION_GRADES = ["微度", "轻度", "中度", "强烈", "极强烈", "剧烈"]
RED_LINE = "生态保护红线"

failures = []


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


def browser():
    options = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
              "--no-first-run", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
              "--lang=zh-CN"]:
        options.add_argument(a)
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]:
        if os.path.exists(path):
            options.binary_location = path
            break
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] if os.path.exists(p)), None)
    if driver_path is None:
        sys.exit("check-report-browser: no chromedriver (apt-get install chromium-driver)")
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def overlay_label(driver, title):
    """The layer switcher's checkbox for the layer titled exactly `title`."""
    for label in driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays label"):
        t = label.find_elements(By.CSS_SELECTOR, ".ez-ctl-title")
        if t and t[0].text.strip() == title:
            return label.find_element(By.CSS_SELECTOR, "input")
    return None


def count_paths(driver, layer_id):
    return driver.execute_script("return document.querySelectorAll('path.ez-layer-' + arguments[0]).length", layer_id)


def click_at(driver, x, y):
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.pointer_action.click()
    actions.perform()


# A point inside a path where nothing else would take the click, in viewport coordinates.
FIND_POINT = """
const paths = Array.from(document.querySelectorAll('path.ez-layer-' + arguments[0]));
paths.sort((a, b) => { const p = a.getBoundingClientRect(), q = b.getBoundingClientRect(); return q.width * q.height - p.width * p.height; });
const map = document.getElementById('ez-map').getBoundingClientRect();
for (const path of paths) {
  const r = path.getBoundingClientRect();
  const ctm = path.getScreenCTM();
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
    const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
    if (x < map.left + 60 || x > map.right - 280 || y < map.top + 20 || y > map.bottom - 20) continue;
    const p = new DOMPoint(x, y).matrixTransform(ctm.inverse());
    if (path.isPointInFill(p) && document.elementFromPoint(x, y) === path) return [x, y];
  }
}
return null;
"""


def table_by_caption(driver, predicate):
    for figure in driver.find_elements(By.CSS_SELECTOR, "figure.table"):
        caption = figure.find_element(By.CSS_SELECTOR, "figcaption").text
        if predicate(caption):
            return figure
    return None


def cells(row):
    return [c.text.strip() for c in row.find_elements(By.CSS_SELECTOR, "td")]


def number(text):
    return float(text.replace(",", "").replace("−", "-"))


def main(report):
    report = os.path.abspath(report)
    folder = os.path.dirname(report)
    driver = browser()
    try:
        started = time.time()
        driver.get("file://" + report)
        try:
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("const m = document.getElementById('ez-map'); return m && m.getAttribute('data-ready') === 'true'"))
            check(True, f"the interactive map is ready ({time.time() - started:.1f} s after loading started)")
        except TimeoutException:
            check(False, "the interactive map never became ready (no #ez-map[data-ready=true] within 30 s)")
        check(driver.execute_script("return document.documentElement.lang") == "zh-CN", "the page is in Chinese (html lang zh-CN)")

        # Offline: nothing but file: and data: was asked for, and the console holds no error.
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        outside = [u for u in requests if not (u.startswith("file:") or u.startswith("data:") or u.startswith("about:"))]
        check(not outside, f"offline: {len(requests)} request(s), none outside file: and data: {outside[:3]}")
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        check(not errors, f"no console error {[e.get('message') for e in errors[:3]]}")

        has_map = driver.execute_script("return !!document.getElementById('ez-map')")
        if has_map:
            driver.execute_script("document.getElementById('ez-map').scrollIntoView({block: 'start'})")
            time.sleep(0.3)

        # Toggling a layer hides it.
        box = overlay_label(driver, RED_LINE) if has_map else None
        check(box is not None, f"the layer switcher lists {RED_LINE}")
        before = count_paths(driver, "red-line")
        check(before > 0, f"{RED_LINE} is drawn: {before} polygon(s)")
        if box is not None:
            box.click()
            time.sleep(0.3)
            check(count_paths(driver, "red-line") == 0, "turning the red line off in the layer switcher removes its polygons")
            box.click()
            time.sleep(0.3)
            check(count_paths(driver, "red-line") == before, "turning it on again draws them again")

        # Clicking a red-line polygon opens a popup whose area is the table's.
        point = driver.execute_script(FIND_POINT, "red-line") if has_map else None
        check(point is not None, "a red-line polygon can be clicked (a point inside it with nothing above)")
        popup = None
        if point is not None:
            click_at(driver, point[0], point[1])
            try:
                popup = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup .ez-pop"))
            except TimeoutException:
                popup = None
            check(popup is not None, "clicking it opens a popup")
        if popup is not None:
            check(popup.get_attribute("data-layer") == "red-line", f"the popup is the red line's ({popup.get_attribute('data-layer')})")
            attributes = {}
            for row in popup.find_elements(By.CSS_SELECTOR, "tr"):
                attributes[row.find_element(By.CSS_SELECTOR, "th").text.strip()] = row.find_element(By.CSS_SELECTOR, "td").text.strip()
            area = popup.find_element(By.CSS_SELECTOR, ".ez-area-km2").text.strip()
            code = attributes.get("CODE")
            print(f"      popup: feature #{popup.get_attribute('data-feature')}, CODE {code}, {area} km²")
            table = table_by_caption(driver, lambda c: (RED_LINE + "：") in c and "各图斑面积" in c and "年" not in c)
            check(table is not None, "the report has a table of the red line's features")
            if table is not None:
                headers = [h.text.strip() for h in table.find_elements(By.CSS_SELECTOR, "thead th")]
                rows = [cells(r) for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
                row = next((r for r in rows if code is not None and "CODE" in headers and r[headers.index("CODE")] == code), None)
                check(row is not None, f"the table has the clicked feature's row (CODE {code})")
                if row is not None:
                    check(row[-1] == area, f"the popup's area {area} equals the table's {row[-1]}")
                # The rows add up to the layer's area in the layers table (measured on the source by the run).
                layers = table_by_caption(driver, lambda c: "读取的图层" in c)
                total = None
                if layers is not None:
                    lh = [h.text.strip() for h in layers.find_elements(By.CSS_SELECTOR, "thead th")]
                    for r in layers.find_elements(By.CSS_SELECTOR, "tbody tr"):
                        c = cells(r)
                        if c[lh.index("键")] == "red-line":
                            total = number(c[lh.index("面积（平方千米）")])
                summed = sum(number(r[-1]) for r in rows)
                check(total is not None and abs(summed - total) <= 0.005 + 0.00005 * len(rows),
                      f"the red line's features add up to {summed:.4f} km², the layer's {total} km² in the layers table")

        # The erosion table lists its grades in the national order.
        present = set()
        with open(os.path.join(folder, "tables", "areas_soil-erosion.csv"), encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        for r in rows[1:]:
            if r[0] != "total":
                present.add(r[0])
        expected = [g for g in EROSION_GRADES if g in present]
        table = table_by_caption(driver, lambda c: "水土流失：按" in c)
        check(table is not None, "the report has the erosion table")
        if table is not None:
            grades = [cells(r)[0] for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
            check(grades == expected and grades[0] == "轻度" and grades[-1] == "剧烈",
                  f"the erosion table's grades are in intensity order: {' → '.join(grades)}")
        csv_order = [r[0] for r in rows[1:] if r[0] != "total"]
        check(csv_order == expected, f"tables/areas_soil-erosion.csv lists them in the same order: {' → '.join(csv_order)}")

        # The legend follows the same order once erosion is shown.
        box = overlay_label(driver, "水土流失")
        if box is not None:
            box.click()
            time.sleep(0.3)
            legend = [e.get_attribute("data-category") for e in driver.find_elements(By.CSS_SELECTOR, ".ez-legend .ez-legend-cat")]
            erosion = [g for g in legend if g in EROSION_GRADES]
            check(erosion == expected, f"the map's legend lists the grades in that order: {' → '.join(erosion)}")
            box.click()

        if point is not None:
            click_at(driver, point[0], point[1])
            time.sleep(0.5)
        if has_map:
            # Beside the run folder, not in it: the folder is EcoZone's, and a file it did not write
            # would make the next `run --out` into it refuse.
            shot = os.path.normpath(folder) + "-map.png"
            driver.find_element(By.ID, "ez-map").screenshot(shot)
            print(f"      map screenshot: {shot}")
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        check(not errors, f"still no console error after clicking {[e.get('message') for e in errors[:3]]}")
    finally:
        driver.quit()
    if failures:
        print(f"check-report-browser: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("check-report-browser: every check passed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/check-report-browser/report.html")
