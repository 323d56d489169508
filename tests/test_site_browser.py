"""The built site in a real headless Chromium (Debian's chromium + chromium-driver, driven by selenium).

The site is opened from ``file://``, as a reader who downloads it would. Screenshots of the
dashboard, a document and a search result are saved to $ARTIFACTKIT_ARTIFACTS (or the test's
tmp folder). Without a browser these tests skip with the command that installs one, unless
ARTIFACTKIT_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import run
from test_site import TODAY, make_repo

CHROMIUM = "/usr/bin/chromium"
INSTALL = "no browser for the site tests: apt-get install -y chromium chromium-driver"


def _browser_missing() -> str | None:
    if not os.path.exists(CHROMIUM) or not shutil.which("chromedriver"):
        return INSTALL
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


def require_browser() -> None:
    """Skip when no browser can be driven; fail instead where CI asks for one (ARTIFACTKIT_REQUIRE_BROWSER=1)."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("ARTIFACTKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_browser()
    repo = make_repo(tmp_path_factory.mktemp("browser") / "handbook")
    from test_site import AUTHORED

    (repo / "docs/adr/0005-authored.md").write_text(AUTHORED)
    proc = run(["site", "build"], cwd=repo, env=TODAY)
    assert proc.returncode == 0, proc.stderr
    return repo / "_site"


