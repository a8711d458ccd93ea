"""Draw the PNG and ICO favicons from the same design as static/img/favicon.svg.

Run once after changing the design: .venv/bin/python scripts/make_favicons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static" / "img"
BACKGROUND, MARK = (11, 61, 92), (251, 191, 36)  # #0b3d5c, #fbbf24 as in the SVG


def icon(size: int) -> Image.Image:
    """The SVG's 32-unit design (rounded square, diamond) at ``size`` pixels, drawn at 8x."""
    scale = size * 8 / 32
    big = Image.new("RGBA", (size * 8, size * 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle((0, 0, size * 8 - 1, size * 8 - 1), radius=6 * scale, fill=BACKGROUND)
    draw.polygon(
        [
            (16 * scale, 5 * scale),
            (27 * scale, 16 * scale),
            (16 * scale, 27 * scale),
            (5 * scale, 16 * scale),
        ],
        fill=MARK,
    )
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    icon(48).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    icon(32).save(STATIC / "favicon-32.png")
    icon(180).convert("RGB").save(STATIC / "apple-touch-icon.png")  # iOS shows no transparency
    icon(192).save(STATIC / "icon-192.png")
    icon(512).save(STATIC / "icon-512.png")


if __name__ == "__main__":
    main()
