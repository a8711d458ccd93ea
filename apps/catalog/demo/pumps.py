"""Pictures of the demo pumps: studio views, dimensioned drawings, an impeller and a borehole."""

import itertools
import math

from .drawing import (
    BLUEPRINT_LINE,
    DARK_STEEL,
    STEEL,
    STUDIO,
    Canvas,
    blueprint,
    cylinder,
    dimension,
    placed,
    studio_view,
    title_block,
)

MOTOR_BLUE = cylinder("#6aa0e0", "#2a64b8", "#14325e")
GUARD_YELLOW = cylinder("#ffe27a", "#f2b705", "#8a6500")
BASE = cylinder("#6b7480", "#3f4751", "#1f252b")
CABLE = cylinder("#5a5f66", "#1f2328", "#0b0d10")


def draw_centrifugal_pump(canvas: Canvas, x: float, floor: float, s: float = 1.0) -> None:
    """An end-suction pump and its motor on a baseplate, seen from the side (suction left)."""

    box = placed(x, floor, s)

    canvas.fill("rect", box(0, -40, 900, 0), BASE, outline="#14181c")
    for bolt in (40, 860):
        canvas.rect(box(bolt - 14, -52, bolt + 14, -40), "#9aa3ab", radius=3 * s)
    # Motor: finned body, fan cowl, terminal box, feet.
    canvas.fill("rect", box(470, -80, 520, -40), BASE)
    canvas.fill("rect", box(760, -80, 810, -40), BASE)
    canvas.fill("rounded", box(440, -330, 830, -80), MOTOR_BLUE, radius=18 * s, outline="#0d1f3a")
    for fin in range(460, 820, 22):
        canvas.line([box(fin, -322, fin, -88)[:2], box(fin, -322, fin, -88)[2:]], "#1c4a8c", 3)
    canvas.fill("rounded", box(830, -315, 900, -95), DARK_STEEL, radius=24 * s, outline="#2b3137")
    for grille in range(-290, -110, 18):
        canvas.line(
            [box(848, grille, 884, grille)[:2], box(848, grille, 884, grille)[2:]], "#2b3137", 2
        )
    canvas.fill("rounded", box(560, -385, 690, -325), MOTOR_BLUE, radius=6 * s, outline="#0d1f3a")
    # Coupling guard and bearing bracket.
    canvas.fill(
        "rounded", box(300, -270, 445, -140), GUARD_YELLOW, radius=10 * s, outline="#6b4f00"
    )
    canvas.fill("rect", box(230, -245, 305, -165), DARK_STEEL, outline="#2b3137")
    canvas.fill("rect", box(250, -160, 300, -40), BASE)
    # Volute casing with suction (left) and discharge (top) flanges.
    canvas.fill("ellipse", box(20, -360, 250, -60), MOTOR_BLUE, outline="#0d1f3a")
    canvas.fill("rect", box(-60, -255, 40, -165), MOTOR_BLUE)
    canvas.fill("rounded", box(-80, -285, -50, -135), MOTOR_BLUE, radius=5 * s, outline="#0d1f3a")
    canvas.fill("rect", box(80, -440, 160, -340), MOTOR_BLUE, vertical=False)
    canvas.fill("rounded", box(60, -462, 180, -435), MOTOR_BLUE, radius=5 * s, outline="#0d1f3a")
    canvas.fill("rect", box(70, -60, 200, -40), BASE)
    canvas.rect(box(570, -240, 700, -170), "#e9edf1", radius=6 * s, outline="#5b6570")
    canvas.text(x + 635 * s, floor - 205 * s, "7.5 kW", "#1f2937", 24 * s)


def centrifugal_studio() -> bytes:
    return studio_view(draw_centrifugal_pump, 200, 715, 0.95, shadow=(150, 690, 1130, 740))