@pytest.fixture(scope="module")
def browser(site):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="ak-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("ARTIFACTKIT_ARTIFACTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(driver, site: Path, rel: str) -> None:
    path, _, query = rel.partition("?")
    driver.get((site / path).as_uri() + (f"?{query}" if query else ""))


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait(driver, condition, seconds: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def visible_titles(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [li.find_element(By.CSS_SELECTOR, "a").text for li in driver.find_elements(By.CSS_SELECTOR, ".timeline li.entry") if li.is_displayed()]


def test_dashboard_then_a_type_then_filter_by_status(site, browser, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, site, "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "handbook: documents"
    assert "Drop the cache" in browser.find_element(By.ID, "findings").find_element(By.XPATH, "..").text
    browser.save_screenshot(str(artifacts / "dashboard.png"))
    assert console_errors(browser) == []

    browser.find_element(By.CSS_SELECTOR, "header nav").find_element(By.LINK_TEXT, "ADRs").click()
    wait(browser, lambda d: d.current_url.endswith("types/adr.html"))
    assert sorted(visible_titles(browser)) == ["ADR 1: Use PostgreSQL", "ADR 2: Use Kafka for events", "ADR 3: Use CockroachDB", "ADR 4: Drop the cache",
                                             "ADR 5: Keep what the author wrote"]
    struck = browser.find_element(By.PARTIAL_LINK_TEXT, "Use PostgreSQL")
    assert "line-through" in struck.value_of_css_property("text-decoration")

    status = browser.find_element(By.ID, "filter-status")
    assert status.is_displayed()  # shown once JS runs
    Select(status).select_by_value("Accepted")
    assert sorted(visible_titles(browser)) == ["ADR 3: Use CockroachDB", "ADR 5: Keep what the author wrote"]
    assert browser.find_element(By.CSS_SELECTOR, ".filter-count").text == "2 of 5 shown"
    Select(status).select_by_value("")
    Select(browser.find_element(By.ID, "filter-tag")).select_by_value("storage")
    assert sorted(visible_titles(browser)) == ["ADR 1: Use PostgreSQL", "ADR 3: Use CockroachDB"]
    assert console_errors(browser) == []

    open_page(browser, site, "index.html")  # a status chip on the dashboard opens the type already filtered
    browser.find_element(By.CSS_SELECTOR, 'a[href="types/adr.html?status=Rejected"]').click()
    wait(browser, lambda d: visible_titles(d) == ["ADR 4: Drop the cache"])


def test_search_a_word_from_a_body_and_open_the_hit(site, browser, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site, "pages/docs/rfc/0001-storage.html")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("zanzibar", Keys.ENTER)  # the header's search form, from a page two folders down
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    hits = browser.find_elements(By.CSS_SELECTOR, "#search-results li a")
    assert [h.text for h in hits] == ["ADR 2: Use Kafka for events"]
    browser.save_screenshot(str(artifacts / "search.png"))
    assert console_errors(browser) == []
    hits[0].click()
    wait(browser, lambda d: d.current_url.endswith("pages/docs/adr/0002-use-kafka.html"))
    assert "zanzibar-style" in browser.find_element(By.CSS_SELECTOR, ".body").text
    assert browser.execute_script("return window.__pwned === undefined")  # the document's raw HTML never ran
    assert console_errors(browser) == []

    open_page(browser, site, "search.html?q=storage")  # titles first: "Storage layer" before bodies that mention it
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li a")[0].text == "RFC 1: Storage layer"


def test_superseded_banner_leads_to_the_replacement(site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "pages/docs/adr/0001-use-postgres.html")
    banner = browser.find_element(By.CSS_SELECTOR, ".banner.superseded")
    assert "superseded by" in banner.text
    banner.find_element(By.TAG_NAME, "a").click()
    wait(browser, lambda d: d.current_url.endswith("0003-use-cockroach.html"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Use CockroachDB"
    assert console_errors(browser) == []


def test_relations_overview_lists_every_document_by_type_and_filters(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site, "graph.html")
    assert browser.find_elements(By.CSS_SELECTOR, "svg[role=img] a") == []
    assert len(visible_titles(browser)) == 8
    reached = []  # the keyboard reaches the documents' links: Tab moves through them like any other link
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        reached.append(browser.execute_script("var a = document.activeElement; return a.closest('.relations-overview li.entry') ? a.textContent : null"))
    assert "ADR 2: Use Kafka for events" in reached and "ADR 1: Use PostgreSQL" in reached, reached
    Select(browser.find_element(By.ID, "filter-type")).select_by_value("rfc")
    assert visible_titles(browser) == ["RFC 1: Storage layer"]
    Select(browser.find_element(By.ID, "filter-type")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("Superseded")
    assert visible_titles(browser) == ["ADR 1: Use PostgreSQL"]
    browser.find_element(By.LINK_TEXT, "ADR 1: Use PostgreSQL").click()
    wait(browser, lambda d: d.current_url.endswith("pages/docs/adr/0001-use-postgres.html"))
    assert "Superseded by ADR 3: Use CockroachDB" in browser.find_element(By.CSS_SELECTOR, ".neighbourhood").text
    assert console_errors(browser) == []


def test_a_page_with_html_comments_shows_none(site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "pages/docs/adr/0005-authored.html")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Template instructions" not in text and "note to reviewers" not in text and "<!--" not in text and "[TOC]" not in text
    assert browser.find_element(By.TAG_NAME, "h1").text == "Keep what the author wrote"
    assert "<span>raw</span>" in text  # other raw HTML is shown as the text it is


def test_searching_a_type_name_finds_that_types_documents_first_with_a_highlighted_snippet(site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "search.html?q=runbook")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    first = browser.find_elements(By.CSS_SELECTOR, "#search-results li")[0]
    assert first.get_attribute("data-type") == "runbook"
    open_page(browser, site, "search.html?q=zanzibar")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
    marks = browser.find_elements(By.CSS_SELECTOR, "#search-results li .excerpt mark")
    assert marks and marks[0].text.lower().startswith("zanzibar")
    assert "Proposed" in browser.find_element(By.CSS_SELECTOR, "#search-results li .facts").text
    assert console_errors(browser) == []


def test_document_with_a_local_image_and_a_mermaid_diagram(site, browser, artifacts):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "pages/docs/adr/0003-use-cockroach.html")
    image = browser.find_element(By.CSS_SELECTOR, '.body img[alt="architecture diagram"]')
    wait(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 40)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "pre.mermaid svg"))  # Mermaid drew the diagram
    assert "CockroachDB" in browser.find_element(By.CSS_SELECTOR, "pre.mermaid svg").text
    browser.save_screenshot(str(artifacts / "document.png"))
    assert console_errors(browser) == []


def axe_violations(driver) -> list[dict]:
    """axe-core (axe-core-python's copy) on the page the browser shows: every rule it has."""
    from axe_core_python.selenium import Axe

    found = Axe().run(driver)["violations"]
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in found]


@pytest.mark.parametrize("page", ["index.html", "types/adr.html", "pages/docs/adr/0001-use-postgres.html", "pages/docs/adr/0005-authored.html",
                                  "graph.html", "search.html?q=database"])
def test_pages_pass_axe(site, browser, page):
    from selenium.webdriver.common.by import By

    open_page(browser, site, page)
    if "?q=" in page:
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li mark"))
    assert axe_violations(browser) == []


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    """1,000 documents of the six built-in types, with supersedes chains among the ADRs."""
    from conftest import git, write_tree
    from docfactory import TYPES, document

    require_browser()
    root = tmp_path_factory.mktemp("big") / "many"
    statuses = {"adr": ["Proposed", "Accepted", "Rejected"], "rfc": ["Draft", "Review", "Accepted"], "postmortem": ["Draft", "Published"]}
    files = {".artifactkit.yaml": "docs_root: docs\n"}
    for i in range(1000):
        kind = TYPES[i % len(TYPES)]
        n = i // len(TYPES) + 1
        text = document(kind).replace(f"# A complete {kind}\n", f"# {kind} number {n} about topic {i}\n")
        if kind in statuses:
            for old in ("status: Accepted\n", "status: Review\n", "status: Published\n"):
                text = text.replace(old, f"status: {statuses[kind][n % len(statuses[kind])]}\n")
        if kind == "adr" and n % 10 == 0:
            text = text.replace("status: ", f"supersedes: {n - 1}\nstatus: ", 1)
        files[f"docs/{kind}/{n:04d}-topic-{i}.md"] = text
    write_tree(root, files)
    git(root, "init", "-q", "-b", "main")
    proc = run(["site", "build"], cwd=root, env=TODAY)
    assert proc.returncode == 0, proc.stderr
    assert "1000 documents" in proc.stdout, proc.stdout
    return root / "_site"


def test_relations_overview_at_a_thousand_documents_shows_every_type_and_passes_axe(big_site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, big_site, "graph.html")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".relations-overview h2")]
    for label in ("ADRs", "RFCs", "Runbooks", "Postmortems", "1:1s", "Review checklists"):
        assert any(h.startswith(label) for h in headings), headings
    assert len(browser.find_elements(By.CSS_SELECTOR, ".relations-overview li.entry")) == 1000
    assert browser.find_elements(By.CSS_SELECTOR, "svg a") == []
    links = browser.find_elements(By.CSS_SELECTOR, ".relations-overview a")
    assert all(a.get_attribute("href") for a in links[:50])  # real links, in the tab order
    assert axe_violations(browser) == []
    assert console_errors(browser) == []
