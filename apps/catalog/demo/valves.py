"""Pictures of the demo valves: a studio view, a dimensioned drawing and a third view each."""

from .drawing import (
    BLUEPRINT_LINE,
    DARK_STEEL,
    STEEL,
    STUDIO,
    Canvas,
    blueprint,
    cylinder,
    dimension,
    hatch,
    placed,
    studio_view,
    title_block,
)

EPOXY_BLUE = cylinder("#5c8fd6", "#2458a6", "#123466")
HANDWHEEL_RED = cylinder("#f08a7e", "#c0392b", "#6e1f17")
PTFE = ((0, "#fdfdfb"), (1, "#d9d6cc"))


def draw_ball_valve(canvas: Canvas, cx: float, cy: float, s: float = 1.0) -> None:
    """A two-piece flanged stainless ball valve with its lever, seen from the side."""

    box = placed(cx, cy, s)

    for side in (-1, 1):
        x_out, x_in = 250 * side, 206 * side
        canvas.fill(
            "rounded",
            box(min(x_out, x_in), -180, max(x_out, x_in), 180),
            STEEL,
            radius=6 * s,
            outline="#59636d",
        )
        for y in (-150, 130):  # bolts through the flange, nuts on both faces
            canvas.rect(
                box(min(x_out, x_in) - 16, y, max(x_out, x_in) + 16, y + 20),
                "#8c959e",
                radius=3 * s,
                outline="#434b53",
                width=1.5,
            )
        canvas.fill(
            "rect",
            box(min(x_in, 150 * side), -92, max(x_in, 150 * side), 92),
            STEEL,
            outline="#59636d",
        )
    canvas.fill("ellipse", box(-135, -135, 135, 135), STEEL, outline="#59636d")
    canvas.fill("rect", box(-150, -100, -110, 100), STEEL)
    canvas.fill("rect", box(110, -100, 150, 100), STEEL)
    canvas.line([box(0, -100, 0, 100)[:2], box(0, -100, 0, 100)[2:]], "#7d8790", 2)  # body joint
    canvas.fill("rect", box(-28, -205, 28, -120), STEEL, vertical=False, outline="#59636d")
    canvas.fill("rect", box(-55, -222, 55, -200), DARK_STEEL, outline="#3b434c")
    canvas.fill("rect", box(-22, -262, 22, -222), DARK_STEEL, vertical=False, outline="#3b434c")
    canvas.fill(
        "polygon",
        (0, 0, 0, 0),
        STEEL,
        points=[
            (cx - 10 * s, cy - 262 * s),
            (cx + 380 * s, cy - 286 * s),
            (cx + 382 * s, cy - 260 * s),
            (cx - 10 * s, cy - 236 * s),
        ],
    )
    canvas.fill(
        "rounded",
        box(240, -296, 420, -250),
        cylinder("#ff8a80", "#d32f2f", "#7f1d1d"),
        radius=20 * s,
    )
    canvas.rect(box(-70, 30, 70, 80), "#e9edf1", radius=6 * s, outline="#7d8790")
    canvas.text(cx, cy + 55 * s, "DN50 PN40 CF8M", "#2f363d", 18 * s)


def ball_valve_studio() -> bytes:
    return studio_view(draw_ball_valve, 640, 500, shadow=(340, 665, 940, 715))


def ball_valve_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    cx, cy = 400, 470
    for side in (-1, 1):
        x0, x1 = sorted((cx + 230 * side, cx + 190 * side))
        canvas.outline("rect", (x0, cy - 165, x1, cy + 165), line, 3)
    canvas.outline("rect", (cx - 190, cy - 85, cx + 190, cy + 85), line, 3)
    canvas.outline("ellipse", (cx - 120, cy - 120, cx + 120, cy + 120), line, 3)
    canvas.outline("rect", (cx - 25, cy - 200, cx + 25, cy - 120), line, 3)
    canvas.line([(cx - 20, cy - 220), (cx + 330, cy - 240)], line, 3)
    canvas.line([(cx - 260, cy), (cx + 260, cy)], line, 1)  # centre line
    dimension(canvas, (cx - 230, cy + 165), (cx + 230, cy + 165), "230", offset=60)
    dimension(
        canvas, (cx - 230, cy - 165), (cx - 230, cy + 165), "D 165", offset=-50, vertical=True
    )
    ex, ey = 930, 440
    canvas.circle(ex, ey, 165, None, outline=line, width=3)
    canvas.circle(ex, ey, 50, None, outline=line, width=3)
    canvas.circle(ex, ey, 125, None, outline=line, width=1)
    for dx, dy in ((0, -125), (125, 0), (0, 125), (-125, 0)):
        canvas.circle(
            ex + dx * 0.7071 - dy * 0.7071,
            ey + dx * 0.7071 + dy * 0.7071,
            11,
            None,
            outline=line,
            width=3,
        )
    dimension(canvas, (ex - 125, ey + 210), (ex + 125, ey + 210), "PCD 125", offset=0)
    title_block(canvas, "VLV-BALL-DN50", "PN40 · 1:2")
    return canvas.jpeg()


