"""Type sizes from the screen and a high-contrast palette a back row reads on a projector."""

from __future__ import annotations

from dataclasses import dataclass

BACKGROUND = "#000000"
TEXT = "#FFFFFF"
MUTED = "#C8C8C8"
ACCENT = "#FFD23F"  # what changed under a what-if, and the chosen option
CHANGED_BG = "#5A4500"
PANEL_BG = "#101820"
LINES_PER_SCREEN = 40  # body type = screen height / 40: 27 px at 1080 p, 19 px at 768


@dataclass(frozen=True)
class TypeSizes:
    """Pixel sizes for one screen height; the body type is at least 24 px at 1080 p."""

    body: int
    title: int
    small: int
    plot: int  # the forest plot's own text

    @staticmethod
    def for_height(height: int) -> TypeSizes:
        body = max(16, round(height / LINES_PER_SCREEN))
        return TypeSizes(body=body, title=round(body * 1.5), small=round(body * 0.8),
                         plot=max(12, round(body * 0.72)))


def stylesheet(sizes: TypeSizes) -> str:
    return (f"QWidget {{ background: {BACKGROUND}; color: {TEXT}; "
            f"font-size: {sizes.body}px; }}"
            f"QLabel#title {{ font-size: {sizes.title}px; font-weight: bold; }}"
            f"QLabel#small, QLabel#rule {{ font-size: {sizes.small}px; color: {MUTED}; }}"
            f"QLabel#changed {{ color: {ACCENT}; background: {CHANGED_BG}; "
            f"font-weight: bold; }}"
            f"QLabel#head {{ color: {MUTED}; font-size: {sizes.small}px; }}"
            f"QLabel#chosen {{ color: #000000; background: {ACCENT}; font-weight: bold; "
            f"padding-left: {sizes.small // 3}px; }}"
            f"QFrame#panel {{ background: {PANEL_BG}; }}"
            f"QFrame#panel QLabel {{ background: {PANEL_BG}; }}"
            f"QFrame#panel QLabel#changed {{ background: {CHANGED_BG}; }}"
            f"QFrame#panel QLabel#chosen {{ background: {ACCENT}; }}")
