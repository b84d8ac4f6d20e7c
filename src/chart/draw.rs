//! Drawing helpers shared by the charts: text measuring and truncation,
//! label sanitizing, axis ticks, colours, the SVG canvas and the "no data"
//! chart.
//!
//! Escaping: plotters' SVG backend escapes `<`, `>`, `&`, `"` and `'` in
//! text and attribute values itself (`SVGBackend::escape_and_push`, used by
//! `draw_text` and `open_tag`), so labels are passed to it raw; escaping them
//! here would show `&amp;lt;` to the reader. What the backend does NOT do is
//! drop characters XML forbids (control characters, U+FFFE, U+FFFF): one such
//! character in a company name would make the whole SVG unreadable, so
//! [`clean`] replaces them.
//!
//! Text width: the SVG viewer picks the font and shapes the text, so widths
//! here are estimates for a sans-serif font, deliberately generous so that
//! labels laid out with them do not collide.

use std::io;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use unicode_segmentation::UnicodeSegmentation;

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub type Drawn =
    Result<(), DrawingAreaErrorKind<<SVGBackend<'static> as DrawingBackend>::ErrorType>>;

pub const FONT: &str = "sans-serif";
pub const TEXT: RGBColor = RGBColor(33, 33, 33);
pub const MUTED: RGBColor = RGBColor(97, 97, 97);
pub const GRID: RGBColor = RGBColor(224, 224, 224);
pub const AXIS: RGBColor = RGBColor(158, 158, 158);
pub const BAR: RGBColor = RGBColor(25, 118, 210);

pub const TITLE_PX: f64 = 18.0;
pub const LABEL_PX: f64 = 12.0;
pub const SMALL_PX: f64 = 11.0;

/// Colour of a still-open application: neutral grey, apart from the
/// pack's outcome colours.
pub const OPEN: RGBColor = RGBColor(117, 117, 117);

/// A pack colour as a plotters colour.
pub fn rgb(colour: crate::pack::Rgb) -> RGBColor {
    RGBColor(colour.0, colour.1, colour.2)
}

/// Colour of an ending (outcome key or `open`), the same in every chart so
/// a reader learns it once.
pub fn ending_color(legend: &crate::stats::Legend, key: &str) -> RGBColor {
    legend.ending_colour(key).map_or(OPEN, rgb)
}

/// Black or white, whichever reads on `bg`.
pub fn text_on(bg: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = bg;
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luma > 150.0 {
        TEXT
    } else {
        WHITE
    }
}

/// A text style whose SVG `font-size` is `px` (plotters divides by 1.24).
pub fn font(px: f64, color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FONT, px * 1.24).into_font());
    style.color = color.to_backend_color();
    style
}

/// Bold [`font`].
pub fn bold(px: f64, color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FONT, px * 1.24, FontStyle::Bold).into_font());
    style.color = color.to_backend_color();
    style
}

pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// `name` fit for a label: XML-forbidden and other control characters
/// become spaces, runs of whitespace one space.
pub fn clean(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Estimated width in pixels of one grapheme at `px` font size.
fn grapheme_width(g: &str, px: f64) -> f64 {
    let Some(c) = g.chars().next() else {
        return 0.0;
    };
    let em = match c as u32 {
        0x20 => 0.32,
        0x21..=0x7E => {
            if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | 'M' | 'W' | '@' | '%') {
                0.72
            } else if matches!(
                c,
                'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ':' | ';' | '\'' | '|' | '!'
            ) {
                0.34
            } else {
                0.6
            }
        }
        // Arabic script (Persian): joined letters are narrow.
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 0.55,
        // Zero-width joiners and marks, variation selectors.
        0x200B..=0x200F | 0xFE00..=0xFE0F => 0.0,
        // CJK, emoji and other wide symbols.
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0x1F000..=0x1FAFF => 1.25,
        0x2600..=0x27BF => 1.25,
        _ => 0.65,
    };
    em * px
}

/// Estimated rendered width of `text` at `px`.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.graphemes(true).map(|g| grapheme_width(g, px)).sum()
}

/// `text` cut at a grapheme boundary (never inside an emoji sequence) with
/// an ellipsis, so that it fits `max_px`.
pub fn truncate(text: &str, px: f64, max_px: f64) -> String {
    if text_width(text, px) <= max_px {
        return text.to_string();
    }
    let budget = max_px - text_width("…", px);
    let mut out = String::new();
    let mut width = 0.0;
    for g in text.graphemes(true) {
        let w = grapheme_width(g, px);
        if width + w > budget {
            break;
        }
        width += w;
        out.push_str(g);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A "nice" tick step (1, 2 or 5 times a power of ten, at least `min_step`)
/// giving about `target` ticks up to `max`.
pub fn nice_step(max: f64, target: usize, min_step: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 || target == 0 {
        return min_step.max(1.0);
    }
    let raw = max / target as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    step.max(min_step)
}

/// Draw into a fresh SVG of `w`×`h` on a white background and return its
/// text. Coordinates are pixels from the top-left corner.
pub fn svg(w: u32, h: u32, draw: impl FnOnce(&Area) -> Drawn) -> io::Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        let result = root
            .fill(&WHITE)
            .and_then(|_| draw(&root))
            .and_then(|_| root.present());
        result.map_err(|e| io::Error::other(format!("drawing the chart failed: {e}")))?;
    }
    Ok(buf)
}