def ball_valve_section() -> bytes:
    """A cutaway: the body halves, the ball with its bore and the PTFE seats."""
    canvas = Canvas(((0, "#fafbfc"), (1, "#e4e8ec")))
    cx, cy = 640, 470
    body = "#c3cad1"
    for side in (-1, 1):
        x0, x1 = sorted((cx + 420 * side, cx + 350 * side))
        canvas.rect((x0, cy - 260, x1, cy + 260), body, outline="#4b545d")
        hatch(canvas, (x0, cy - 260, x1, cy - 90), "#7f8a94")
        hatch(canvas, (x0, cy + 90, x1, cy + 260), "#7f8a94")
        x2, x3 = sorted((cx + 350 * side, cx + 150 * side))
        canvas.rect((x2, cy - 180, x3, cy - 90), body, outline="#4b545d")
        canvas.rect((x2, cy + 90, x3, cy + 180), body, outline="#4b545d")
        hatch(canvas, (x2, cy - 180, x3, cy - 90), "#7f8a94")
        hatch(canvas, (x2, cy + 90, x3, cy + 180), "#7f8a94")
        seat = sorted((cx + 150 * side, cx + 120 * side))
        canvas.fill("rect", (seat[0], cy - 150, seat[1], cy - 88), PTFE, outline="#8a8577")
        canvas.fill("rect", (seat[0], cy + 88, seat[1], cy + 150), PTFE, outline="#8a8577")
    canvas.ellipse((cx - 300, cy - 300, cx + 300, cy + 300), None, outline="#4b545d", width=4)
    canvas.fill(
        "ellipse",
        (cx - 175, cy - 175, cx + 175, cy + 175),
        ((0, "#ffffff"), (0.35, "#dfe4e9"), (1, "#8a949e")),
        outline="#3b434c",
    )
    canvas.fill("rect", (cx - 172, cy - 88, cx + 172, cy + 88), ((0, "#5b6670"), (1, "#a9b2bb")))
    canvas.rect((cx - 40, cy - 330, cx + 40, cy - 170), "#aab3bc", outline="#4b545d")
    hatch(canvas, (cx - 40, cy - 330, cx + 40, cy - 170), "#6f7a84", 12)
    canvas.fill("rect", (cx - 60, cy - 345, cx + 60, cy - 320), DARK_STEEL)
    canvas.line([(cx - 460, cy), (cx + 460, cy)], "#9aa4ad", 2)
    for x in range(int(cx - 440), int(cx + 440), 60):
        canvas.polygon([(x, cy - 12), (x + 28, cy), (x, cy + 12)], "#2563eb")  # flow arrows
    return canvas.jpeg()


def draw_gate_valve(canvas: Canvas, cx: float, cy: float, s: float = 1.0) -> None:
    """A flanged cast-iron gate valve with rising stem and handwheel, epoxy coated."""

    box = placed(cx, cy, s)

    for side in (-1, 1):
        x0, x1 = sorted((190 * side, 150 * side))
        canvas.fill("rounded", box(x0, -150, x1, 150), EPOXY_BLUE, radius=6 * s, outline="#0d2446")
        for y in (-130, -40, 40, 130):
            canvas.rect(
                box(x0 - 10, y - 9, x1 + 10, y + 9),
                "#9aa3ab",
                radius=2 * s,
                outline="#3b434c",
                width=1.5,
            )
    canvas.fill("rounded", box(-150, -95, 150, 95), EPOXY_BLUE, radius=20 * s)
    canvas.fill("ellipse", box(-120, -170, 120, 150), EPOXY_BLUE, vertical=False, outline="#0d2446")
    canvas.fill("rounded", box(-135, -200, 135, -160), EPOXY_BLUE, radius=8 * s, outline="#0d2446")
    canvas.fill(
        "polygon",
        (0, 0, 0, 0),
        EPOXY_BLUE,
        vertical=False,
        points=[
            (cx - 95 * s, cy - 200 * s),
            (cx + 95 * s, cy - 200 * s),
            (cx + 55 * s, cy - 330 * s),
            (cx - 55 * s, cy - 330 * s),
        ],
        outline="#0d2446",
    )
    canvas.fill("rect", box(-16, -470, 16, -330), STEEL, vertical=False, outline="#59636d")
    for y in range(-465, -335, 12):  # thread of the rising stem
        canvas.line([box(-16, y, 16, y + 6)[:2], box(-16, y, 16, y + 6)[2:]], "#7a848e", 1.5)
    canvas.fill("ellipse", box(-170, -402, 170, -338), HANDWHEEL_RED, outline="#4a120d")
    canvas.ellipse(box(-140, -392, 140, -348), "#e8ecf0" if s > 0 else None)
    canvas.fill("ellipse", box(-140, -392, 140, -348), ((0, "#eef1f4"), (1, "#d5dbe1")))
    for x0, x1 in ((-140, -20), (20, 140)):
        canvas.fill("rect", box(x0, -376, x1, -364), HANDWHEEL_RED)
    canvas.fill("ellipse", box(-32, -388, 32, -352), HANDWHEEL_RED, outline="#4a120d")