def centrifugal_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    x, floor = 170, 700
    canvas.outline("rect", (x, floor - 40, x + 900, floor), line, 3)
    canvas.outline("rect", (x + 440, floor - 330, x + 830, floor - 80), line, 3)
    canvas.outline("rect", (x + 830, floor - 315, x + 900, floor - 95), line, 3)
    canvas.outline("rect", (x + 300, floor - 270, x + 445, floor - 140), line, 3)
    canvas.outline("ellipse", (x + 20, floor - 360, x + 250, floor - 60), line, 3)
    canvas.outline("rect", (x - 80, floor - 285, x - 50, floor - 135), line, 3)
    canvas.outline("rect", (x + 60, floor - 462, x + 180, floor - 435), line, 3)
    canvas.line([(x - 120, floor - 210), (x + 940, floor - 210)], line, 1)
    dimension(canvas, (x - 80, floor), (x + 900, floor), "1 050", offset=70)
    dimension(canvas, (x + 900, floor - 462), (x + 900, floor), "480", offset=80, vertical=True)
    canvas.text(x - 65, floor - 310, "DN80", line, 24)
    dimension(canvas, (x + 60, floor - 462), (x + 180, floor - 462), "DN65", offset=-30)
    title_block(canvas, "PMP-CENT-7K5", "ISO 2858 · 1:10")
    return canvas.jpeg()


def centrifugal_impeller() -> bytes:
    """The opened volute: a closed impeller with backward-curved vanes."""
    canvas = Canvas(((0, "#f4f6f8"), (1, "#dfe4e9")))
    cx, cy = 640, 480
    canvas.shadow((300, 800, 980, 850), strength=80)
    canvas.fill("ellipse", (cx - 340, cy - 340, cx + 340, cy + 340), MOTOR_BLUE, outline="#0d1f3a")
    canvas.fill(
        "ellipse", (cx - 290, cy - 290, cx + 290, cy + 290), ((0, "#3b434c"), (1, "#1f252b"))
    )
    canvas.fill(
        "ellipse",
        (cx - 250, cy - 250, cx + 250, cy + 250),
        ((0, "#f1d9a8"), (0.5, "#c99a4b"), (1, "#7d5a22")),
        outline="#5a3f14",
    )
    for vane in range(7):
        start = vane * 2 * math.pi / 7
        points = []
        for step in range(12):
            t = step / 11
            radius = 70 + 170 * t
            angle = start + 1.1 * t
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        canvas.line(points, "#5a3f14", 14)
    canvas.fill(
        "ellipse",
        (cx - 70, cy - 70, cx + 70, cy + 70),
        ((0, "#e9d2a2"), (1, "#9c7433")),
        outline="#5a3f14",
    )
    canvas.fill("ellipse", (cx - 26, cy - 26, cx + 26, cy + 26), STEEL, outline="#3b434c")
    for bolt in range(12):
        angle = bolt * math.pi / 6
        canvas.circle(
            cx + 315 * math.cos(angle), cy + 315 * math.sin(angle), 10, "#9aa3ab", outline="#2b3137"
        )
    return canvas.jpeg()


def draw_submersible(
    canvas: Canvas, x0: float, y: float, length: float, radius: float, vertical: bool = False
) -> None:
    """A 4-inch borehole pump: discharge head, intake screen, stages, motor and cable."""

    def section(a, b, stops, r=radius):
        if vertical:
            canvas.fill(
                "rect",
                (y - r, x0 + a * length, y + r, x0 + b * length),
                stops,
                vertical=False,
                outline="#4b545d",
            )
        else:
            canvas.fill(
                "rect", (x0 + a * length, y - r, x0 + b * length, y + r), stops, outline="#4b545d"
            )

    section(0.0, 0.06, DARK_STEEL, radius * 0.7)
    section(0.06, 0.42, STEEL)
    for stage in range(1, 7):
        position = 0.06 + stage * 0.36 / 7
        section(position, position + 0.004, DARK_STEEL)
    section(0.42, 0.5, STEEL, radius * 0.96)
    slots = 9
    for slot in range(slots):
        a = 0.425 + slot * 0.07 / slots
        section(a, a + 0.004, ((0, "#2b3137"), (1, "#2b3137")), radius * 0.8)
    section(0.5, 0.98, STEEL)
    section(0.98, 1.0, DARK_STEEL, radius * 0.8)
    if vertical:
        canvas.line([(y + radius + 8, x0 + 0.5 * length), (y + radius + 8, x0 - 60)], "#111827", 9)
    else:
        canvas.fill(
            "rect", (x0 + 0.06 * length, y - radius - 18, x0 + 0.52 * length, y - radius - 4), CABLE
        )
        canvas.line(
            [(x0 + 0.52 * length, y - radius - 11), (x0 + 0.6 * length, y - radius - 11)],
            "#111827",
            9,
        )


