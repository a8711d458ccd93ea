"""Pictures of the demo machines: the CNC lathe and the packing machine."""

import math

from .drawing import (
    BLUEPRINT_LINE,
    DARK_STEEL,
    STEEL,
    Canvas,
    blueprint,
    cylinder,
    dimension,
    placed,
    studio_view,
    title_block,
)

PANEL = ((0, "#f3f4f6"), (1, "#c9ced6"))
PANEL_DARK = ((0, "#5b6472"), (1, "#2d333b"))
GLASS = ((0, "#9cc3e6"), (0.5, "#5b8fbf"), (1, "#2f5f8f"))
ORANGE = ((0, "#fdba74"), (1, "#ea580c"))
STAINLESS = ((0, "#fafbfc"), (0.5, "#d6dbe0"), (1, "#a4adb6"))


def draw_lathe(canvas: Canvas, x: float, floor: float, s: float = 1.0) -> None:
    """An enclosed CNC lathe: base, sliding door with window, control panel, chip tray."""

    box = placed(x, floor, s)

    canvas.fill("rect", box(0, -110, 900, 0), PANEL_DARK, outline="#1f2328")
    canvas.fill("rounded", box(0, -520, 900, -110), PANEL, radius=14 * s, outline="#6b7280")
    canvas.fill("rect", box(0, -560, 900, -520), ORANGE, outline="#9a3412")
    canvas.fill("rounded", box(60, -470, 560, -150), PANEL, radius=10 * s, outline="#6b7280")
    canvas.fill("rounded", box(100, -440, 520, -230), GLASS, radius=8 * s, outline="#334155")
    canvas.fill("ellipse", box(150, -395, 250, -275), DARK_STEEL, outline="#1f2328")
    canvas.fill("rect", box(250, -350, 430, -320), STEEL, outline="#4b545d")
    canvas.rect(box(520, -330, 540, -250), "#475569", radius=6 * s)
    canvas.fill("rounded", box(660, -480, 860, -170), PANEL_DARK, radius=10 * s, outline="#111827")
    canvas.fill("rect", box(685, -455, 835, -350), ((0, "#0f766e"), (1, "#134e4a")))
    for row in range(3):
        for column in range(4):
            canvas.rect(
                box(690 + column * 38, -330 + row * 34, 716 + column * 38, -308 + row * 34),
                "#cbd5e1",
                radius=4 * s,
            )
    canvas.circle(x + 800 * s, floor - 215 * s, 18 * s, "#dc2626", outline="#7f1d1d")
    canvas.fill("rect", box(60, -110, 560, -70), ((0, "#9ca3af"), (1, "#6b7280")))
    canvas.text(x + 310 * s, floor - 90 * s, "CNC", "#111827", 22 * s)


def lathe_studio() -> bytes:
    return studio_view(draw_lathe, 190, 745, shadow=(160, 720, 1120, 770))


def lathe_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    x, floor = 190, 700
    canvas.outline("rect", (x, floor - 110, x + 900, floor), line, 3)
    canvas.outline("rect", (x, floor - 520, x + 900, floor - 110), line, 3)
    canvas.outline("rect", (x + 60, floor - 470, x + 560, floor - 150), line, 3)
    canvas.outline("rect", (x + 660, floor - 480, x + 860, floor - 170), line, 3)
    canvas.outline("ellipse", (x + 150, floor - 395, x + 250, floor - 275), line, 3)
    canvas.line([(x + 120, floor - 335), (x + 520, floor - 335)], line, 1)
    dimension(canvas, (x, floor), (x + 900, floor), "3 200", offset=70)
    dimension(canvas, (x + 900, floor - 520), (x + 900, floor), "1 850", offset=80, vertical=True)
    canvas.text(x + 310, floor - 500, "D 500 / L 1 000", line, 24)
    title_block(canvas, "MCH-CNC-LATHE", "1:20")
    return canvas.jpeg()


def lathe_chuck() -> bytes:
    """Inside the machine: the three-jaw chuck holding a shaft, the tool cutting, chips flying."""
    canvas = Canvas(((0, "#3b4350"), (1, "#1c2128")))
    cx, cy = 360, 470
    canvas.fill(
        "ellipse",
        (cx - 230, cy - 230, cx + 230, cy + 230),
        DARK_STEEL,
        vertical=False,
        outline="#0f1115",
    )
    for jaw in range(3):
        angle = math.pi / 2 + jaw * 2 * math.pi / 3
        jx, jy = cx + 150 * math.cos(angle), cy - 150 * math.sin(angle)
        canvas.fill(
            "rounded", (jx - 40, jy - 40, jx + 40, jy + 40), STEEL, radius=8, outline="#2b3137"
        )
    canvas.fill(
        "rect",
        (cx, cy - 70, 1120, cy + 70),
        cylinder("#f8fafc", "#cbd5e1", "#64748b"),
        outline="#334155",
    )
    for groove in range(520, 1100, 90):
        canvas.line([(groove, cy - 70), (groove, cy + 70)], "#94a3b8", 3)
    canvas.fill(
        "polygon",
        (0, 0, 0, 0),
        ((0, "#fcd34d"), (1, "#b45309")),
        points=[(760, cy + 80), (840, cy + 80), (900, cy + 330), (700, cy + 330)],
    )
    canvas.polygon([(770, cy + 72), (800, cy + 72), (790, cy + 90), (775, cy + 90)], "#111827")
    for chip in range(9):
        start = 0.3 + chip * 0.35
        points = [
            (800 + 20 * t * math.cos(start + t), cy + 90 + 18 * t * math.sin(start + t))
            for t in [step / 3 for step in range(18)]
        ]
        canvas.line(points, "#f59e0b" if chip % 2 else "#fbbf24", 4)
    canvas.line([(300, 120), (980, 120)], "#60a5fa", 3)
    return canvas.jpeg()