def gate_valve_studio() -> bytes:
    canvas = Canvas(STUDIO)
    canvas.shadow((400, 690, 880, 735))
    draw_gate_valve(canvas, 640, 560, 1.0)
    canvas.text(640, 585, "DN100 PN16", "#dbe6f5", 22)
    return canvas.jpeg()


def gate_valve_drawing() -> bytes:
    canvas = blueprint()
    line = BLUEPRINT_LINE
    cx, cy = 560, 600
    canvas.outline("rect", (cx - 190, cy - 150, cx - 150, cy + 150), line, 3)
    canvas.outline("rect", (cx + 150, cy - 150, cx + 190, cy + 150), line, 3)
    canvas.outline("ellipse", (cx - 120, cy - 170, cx + 120, cy + 150), line, 3)
    canvas.outline("rect", (cx - 135, cy - 200, cx + 135, cy - 160), line, 3)
    canvas.outline(
        "polygon",
        (0, 0, 0, 0),
        line,
        3,
        points=[(cx - 95, cy - 200), (cx + 95, cy - 200), (cx + 55, cy - 330), (cx - 55, cy - 330)],
    )
    canvas.outline("rect", (cx - 16, cy - 470, cx + 16, cy - 330), line, 3)
    canvas.outline("rect", (cx - 170, cy - 385, cx + 170, cy - 355), line, 3)
    canvas.line([(cx - 240, cy), (cx + 240, cy)], line, 1)
    canvas.line([(cx, cy - 500), (cx, cy + 190)], line, 1)
    dimension(canvas, (cx - 190, cy + 150), (cx + 190, cy + 150), "190", offset=70)
    dimension(canvas, (cx + 190, cy - 470), (cx + 190, cy), "H 470", offset=90, vertical=True)
    dimension(canvas, (cx - 170, cy - 385), (cx + 170, cy - 385), "D 340", offset=-40)
    canvas.text(980, 260, "EN 1074-2", line, 26)
    canvas.text(980, 300, "EN-GJS-500-7", line, 26)
    title_block(canvas, "VLV-GATE-DN100", "PN16 · 1:5")
    return canvas.jpeg()


def gate_valve_installed() -> bytes:
    """The valve in a pipeline on supports, in a plant room."""
    canvas = Canvas(((0, "#cfd5da"), (0.68, "#b7bec5"), (0.69, "#8c949b"), (1, "#7a828a")))
    for x in range(0, 1280, 160):  # concrete wall panels
        canvas.line([(x, 0), (x, 650)], "#c2c9cf", 3)
    pipe = cylinder("#cfd6dc", "#8d98a3", "#4a545e")
    canvas.shadow((60, 760, 1220, 800), strength=90)
    canvas.fill("rect", (0, 480, 470, 600), pipe)
    canvas.fill("rect", (810, 480, 1280, 600), pipe)
    for x in (150, 1130):  # pipe supports
        canvas.fill("rect", (x - 14, 600, x + 14, 780), DARK_STEEL, vertical=False)
        canvas.rect((x - 60, 600, x + 60, 614), "#4a545e")
        canvas.rect((x - 50, 770, x + 50, 786), "#4a545e")
    draw_gate_valve(canvas, 640, 540, 0.9)
    for x in (260, 1020):  # direction of flow, painted on the pipe
        canvas.polygon(
            [
                (x - 60, 528),
                (x + 20, 528),
                (x + 20, 512),
                (x + 60, 540),
                (x + 20, 568),
                (x + 20, 552),
                (x - 60, 552),
            ],
            "#f59e0b",
        )
    canvas.rect((60, 80, 340, 150), "#f8fafc", radius=8, outline="#94a3b8")
    canvas.text(200, 115, "DN100 PN16", "#0f172a", 30)
    return canvas.jpeg()


PICTURES = {
    "VLV-BALL-DN50": [ball_valve_studio, ball_valve_section, ball_valve_drawing],
    "VLV-GATE-DN100": [gate_valve_studio, gate_valve_installed, gate_valve_drawing],
}
