"""What a page needs to be printed and posted: its printable text by section."""

import hashlib
import json


class PrintablePage:
    """Mixin for pages that are posted at service points (上墙、桌牌、宣传彩页).

    ``print_sections`` is the text a printed copy carries, as (label, text) pairs.
    It decides when a publication is a new edition (第N版) and what the
    verification page lists as changed, so it covers every field the print view
    shows and nothing it does not.
    """

    print_template = "portal/print/page.html"

    def print_sections(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def printable_sections(self) -> list[list[str]]:
        """Non-empty sections, in the JSON-friendly form an edition stores."""
        return [
            [str(label), str(text).strip()]
            for label, text in self.print_sections()
            if text is not None and str(text).strip()
        ]

    @staticmethod
    def fingerprint_of(sections: list[list[str]]) -> str:
        encoded = json.dumps(sections, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()

    def print_url(self, request=None) -> str:
        """Empty for a page that no site serves (``get_url`` is None): no dead link."""
        url = self.get_url(request)
        return url + "print/" if url else ""

    def poster_url(self, request=None) -> str:
        url = self.get_url(request)
        return url + "poster.pdf" if url else ""
