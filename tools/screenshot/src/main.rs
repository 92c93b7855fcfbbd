//! `screenshot CAPTURE FONT OUT.png`: draws a terminal capture with its colours (the SGR
//! sequences `tmux capture-pane -e` writes) cell by cell in a monospace font.

// Pixel arithmetic: every value is a cell or glyph offset, far inside every type's range.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap
)]

use std::error::Error;
use std::fs;
use std::io::BufWriter;

/// Pixels of one cell, and the font's size in pixels.
const CELL_WIDTH: usize = 10;
const CELL_HEIGHT: usize = 21;
const FONT_SIZE: f32 = 16.5;
const PADDING: usize = 14;

type Rgb = [u8; 3];

const BACKGROUND: Rgb = [0x1d, 0x1f, 0x21];
const FOREGROUND: Rgb = [0xd8, 0xd8, 0xd8];

/// The 16 colours of a dark terminal theme (Tango's, slightly softened).
const PALETTE: [Rgb; 16] = [
    [0x2e, 0x34, 0x36],
    [0xcc, 0x00, 0x00],
    [0x4e, 0x9a, 0x06],
    [0xc4, 0xa0, 0x00],
    [0x34, 0x65, 0xa4],
    [0x75, 0x50, 0x7b],
    [0x06, 0x98, 0x9a],
    [0xd3, 0xd7, 0xcf],
    [0x55, 0x57, 0x53],
    [0xef, 0x29, 0x29],
    [0x8a, 0xe2, 0x34],
    [0xfc, 0xe9, 0x4f],
    [0x72, 0x9f, 0xcf],
    [0xad, 0x7f, 0xa8],
    [0x34, 0xe2, 0xe2],
    [0xee, 0xee, 0xec],
];

#[derive(Clone, Copy, Default)]
struct Pen {
    fg: Option<Rgb>,
    bg: Option<Rgb>,
    bold: bool,
    dim: bool,
    reverse: bool,
}

#[derive(Clone, Copy)]
struct Cell {
    ch: char,
    pen: Pen,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, capture, font, out] = args.as_slice() else {
        return Err("usage: screenshot CAPTURE FONT.ttf OUT.png".into());
    };
    let capture = fs::read_to_string(capture)?;
    let font = fontdue::Font::from_bytes(fs::read(font)?, fontdue::FontSettings::default())?;
    let grid = parse(&capture);
    let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
    let width = columns * CELL_WIDTH + 2 * PADDING;
    let height = grid.len() * CELL_HEIGHT + 2 * PADDING;
    let mut pixels = vec![BACKGROUND; width * height];
    let ascent = font
        .horizontal_line_metrics(FONT_SIZE)
        .map_or(FONT_SIZE * 0.8, |metrics| metrics.ascent);
    for (row, line) in grid.iter().enumerate() {
        for (column, cell) in line.iter().enumerate() {
            let (fg, bg) = colours(cell.pen);
            let left = PADDING + column * CELL_WIDTH;
            let top = PADDING + row * CELL_HEIGHT;
            for y in top..top + CELL_HEIGHT {
                pixels[y * width + left..y * width + left + CELL_WIDTH].fill(bg);
            }
            if cell.ch == ' ' {
                continue;
            }
            draw_glyph(
                &font,
                cell.ch,
                fg,
                bg,
                left,
                top,
                ascent,
                width,
                &mut pixels,
            );
        }
    }
    write_png(out, width, height, &pixels)
}

/// The cells of each line of `capture`, the pen set by its SGR sequences.
fn parse(capture: &str) -> Vec<Vec<Cell>> {
    let mut grid = Vec::new();
    let mut pen = Pen::default();
    for text in capture.lines() {
        let mut line = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '\u{1b}' && chars.peek() == Some(&'[') {
                chars.next();
                let mut sequence = String::new();
                for next in chars.by_ref() {
                    if next.is_ascii_alphabetic() {
                        if next == 'm' {
                            apply(&mut pen, &sequence);
                        }
                        break;
                    }
                    sequence.push(next);
                }
            } else if !ch.is_control() {
                line.push(Cell { ch, pen });
            }
        }
        grid.push(line);
    }
    grid
}

