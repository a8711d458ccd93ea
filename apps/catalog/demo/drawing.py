"""A small drawing kit for the demo catalogue's pictures (Pillow only).

Pictures are drawn at twice their size and scaled down, which smooths every edge. Coordinates
are given at the final size (1280 x 960); colours as "#rrggbb".
"""

import itertools
from collections.abc import Sequence
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1280, 960
SCALE = 2
Box = tuple[float, float, float, float]
Stops = Sequence[tuple[float, str]]


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _strip(stops: Stops, length: int = 256) -> list[tuple[int, int, int]]:
    """Colours along a gradient with stops (position 0..1, colour)."""
    points = [(position, rgb(colour)) for position, colour in stops]
    colours = []
    for i in range(length):
        t = i / (length - 1)
        for (p0, c0), (p1, c1) in itertools.pairwise(points):
            if p0 <= t <= p1:
                colours.append(_mix(c0, c1, (t - p0) / ((p1 - p0) or 1)))
                break
        else:
            colours.append(points[0][1] if t < points[0][0] else points[-1][1])
    return colours


# Shading of common surfaces: brushed steel, painted cylinders, cast parts.
def cylinder(light: str, mid: str, dark: str) -> Stops:
    """Across a cylinder lit from above: dark edge, highlight, body, dark edge."""
    return ((0, dark), (0.22, light), (0.45, mid), (0.85, dark), (1, dark))


STEEL = cylinder("#f4f6f8", "#b9c1c9", "#6b7682")
DARK_STEEL = cylinder("#c9ced4", "#7d8792", "#3b434c")


