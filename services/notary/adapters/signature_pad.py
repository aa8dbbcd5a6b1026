"""The notary's signature pad: the strokes a buyer drew on the page, drawn again as the signature image (PNG).

The pad is the capturing device (R002.4: a live capture, never an album picture): the image is made here from
what was drawn, so the notary signs its capture metadata as the mini-program does for its camera."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from services.notary.api.requests import PAD_SIZE

WIDTH, HEIGHT, SCALE = 600, 240, 600 / PAD_SIZE


def render_signature(strokes: list[list[list[int]]]) -> bytes:
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(x * SCALE, min(y, PAD_SIZE * HEIGHT // WIDTH) * SCALE) for x, y in stroke]
        if len(points) == 1:
            x, y = points[0]
            draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=0)
        else:
            draw.line(points, fill=0, width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
