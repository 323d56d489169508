"""The merged site of three repositories in a real headless Chromium, opened from ``file://``:
search finds a document of each repository (its records loaded only when searched), the repository
facet narrows the hits, and a supersede across repositories is followed both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_site_browser as shared
from orgrepos import TODAY, WORDS, cli, organisation
from test_site_browser import console_errors, open_page, require_browser, wait


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    import os

    require_browser()
    root = tmp_path_factory.mktemp("org")
    saved = os.environ.get("ARTIFACTKIT_TODAY")
    os.environ["ARTIFACTKIT_TODAY"] = TODAY
    try:
        catalogs = organisation(root)
        code, out, err = cli(["site", "build", "--out", str(root / "site"), *(f"--catalog={c}" for c in catalogs)], root)
    finally:
        if saved is None:
            del os.environ["ARTIFACTKIT_TODAY"]
        else:
            os.environ["ARTIFACTKIT_TODAY"] = saved
    assert code == 0, out + err
    return root / "site"


browser, artifacts = shared.browser, shared.artifacts  # the same Chromium fixtures, over this module's site


def hits(driver) -> list[tuple[str, str]]:
    from selenium.webdriver.common.by import By

    return [(li.find_element(By.CSS_SELECTOR, ".repo").text.strip(" ·"), li.find_element(By.CSS_SELECTOR, "a").text) for li in driver.find_elements(By.CSS_SELECTOR, "#search-results li")]


def search_scripts(driver) -> list[str]:
    srcs = driver.execute_script("return Array.from(document.scripts).map(function (s) { return s.src; })")
    return [s.split("/assets/", 1)[1] for s in srcs if "/assets/" in s and s.split("/assets/", 1)[1].startswith(("search/", "terms/", "docs/"))]


def test_search_finds_a_document_of_each_repository(site, browser, artifacts):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "search.html")
    assert search_scripts(browser) == []  # nothing loaded before a search
    for name, word in WORDS.items():
        box = browser.find_element(By.ID, "search-input")
        box.clear()
        box.send_keys(word)
        wait(browser, lambda d, name=name: hits(d) and hits(d)[0][0] == name)
        assert hits(browser) == [(name, f"{name.capitalize()} starts")]
    loaded = search_scripts(browser)  # across all repositories: the term index's files for these words, and the hits' titles
    assert loaded and all(s.startswith(("terms/", "docs/")) for s in loaded), loaded
    browser.save_screenshot(str(artifacts / "merged-search.png"))
    browser.find_element(By.CSS_SELECTOR, "#search-results li a").click()
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "h1").text.endswith("Search starts"))
    assert browser.current_url.endswith("/r/search/adr-1.html")
    assert console_errors(browser) == []


def test_the_repository_facet_narrows_the_hits(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, site, "search.html?q=starts")
    wait(browser, lambda d: len(hits(d)) == 3)
    assert sorted(h[0] for h in hits(browser)) == ["payments", "platform", "search"]
    facets = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#search-facets button")]
    assert facets == ["payments (1)", "platform (1)", "search (1)"]
    Select(browser.find_element(By.ID, "repo-facet")).select_by_value("platform")
    wait(browser, lambda d: len(hits(d)) == 1)
    assert hits(browser) == [("platform", "Platform starts")]
    assert "repo=platform" in browser.current_url
    open_page(browser, site, "search.html?q=starts&repo=search")  # a fresh page with the facet set loads one repository's records
    wait(browser, lambda d: len(hits(d)) == 1)
    assert search_scripts(browser) == ["search/search.js"]  # one repository's records, nothing else


def test_a_cross_repository_supersede_is_followed_both_ways(site, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, site, "r/payments/adr-2.html")
    browser.find_element(By.ID, "superseded-by").find_element(By.PARTIAL_LINK_TEXT, "One Kafka cluster").click()
    wait(browser, lambda d: d.current_url.endswith("/r/platform/adr-2.html"))
    browser.find_element(By.ID, "supersedes").find_element(By.PARTIAL_LINK_TEXT, "Use Kafka for payment events").click()
    wait(browser, lambda d: d.current_url.endswith("/r/payments/adr-2.html"))
    assert console_errors(browser) == []