/// Applies one SGR sequence's parameters to `pen`.
fn apply(pen: &mut Pen, sequence: &str) {
    let params: Vec<u16> = sequence
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let mut at = 0;
    while at < params.len() {
        match params[at] {
            0 => *pen = Pen::default(),
            1 => pen.bold = true,
            2 => pen.dim = true,
            7 => pen.reverse = true,
            22 => {
                pen.bold = false;
                pen.dim = false;
            }
            27 => pen.reverse = false,
            code @ 30..=37 => pen.fg = Some(PALETTE[usize::from(code - 30)]),
            code @ 90..=97 => pen.fg = Some(PALETTE[usize::from(code - 90 + 8)]),
            code @ 40..=47 => pen.bg = Some(PALETTE[usize::from(code - 40)]),
            code @ 100..=107 => pen.bg = Some(PALETTE[usize::from(code - 100 + 8)]),
            39 => pen.fg = None,
            49 => pen.bg = None,
            code @ (38 | 48) => {
                let colour = match params.get(at + 1) {
                    Some(5) => {
                        at += 2;
                        params.get(at).map(|&n| indexed(n))
                    }
                    Some(2) => {
                        at += 4;
                        let channel = |n: usize| {
                            u8::try_from(params.get(n).copied().unwrap_or(0)).unwrap_or(0)
                        };
                        Some([channel(at - 2), channel(at - 1), channel(at)])
                    }
                    _ => None,
                };
                if code == 38 {
                    pen.fg = colour;
                } else {
                    pen.bg = colour;
                }
            }
            _ => {}
        }
        at += 1;
    }
}

/// A colour of the 256-colour palette.
fn indexed(n: u16) -> Rgb {
    match n {
        0..=15 => PALETTE[usize::from(n)],
        16..=231 => {
            let n = n - 16;
            let level = |v: u16| {
                if v == 0 {
                    0
                } else {
                    u8::try_from(55 + v * 40).unwrap_or(255)
                }
            };
            [level(n / 36), level(n / 6 % 6), level(n % 6)]
        }
        _ => {
            let grey = u8::try_from(8 + (n.min(255) - 232) * 10).unwrap_or(255);
            [grey; 3]
        }
    }
}

/// A cell's foreground and background after bold, dim and reverse.
fn colours(pen: Pen) -> (Rgb, Rgb) {
    let mut fg = pen.fg.unwrap_or(FOREGROUND);
    let mut bg = pen.bg.unwrap_or(BACKGROUND);
    if pen.dim {
        fg = blend(fg, bg, 0.5);
    }
    if pen.reverse {
        std::mem::swap(&mut fg, &mut bg);
    }
    (fg, bg)
}

fn blend(a: Rgb, b: Rgb, share: f32) -> Rgb {
    let mix = |x: u8, y: u8| (f32::from(x) * share + f32::from(y) * (1.0 - share)).round() as u8;
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

#[allow(clippy::too_many_arguments)]
fn draw_glyph(
    font: &fontdue::Font,
    ch: char,
    fg: Rgb,
    bg: Rgb,
    left: usize,
    top: usize,
    ascent: f32,
    width: usize,
    pixels: &mut [Rgb],
) {
    let (metrics, coverage) = font.rasterize(ch, FONT_SIZE);
    let baseline = top as i64 + ((CELL_HEIGHT as f32 - FONT_SIZE) / 2.0 + ascent).round() as i64;
    let x0 = left as i64
        + i64::from(metrics.xmin)
        + ((CELL_WIDTH as f32 - metrics.advance_width) / 2.0).round() as i64;
    let y0 = baseline - metrics.height as i64 - i64::from(metrics.ymin);
    let height = pixels.len() / width;
    for gy in 0..metrics.height {
        for gx in 0..metrics.width {
            let share = f32::from(coverage[gy * metrics.width + gx]) / 255.0;
            if share == 0.0 {
                continue;
            }
            let (x, y) = (x0 + gx as i64, y0 + gy as i64);
            if x < 0 || y < 0 || x as usize >= width || y as usize >= height {
                continue;
            }
            pixels[y as usize * width + x as usize] = blend(fg, bg, share);
        }
    }
}

fn write_png(out: &str, width: usize, height: usize, pixels: &[Rgb]) -> Result<(), Box<dyn Error>> {
    let file = BufWriter::new(fs::File::create(out)?);
    let mut encoder = png::Encoder::new(file, u32::try_from(width)?, u32::try_from(height)?);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels.concat())?;
    Ok(())
}
