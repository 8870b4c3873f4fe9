"""Draw icon.png: a white speech bubble with "SMS" on the connector's brand color.

Run on purpose when the brand color or the design changes:
    python scripts/make_icon.py [PROJECT_DIR]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.artifacts import write_file
from generator.source.project import load_project

SIZE = 160


def draw_icon(brand_color: str) -> bytes:
    image = Image.new("RGB", (SIZE, SIZE), brand_color)
    draw = ImageDraw.Draw(image)
    bubble = (28, 36, 132, 108)
    draw.rounded_rectangle(bubble, radius=18, fill="white")
    draw.polygon([(52, 104), (48, 128), (76, 104)], fill="white")
    font = ImageFont.load_default(size=30)
    draw.text(((bubble[0] + bubble[2]) / 2, (bubble[1] + bubble[3]) / 2), "SMS", fill=brand_color, font=font,
              anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(project: Path) -> None:
    loaded = load_project(project)
    if loaded.connector is None or not loaded.connector.brand_color:
        sys.exit("the project does not load or has no brandColor")
    write_file(project / "icon.png", draw_icon(loaded.connector.brand_color))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
