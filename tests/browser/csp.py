"""Catching Content-Security-Policy violations in a real browser: every `securitypolicyviolation`
event a page fires (kept in the page by a script Playwright adds before any of the page's own),
and every console message in which chromium reports a refused resource or a bad policy header."""

from __future__ import annotations

from typing import Any

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${(e.sourceFile || '').split('/').pop()}:${e.lineNumber} (${(e.sample || '').slice(0, 60)})`);
}, true);
"""
CONSOLE_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


class CspWatch:
    """Watches one page: `problems()` gives what went wrong since the last call."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if any(word in message.text for word in CONSOLE_WORDS):
            self.console.append(f"console {message.type}: {message.text[:200]}")

    def problems(self) -> list[str]:
        found = list(self.console)
        self.console.clear()
        try:
            found += self.page.evaluate("window.__cspViolations ? window.__cspViolations.splice(0) : []")
        except Exception as error:  # a page navigating away: nothing more to read
            found.append(f"could not read the violations: {error}")
        return found