class Canvas:
    def __init__(self, background: Stops | str = "#eef1f4"):
        size = (WIDTH * SCALE, HEIGHT * SCALE)
        if isinstance(background, str):
            self.image = Image.new("RGB", size, rgb(background))
        else:
            self.image = gradient_image(size, background, vertical=True)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def at(*values: float) -> list[int]:
        return [round(value * SCALE) for value in values]

    def fill(self, kind: str, box: Box, stops: Stops, *, vertical=True, outline=None, **options):
        """A rectangle, rounded rectangle, ellipse or polygon filled with a gradient."""
        if kind == "polygon":
            xs = [x for x, _y in options["points"]]
            ys = [y for _x, y in options["points"]]
            box = (min(xs), min(ys), max(xs), max(ys))
        x0, y0, x1, y1 = self.at(*box)
        size = (max(1, x1 - x0), max(1, y1 - y0))
        mask = Image.new("L", size, 0)
        draw = ImageDraw.Draw(mask)
        local = (0, 0, size[0] - 1, size[1] - 1)
        if kind == "polygon":
            points = [tuple(self.at(*point)) for point in options["points"]]
            draw.polygon([(x - x0, y - y0) for x, y in points], fill=255)
        elif kind == "ellipse":
            draw.ellipse(local, fill=255)
        else:
            draw.rounded_rectangle(local, radius=options.get("radius", 0) * SCALE, fill=255)
        self.image.paste(gradient_image(size, stops, vertical=vertical), (x0, y0), mask)
        if outline:
            self.outline(kind, box, outline, **options)

    def outline(self, kind: str, box: Box, colour: str, width: float = 2, **options):
        if kind == "polygon":
            points = [tuple(self.at(*point)) for point in options["points"]]
            self.draw.polygon(points, outline=rgb(colour), width=round(width * SCALE))
        elif kind == "ellipse":
            self.draw.ellipse(self.at(*box), outline=rgb(colour), width=round(width * SCALE))
        else:
            self.draw.rounded_rectangle(
                self.at(*box),
                radius=options.get("radius", 0) * SCALE,
                outline=rgb(colour),
                width=round(width * SCALE),
            )

    def rect(self, box: Box, colour: str, radius: float = 0, outline=None, width: float = 2):
        self.draw.rounded_rectangle(
            self.at(*box),
            radius=radius * SCALE,
            fill=rgb(colour),
            outline=rgb(outline) if outline else None,
            width=round(width * SCALE),
        )

    def ellipse(self, box: Box, colour: str | None, outline=None, width: float = 2):
        self.draw.ellipse(
            self.at(*box),
            fill=rgb(colour) if colour else None,
            outline=rgb(outline) if outline else None,
            width=round(width * SCALE),
        )

    def circle(self, x: float, y: float, r: float, colour: str | None, outline=None, width=2):
        self.ellipse((x - r, y - r, x + r, y + r), colour, outline, width)

    def polygon(self, points, colour: str, outline=None, width: float = 2):
        self.draw.polygon(
            [tuple(self.at(*point)) for point in points],
            fill=rgb(colour),
            outline=rgb(outline) if outline else None,
            width=round(width * SCALE),
        )

    def line(self, points, colour: str, width: float = 2):
        self.draw.line(
            [tuple(self.at(*point)) for point in points],
            fill=rgb(colour),
            width=round(width * SCALE),
            joint="curve",
        )

    def arc(self, box: Box, start: float, end: float, colour: str, width: float = 2):
        self.draw.arc(self.at(*box), start, end, fill=rgb(colour), width=round(width * SCALE))

    def shadow(self, box: Box, strength: int = 110, blur: float = 18):
        """A soft shadow on the floor under an object."""
        margin = blur * 3
        x0, y0, x1, y1 = self.at(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
        mask = Image.new("L", (x1 - x0, y1 - y0), 0)
        inner = self.at(margin, margin, box[2] - box[0] + margin, box[3] - box[1] + margin)
        ImageDraw.Draw(mask).ellipse(inner, fill=strength)
        mask = mask.filter(ImageFilter.GaussianBlur(blur * SCALE))
        self.image.paste((20, 28, 36), (x0, y0), mask)

    def text(self, x: float, y: float, text: str, colour: str, size: float = 28, anchor="mm"):
        font = ImageFont.load_default(size=round(size * SCALE))
        x_at, y_at = self.at(x, y)
        self.draw.text((x_at, y_at), text, fill=rgb(colour), font=font, anchor=anchor)

    def bolts(self, x: float, ys: Sequence[float], r: float = 7, colour: str = "#5b6570"):
        for y in ys:
            self.circle(x, y, r, colour, outline="#2f363d", width=1.5)
            self.circle(x - r * 0.3, y - r * 0.3, r * 0.35, "#d7dce1")

    def jpeg(self) -> bytes:
        final = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        final.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
        return buffer.getvalue()


def gradient_image(size: tuple[int, int], stops: Stops, *, vertical: bool) -> Image.Image:
    colours = _strip(stops)
    strip = Image.new("RGB", (len(colours), 1))
    strip.putdata(colours)
    if vertical:
        strip = strip.transpose(Image.Transpose.ROTATE_270).transpose(
            Image.Transpose.FLIP_LEFT_RIGHT
        )
    return strip.resize(size, Image.Resampling.BILINEAR)


# Backgrounds
STUDIO = ((0, "#f7f8fa"), (0.62, "#e3e7ec"), (0.63, "#d5dbe1"), (1, "#eef1f4"))
BLUEPRINT = "#123a63"
BLUEPRINT_LINE = "#dbe9f7"
BLUEPRINT_GRID = "#1d4b7a"


def placed(x: float, y: float, scale: float):
    """``box(x0, y0, x1, y1)`` for coordinates relative to (x, y), at ``scale``."""

    def box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return (x + x0 * scale, y + y0 * scale, x + x1 * scale, y + y1 * scale)

    return box


def studio_view(draw, *position: float, shadow: Box) -> bytes:
    """A product drawn by ``draw(canvas, *position)`` on the studio backdrop, with its shadow."""
    canvas = Canvas(STUDIO)
    canvas.shadow(shadow)
    draw(canvas, *position)
    return canvas.jpeg()


def blueprint() -> Canvas:
    """A technical drawing sheet: blue paper with a grid and a title block."""
    canvas = Canvas(BLUEPRINT)
    for x in range(0, WIDTH, 40):
        canvas.line([(x, 0), (x, HEIGHT)], BLUEPRINT_GRID, 1)
    for y in range(0, HEIGHT, 40):
        canvas.line([(0, y), (WIDTH, y)], BLUEPRINT_GRID, 1)
    canvas.rect((30, 30, WIDTH - 30, HEIGHT - 30), BLUEPRINT, outline=BLUEPRINT_LINE, width=3)
    canvas.draw.rectangle(canvas.at(40, 40, WIDTH - 40, HEIGHT - 40), fill=None)
    return canvas


def title_block(canvas: Canvas, reference: str, scale: str) -> None:
    x0, y0 = WIDTH - 380, HEIGHT - 130
    canvas.rect((x0, y0, WIDTH - 30, HEIGHT - 30), BLUEPRINT, outline=BLUEPRINT_LINE, width=2)
    canvas.line([(x0, y0 + 50), (WIDTH - 30, y0 + 50)], BLUEPRINT_LINE, 2)
    canvas.text(x0 + 175, y0 + 25, reference, BLUEPRINT_LINE, 26)
    canvas.text(x0 + 175, y0 + 75, scale, BLUEPRINT_LINE, 22)


def dimension(canvas: Canvas, start, end, label: str, offset: float = 0, vertical=False):
    """A dimension line with arrows and its measure, as on a drawing."""
    (x0, y0), (x1, y1) = start, end
    colour = BLUEPRINT_LINE
    if vertical:
        canvas.line([(x0 + offset, y0), (x1 + offset, y1)], colour, 2)
        for y, direction in ((y0, 1), (y1, -1)):
            canvas.polygon(
                [
                    (x0 + offset, y),
                    (x0 + offset - 7, y + 18 * direction),
                    (x0 + offset + 7, y + 18 * direction),
                ],
                colour,
            )
        canvas.text(x0 + offset - 16, (y0 + y1) / 2, label, colour, 24, anchor="rm")
        return
    canvas.line([(x0, y0 + offset), (x1, y1 + offset)], colour, 2)
    for x, direction in ((x0, 1), (x1, -1)):
        canvas.polygon(
            [
                (x, y0 + offset),
                (x + 18 * direction, y0 + offset - 7),
                (x + 18 * direction, y0 + offset + 7),
            ],
            colour,
        )
    canvas.text((x0 + x1) / 2, y0 + offset - 20, label, colour, 24)


def hatch(canvas: Canvas, box: Box, colour: str, spacing: float = 14):
    """Section hatching (45 degree lines) clipped to a rectangle."""
    x0, y0, x1, y1 = box
    layer = Image.new("L", canvas.image.size, 0)
    draw = ImageDraw.Draw(layer)
    span = (x1 - x0) + (y1 - y0)
    position = 0.0
    while position < span:
        draw.line(
            [tuple(canvas.at(x0 + position, y0)), tuple(canvas.at(x0 + position - (y1 - y0), y1))],
            fill=255,
            width=2 * SCALE,
        )
        position += spacing
    clip = Image.new("L", canvas.image.size, 0)
    ImageDraw.Draw(clip).rectangle(canvas.at(*box), fill=255)
    layer = Image.composite(layer, Image.new("L", canvas.image.size, 0), clip)
    canvas.image.paste(rgb(colour), (0, 0), layer)
