"""The 依申请公开 form's error path by keyboard, references that resolve, and the document tools."""

from __future__ import annotations

from pathlib import Path

from conftest import new_context

BROKEN_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(el =>
  ['aria-describedby', 'aria-labelledby'].flatMap(attr => (el.getAttribute(attr) || '').split(/\\s+/)
    .filter(id => id && !document.getElementById(id)).map(id => `${el.id || el.tagName} ${attr}=${id}`)))"""


def test_error_summary_takes_focus_and_its_links_move_focus_to_fields(browser, base_url, artifacts: Path):
    context = new_context(browser, base_url, width=390)
    page = context.new_page()
    page.goto(base_url + "/apply/new/")
    assert page.evaluate(BROKEN_REFERENCES) == []
    # Keyboard only: type a name, press Enter in the field to submit the otherwise empty form.
    page.focus("#id_applicant_name")
    page.keyboard.type("张三")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    assert links.count() >= 3
    texts = links.all_inner_texts()
    assert any("联系电话" in t for t in texts), texts  # field-specific, not "这个字段是必填项。"
    assert not any("这个字段是必填项" in t for t in texts), texts
    assert page.input_value("#id_applicant_name") == "张三"  # nothing typed is lost
    page.screenshot(path=str(artifacts / "apply-errors-390.png"), full_page=False)
    # Tab to the first link of the summary and follow it with Enter: focus lands on the field it names.
    for index in range(min(links.count(), 3)):
        target = links.nth(index).get_attribute("href").lstrip("#")
        links.nth(index).focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == target
        described = page.evaluate("() => document.activeElement.getAttribute('aria-describedby') || ''")
        field = page.locator(f"#{target}")
        if field.evaluate("e => e.type") != "radio":
            assert f"{target}_error" in described.split(), described
    assert page.evaluate(BROKEN_REFERENCES) == []
    context.close()


def test_phone_field_is_a_tel_input_and_uploads_say_what_they_accept(browser, base_url):
    context = new_context(browser, base_url, width=390)
    page = context.new_page()
    page.goto(base_url + "/apply/new/")
    assert page.get_attribute("#id_phone", "type") == "tel"
    assert page.get_attribute("#id_phone", "autocomplete") == "tel"
    assert page.get_attribute("#id_email", "type") == "email"
    assert ".pdf" in (page.get_attribute("#id_identity_proof", "accept") or "")
    # Organisation-only fields are hidden for a person and shown for a company.
    page.check("input[name=applicant_type][value='自然人']")
    assert not page.locator("#id_legal_representative").is_visible()
    page.check("input[name=applicant_type][value='商业企业']")
    assert page.locator("#id_legal_representative").is_visible()
    context.close()


def test_article_tools_appear_with_javascript_and_the_page_works_without(browser, base_url):
    from pages import public_pages

    record = next(p for p in public_pages(base_url) if p.startswith("/xxgk/records/"))
    context = new_context(browser, base_url, width=390)
    page = context.new_page()
    page.goto(base_url + record)
    tools = page.locator("[data-doc-tools]")
    assert tools.is_visible()
    page.click("[data-doc-size='1']")
    assert "text-larger" in (page.get_attribute(".record-body", "class") or "")
    page.click("[data-doc-speak]")
    # Speech starts (the button offers pause), or it has already finished (a browser without voices ends at
    # once), or the fallback message says why it cannot. Label and message are read together: reading them one
    # after the other raced with the end of a voiceless utterance.
    outcome = page.wait_for_function(
        """() => {
          const label = document.querySelector("[data-doc-speak]").textContent;
          const status = document.querySelector("[data-doc-status]").textContent;
          const done = label === "暂停朗读" || /不支持|无法朗读|朗读结束/.test(status);
          return done ? [label, status] : null;
        }""",
        timeout=5000,
    ).json_value()
    label, status = outcome
    assert label == "暂停朗读" or "朗读结束" in status or "不支持" in status or "无法朗读" in status, outcome
    context.close()

    no_js = new_context(browser, base_url, width=390, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(base_url + record)
    assert not page.locator("[data-doc-tools]").is_visible()
    assert page.locator(".record-body").is_visible()
    no_js.close()


def test_status_link_without_the_session_asks_for_the_code_with_the_number_filled_in(browser, base_url):
    context = new_context(browser, base_url, width=390)
    page = context.new_page()
    page.goto(base_url + "/apply/status/YSQ2026-00001/")
    assert "/apply/status/?number=YSQ2026-00001" in page.url
    assert page.input_value("#id_number") == "YSQ2026-00001"
    context.close()