def draw_packer(canvas: Canvas, x: float, floor: float, s: float = 1.0) -> None:
    """A vertical form-fill-seal machine: hopper, forming tube, cabinet, screen, conveyor."""

    box = placed(x, floor, s)

    canvas.fill("rect", box(60, -60, 90, 0), DARK_STEEL)
    canvas.fill("rect", box(430, -60, 460, 0), DARK_STEEL)
    canvas.fill("rounded", box(40, -430, 480, -60), STAINLESS, radius=12 * s, outline="#6b7280")
    canvas.fill("rounded", box(90, -400, 430, -120), GLASS, radius=8 * s, outline="#334155")
    canvas.fill("rect", box(235, -400, 285, -170), STEEL, vertical=False, outline="#4b545d")
    canvas.fill("rect", box(200, -175, 320, -150), DARK_STEEL)
    canvas.fill(
        "polygon",
        (0, 0, 0, 0),
        STAINLESS,
        points=[
            (x + 130 * s, floor - 640 * s),
            (x + 390 * s, floor - 640 * s),
            (x + 290 * s, floor - 470 * s),
            (x + 230 * s, floor - 470 * s),
        ],
        outline="#6b7280",
    )
    canvas.fill("rect", box(240, -470, 280, -430), STEEL, vertical=False)
    canvas.fill("ellipse", box(500, -520, 560, -460), STEEL)
    canvas.line([box(530, -490, 530, -360)[:2], box(530, -490, 530, -360)[2:]], "#6b7280", 8)
    canvas.fill("rounded", box(500, -560, 680, -430), PANEL_DARK, radius=8 * s, outline="#111827")
    canvas.fill("rect", box(515, -545, 665, -445), ((0, "#22d3ee"), (1, "#0e7490")))
    canvas.fill("rect", box(480, -120, 980, -90), ((0, "#374151"), (1, "#111827")))
    for wheel in range(500, 980, 60):
        canvas.circle(x + wheel * s, floor - 105 * s, 11 * s, "#9ca3af")
    for pouch in (560, 700, 840):
        canvas.fill(
            "rounded", box(pouch, -210, pouch + 100, -120), ORANGE, radius=10 * s, outline="#9a3412"
        )
        canvas.rect(box(pouch, -210, pouch + 100, -196), "#fed7aa")
    canvas.fill("rect", box(940, -90, 960, 0), DARK_STEEL)


def packer_studio() -> bytes:
    return studio_view(draw_packer, 160, 755, shadow=(140, 730, 1160, 780))


def packer_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    x, floor = 160, 780
    canvas.outline("rect", (x + 40, floor - 430, x + 480, floor - 60), line, 3)
    canvas.outline(
        "polygon",
        (0, 0, 0, 0),
        line,
        3,
        points=[
            (x + 130, floor - 640),
            (x + 390, floor - 640),
            (x + 290, floor - 470),
            (x + 230, floor - 470),
        ],
    )
    canvas.outline("rect", (x + 235, floor - 400, x + 285, floor - 170), line, 3)
    canvas.outline("rect", (x + 480, floor - 120, x + 980, floor - 90), line, 3)
    canvas.outline("rect", (x + 500, floor - 560, x + 680, floor - 430), line, 3)
    dimension(canvas, (x + 40, floor), (x + 980, floor), "2 600", offset=40)
    dimension(canvas, (x + 40, floor - 640), (x + 40, floor), "2 150", offset=-50, vertical=True)
    canvas.text(x + 750, floor - 300, "60 bags/min", line, 26)
    title_block(canvas, "MCH-PACK-AUTO", "VFFS · 1:25")
    return canvas.jpeg()


def packer_output() -> bytes:
    """Seen from above: filled pouches leave the sealing jaws on the outfeed conveyor."""
    canvas = Canvas(((0, "#e5e7eb"), (1, "#cbd5e1")))
    canvas.fill("rect", (0, 330, 1280, 650), ((0, "#1f2937"), (0.5, "#374151"), (1, "#111827")))
    for slat in range(0, 1280, 40):
        canvas.line([(slat, 330), (slat, 650)], "#4b5563", 2)
    canvas.fill("rect", (0, 310, 1280, 330), STEEL)
    canvas.fill("rect", (0, 650, 1280, 670), STEEL)
    for index, left in enumerate(range(80, 1200, 230)):
        top = 380 + (index % 2) * 40
        canvas.shadow((left + 10, top + 190, left + 170, top + 215), strength=90, blur=8)
        canvas.fill(
            "rounded", (left, top, left + 170, top + 200), ORANGE, radius=14, outline="#9a3412"
        )
        canvas.rect((left, top, left + 170, top + 26), "#fed7aa")
        canvas.rect((left, top + 174, left + 170, top + 200), "#fed7aa")
        canvas.rect((left + 30, top + 70, left + 140, top + 130), "#fff7ed", radius=6)
    canvas.fill("rounded", (1080, 120, 1240, 330), DARK_STEEL, radius=8)
    canvas.fill("rounded", (1080, 670, 1240, 860), DARK_STEEL, radius=8)
    return canvas.jpeg()


PICTURES = {
    "MCH-CNC-LATHE": [lathe_studio, lathe_chuck, lathe_drawing],
    "MCH-PACK-AUTO": [packer_studio, packer_output, packer_drawing],
}