def submersible_studio() -> bytes:
    canvas = Canvas(STUDIO)
    canvas.shadow((120, 640, 1160, 690), strength=90)
    draw_submersible(canvas, 120, 560, 1040, 70)
    canvas.rect((820, 520, 980, 600), "#e9edf1", radius=6, outline="#5b6570")
    canvas.text(900, 560, '3 kW · 4"', "#1f2937", 24)
    return canvas.jpeg()


def submersible_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    x0, y, length, r = 110, 420, 1020, 60
    marks = (0.0, 0.06, 0.42, 0.5, 0.98, 1.0)
    for a, b in itertools.pairwise(marks):
        canvas.outline("rect", (x0 + a * length, y - r, x0 + b * length, y + r), line, 3)
    canvas.line([(x0 - 30, y), (x0 + length + 30, y)], line, 1)
    dimension(canvas, (x0, y + r), (x0 + length, y + r), "1 250", offset=80)
    dimension(canvas, (x0 + 0.42 * length, y - r), (x0 + length, y - r), "motor 720", offset=-50)
    dimension(canvas, (x0 + length, y - r), (x0 + length, y + r), "98", offset=50, vertical=True)
    canvas.text(300, 650, 'Rp 1 1/4"', line, 26)
    canvas.text(300, 690, "400 V 3~ 50 Hz", line, 26)
    title_block(canvas, "PMP-SUB-3K", '4" · 1:5')
    return canvas.jpeg()


def submersible_borehole() -> bytes:
    """The pump in a cased borehole below the water level, hung on its riser pipe."""
    canvas = Canvas("#dbeafe")
    canvas.rect((0, 0, 1280, 170), "#bfdbfe")
    layers = (
        ("#a16207", 170, 300),
        ("#92400e", 300, 520),
        ("#78716c", 520, 760),
        ("#57534e", 760, 960),
    )
    for colour, top, bottom in layers:
        canvas.rect((0, top, 1280, bottom), colour)
    for x in range(30, 1280, 70):  # gravel
        for y in range(540, 760, 55):
            canvas.circle(x + (y % 3) * 12, y, 9, "#a8a29e")
    canvas.rect((0, 150, 1280, 172), "#65a30d")
    canvas.rect((520, 110, 760, 960), "#e7e5e4", outline="#57534e", width=3)
    canvas.rect((540, 110, 740, 960), "#1e3a5f")
    canvas.fill("rect", (540, 380, 740, 960), ((0, "#60a5fa"), (1, "#1d4ed8")))
    canvas.line([(540, 380), (740, 380)], "#bfdbfe", 3)
    canvas.fill("rect", (620, 60, 660, 520), STEEL, vertical=False, outline="#4b545d")
    canvas.rect((580, 40, 700, 70), "#475569")
    draw_submersible(canvas, 520, 640, 380, 34, vertical=True)
    canvas.line([(760, 380), (980, 380)], "#1d4ed8", 3)  # the water level's mark
    canvas.polygon([(850, 352), (890, 352), (870, 378)], "#1d4ed8")
    return canvas.jpeg()


PICTURES = {
    "PMP-CENT-7K5": [centrifugal_studio, centrifugal_impeller, centrifugal_drawing],
    "PMP-SUB-3K": [submersible_studio, submersible_borehole, submersible_drawing],
}