pub fn text(area: &Area, s: &str, x: f64, y: f64, style: &TextStyle) -> Drawn {
    area.draw(&Text::new(
        s.to_string(),
        (x.round() as i32, y.round() as i32),
        style.clone(),
    ))
}

pub fn rect(area: &Area, x0: f64, y0: f64, x1: f64, y1: f64, style: ShapeStyle) -> Drawn {
    area.draw(&Rectangle::new(
        [
            (x0.round() as i32, y0.round() as i32),
            (x1.round() as i32, y1.round() as i32),
        ],
        style,
    ))
}

pub fn line(area: &Area, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor, width: u32) -> Drawn {
    area.draw(&PathElement::new(
        vec![
            (x0.round() as i32, y0.round() as i32),
            (x1.round() as i32, y1.round() as i32),
        ],
        color.stroke_width(width),
    ))
}

/// Height taken by [`heading`].
pub const HEADING_H: f64 = 62.0;

/// The title and a one-line subtitle at the top left, both cut to `max_px`.
/// A row of colour swatches with their names, under the heading.
pub fn draw_legend(area: &Area, legend: &[(&str, RGBColor)]) -> Drawn {
    let mut lx = 20.0;
    for (name, color) in legend {
        rect(
            area,
            lx,
            HEADING_H + 4.0,
            lx + 14.0,
            HEADING_H + 18.0,
            color.filled(),
        )?;
        text(
            area,
            name,
            lx + 20.0,
            HEADING_H + 11.0,
            &anchored(font(LABEL_PX, TEXT), HPos::Left, VPos::Center),
        )?;
        lx += 20.0 + text_width(name, LABEL_PX) + 24.0;
    }
    Ok(())
}

/// The value axis of a bar chart whose plot spans `left..left + plot_w`
/// and `top..top + plot_h`: a grid line with its value every `step` up to
/// `axis_max`, the axis label turned upright, and the base line.
#[allow(clippy::too_many_arguments)] // one call per chart, all geometry
pub fn value_axis(
    area: &Area,
    left: f64,
    top: f64,
    plot_w: f64,
    plot_h: f64,
    axis_max: f64,
    step: f64,
    label: &str,
) -> Drawn {
    let bottom = top + plot_h;
    let mut v = 0.0;
    while v <= axis_max + 1e-9 {
        let y = bottom - plot_h * v / axis_max;
        line(area, left, y, left + plot_w, y, GRID, 1)?;
        text(
            area,
            &format!("{v}"),
            left - 6.0,
            y,
            &anchored(font(SMALL_PX, MUTED), HPos::Right, VPos::Center),
        )?;
        v += step;
    }
    let upright = anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Center)
        .transform(FontTransform::Rotate270);
    text(area, label, 18.0, top + plot_h / 2.0, &upright)?;
    line(area, left, bottom, left + plot_w, bottom, AXIS, 1)
}

pub fn heading(area: &Area, title_text: &str, subtitle: &str, max_px: f64) -> Drawn {
    let top = anchored(bold(TITLE_PX, TEXT), HPos::Left, VPos::Top);
    text(
        area,
        &truncate(title_text, TITLE_PX * 1.05, max_px),
        20.0,
        14.0,
        &top,
    )?;
    let sub = anchored(font(LABEL_PX, MUTED), HPos::Left, VPos::Top);
    text(
        area,
        &truncate(subtitle, LABEL_PX, max_px),
        20.0,
        40.0,
        &sub,
    )
}

/// A chart that says it has nothing to show, with its title kept so the
/// page still tells what it would show.
pub fn no_data(title_text: &str, why: &str) -> io::Result<String> {
    let (w, h) = (640u32, 240u32);
    svg(w, h, |area| {
        heading(area, title_text, "", f64::from(w) - 40.0)?;
        let centred = anchored(font(16.0, MUTED), HPos::Center, VPos::Center);
        text(
            area,
            "no data",
            f64::from(w) / 2.0,
            f64::from(h) / 2.0,
            &centred,
        )?;
        let small = anchored(font(LABEL_PX, MUTED), HPos::Center, VPos::Center);
        text(
            area,
            &truncate(why, LABEL_PX, f64::from(w) - 40.0),
            f64::from(w) / 2.0,
            f64::from(h) / 2.0 + 26.0,
            &small,
        )
    })
}
