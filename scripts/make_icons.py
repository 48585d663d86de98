"""Draw the home-screen icons as PNG files (no image library needed): Attune's two circles and
the discreet mode's plain note page, at the sizes phones ask for.

Run `python3 scripts/make_icons.py` after changing a shape; it writes into
attune/web/static/attune/. The shapes match icon.svg and icon-neutral.svg, drawn inside the
middle 80% so a round or squircle mask (Android's "maskable") never cuts them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "attune" / "web" / "static" / "attune"
SIZES = (180, 192, 512)
SAMPLES = 3  # per side, per pixel: smooth edges without an image library

Colour = tuple[float, float, float]
Paint = Callable[[float, float], tuple[Colour, float] | None]


def _hex(value: str) -> Colour:
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _circle(cx: float, cy: float, r: float, colour: str, alpha: float) -> Paint:
    rgb = _hex(colour)
    return lambda x, y: (rgb, alpha) if (x - cx) ** 2 + (y - cy) ** 2 <= r * r else None


def _rect(x0: float, y0: float, x1: float, y1: float, colour: str) -> Paint:
    rgb = _hex(colour)
    return lambda x, y: (rgb, 1.0) if x0 <= x <= x1 and y0 <= y <= y1 else None


def _page(colour: str, edge: str) -> list[Paint]:
    """A sheet with a folded corner (the neutral icon), in the 32-unit grid of the SVGs."""
    fill, line = _hex(colour), _hex(edge)

    def sheet(x: float, y: float):
        inside = 8 <= x <= 25 and 3.5 <= y <= 28.5 and not (x - 19.5 > y - 3.5 + 0.0 and y < 9)
        if not inside:
            return None
        border = x < 8.75 or x > 24.25 or y < 4.25 or y > 27.75
        fold = abs((x - 19.5) - (y - 3.5)) < 0.75 and y < 9
        return (line if border or fold else fill), 1.0

    lines = [
        _rect(11.5, top, right, top + 1.5, "#a6a6a6")
        for top, right in ((13.25, 21.5), (17.25, 21.5), (21.25, 18.5))
    ]
    return [sheet, *lines]


ICONS: dict[str, tuple[str, list[Paint]]] = {
    "icon": (
        "#fbf7f2",
        [_circle(12, 16, 9, "#d9734f", 0.9), _circle(20, 16, 9, "#f2b26b", 0.8)],
    ),
    "icon-neutral": ("#e9e9e9", _page("#f7f7f7", "#808080")),
}


def render(background: str, paints: list[Paint], size: int) -> bytes:
    """RGB rows of the icon: the 32-unit drawing scaled into the middle 80% of the square."""
    bg = _hex(background)
    scale = 32 / (size * 0.8)
    offset = size * 0.1
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter: none
        for px in range(size):
            total = [0.0, 0.0, 0.0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES - offset) * scale
                    y = (py + (sy + 0.5) / SAMPLES - offset) * scale
                    colour = list(bg)
                    for paint in paints:
                        hit = paint(x, y)
                        if hit:
                            rgb, alpha = hit
                            colour = [
                                c * (1 - alpha) + n * alpha
                                for c, n in zip(colour, rgb, strict=True)
                            ]
                    total = [t + c for t, c in zip(total, colour, strict=True)]
            rows.extend(round(255 * t / SAMPLES**2) for t in total)
    return bytes(rows)


def png(size: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    for name, (background, paints) in ICONS.items():
        for size in SIZES:
            path = OUT / f"{name}-{size}.png"
            path.write_bytes(png(size, render(background, paints, size)))
            print(path.relative_to(OUT.parent.parent.parent.parent), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
