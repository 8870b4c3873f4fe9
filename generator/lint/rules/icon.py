"""icon.png: present, a PNG, square, 100 to 230 pixels, under 1 MB, on the brand color."""

from __future__ import annotations

from generator.build import ICON
from generator.findings import Severity
from generator.lint.registry import Hit, rule

SIZE_RANGE = (100, 230)
MAX_BYTES = 1024 * 1024
# Compression and anti-aliasing shift colors slightly; a corner this close to the brand color matches.
COLOR_TOLERANCE = 12


def _hit(message: str) -> Hit:
    return Hit("", message, ICON)


@rule("icon-missing", Severity.ERROR, "a connector published by its service's owner has an icon.png", "certification",
      replaces=("icon-missing",))
def icon_missing(ctx):
    """Certified connectors are listed with their own icon. Independent publishers do not submit one:
    Microsoft draws theirs. A connector counts as independently published when it is kept in an
    independent-publisher-connectors folder or its stackOwner differs from its publisher (so a partner
    certifying a connector for another company's service is not asked for an icon either).

    Requirement: Microsoft's certification submission requires icon.png beside apiDefinition.swagger.json
    and apiProperties.json (a square PNG of 100 to 230 pixels, under 1 MB, on the brand color); its
    independent publisher guidelines say not to include one.

    Passes:
        icon: {width: 160, height: 160, color: '#606163'}
    Fails:
        icon: null
    """
    if ctx.icon is None and not ctx.independent_publisher:
        # There is no file to point at; iconBrandColor is the setting that goes with the icon.
        tokens = ("iconBrandColor",) if "iconBrandColor" in ctx.properties else ()
        yield ctx.prop_hit(tokens, "no icon.png beside apiProperties.json: add a square PNG of 100 to 230 pixels on "
                                   "the brand color")


@rule("icon-format", Severity.ERROR, "the icon is a PNG image", "certification")
def icon_format(ctx):
    """The platform accepts PNG only.

    Requirement: Microsoft's certification icon requirements (a PNG file).

    Passes:
        icon: {width: 160, height: 160, color: '#606163'}
    Fails:
        icon: {width: 160, height: 160, color: '#606163', format: JPEG}
    """
    if ctx.icon is None:
        return
    image = ctx.icon_image
    if image is None:
        yield _hit("icon.png is not an image that can be read")
    elif image.format != "PNG":
        yield _hit(f"icon.png is a {image.format} image; save it as PNG")


@rule("icon-dimensions", Severity.ERROR, f"the icon is square, {SIZE_RANGE[0]} to {SIZE_RANGE[1]} pixels",
      "certification")
def icon_dimensions(ctx):
    """Icons are shown at several sizes; a square of this size scales without blurring.

    Requirement: Microsoft's certification icon requirements (square, 100 to 230 pixels).

    Passes:
        icon: {width: 160, height: 160, color: '#606163'}
    Fails:
        icon: {width: 300, height: 160, color: '#606163'}
    """
    image = ctx.icon_image
    if image is None:
        return
    width, height = image.size
    low, high = SIZE_RANGE
    if width != height:
        yield _hit(f"icon.png is {width}x{height} pixels; it must be square")
    if not (low <= width <= high and low <= height <= high):
        yield _hit(f"icon.png is {width}x{height} pixels; each side must be {low} to {high}")


@rule("icon-file-size", Severity.ERROR, "the icon file is under 1 MB", "certification")
def icon_file_size(ctx):
    """Larger icons are refused when the connector is uploaded.

    Requirement: Microsoft's certification icon requirements (under 1 MB).

    Passes:
        icon: {width: 160, height: 160, color: '#606163'}
    Fails:
        icon: {width: 160, height: 160, color: '#606163', padding: 1100000}
    """
    if ctx.icon is not None and len(ctx.icon) >= MAX_BYTES:
        yield _hit(f"icon.png has {len(ctx.icon)} bytes; it must stay under {MAX_BYTES}")


@rule("icon-background", Severity.ERROR, "the icon's background is opaque and is the brand color", "certification")
def icon_background(ctx):
    """The icon sits on a tile of the brand color; a white, transparent or different background shows a frame.

    Requirement: Microsoft's certification icon requirements (a non-white, non-transparent background that
    matches iconBrandColor).

    Passes:
        apiProperties: {iconBrandColor: '#606163'}
        icon: {width: 160, height: 160, color: '#606163'}
    Fails:
        apiProperties: {iconBrandColor: '#606163'}
        icon: {width: 160, height: 160, color: '#ffffff'}
    """
    image = ctx.icon_image
    if image is None:
        return
    rgba = image.convert("RGBA")
    width, height = rgba.size
    corners = [rgba.getpixel(xy) for xy in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1))]
    if any(pixel[3] < 255 for pixel in corners):
        yield _hit("the icon's background is transparent; fill it with the brand color")
        return
    if all(min(pixel[:3]) >= 250 for pixel in corners):
        yield _hit("the icon's background is white; fill it with the brand color")
        return
    brand = ctx.properties.get("iconBrandColor")
    if isinstance(brand, str) and len(brand) == 7 and brand.startswith("#"):
        try:
            target = tuple(int(brand[i:i + 2], 16) for i in (1, 3, 5))
        except ValueError:
            return
        far = [p for p in corners if max(abs(a - b) for a, b in zip(p[:3], target)) > COLOR_TOLERANCE]
        if far:
            found = "#{:02x}{:02x}{:02x}".format(*far[0][:3])
            yield _hit(f"the icon's background {found} does not match iconBrandColor {brand}")
