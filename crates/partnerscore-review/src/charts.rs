//! The pack's charts, drawn by plotters into SVG strings that the pages inline.
//!
//! Values come in as the core's decimals and are turned into `f64` only here, for pixel positions: every
//! number a reader sees is printed by the page (in the table beside the chart) from the exact value. A
//! chart never panics on what the input holds: ranges are padded so they are never empty, and drawing
//! errors come back as [`ChartError`].

use std::fmt;

use partnerscore::Decimal;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// A chart that could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

type Result<T> = std::result::Result<T, ChartError>;

fn err(e: impl fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// The page's palette: a calm blue for the subject, greys for the references.
const INK: RGBColor = RGBColor(0x2b, 0x3a, 0x4a);
const SUBJECT: RGBColor = RGBColor(0x1f, 0x6f, 0xb2);
const MEAN: RGBColor = RGBColor(0x9a, 0xa5, 0xb1);
const TOP: RGBColor = RGBColor(0x4f, 0x9d, 0x69);
const MARK: RGBColor = RGBColor(0xc2, 0x4e, 0x2b);
const GRID: RGBColor = RGBColor(0xdd, 0xe2, 0xe7);
const FONT: &str = "sans-serif";

/// A decimal as a coordinate (display only).
pub fn coord(d: Decimal) -> f64 {
    d.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0)
}

/// `lo..hi` widened so that it is never empty and includes 0 when `from_zero`.
fn span(values: impl IntoIterator<Item = f64>, from_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if from_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = hi.abs().max(1.0) * 0.5;
        return (lo - if from_zero && lo >= 0.0 { 0.0 } else { pad }, hi + pad);
    }
    let pad = (hi - lo) * 0.08;
    (if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad)
}

/// Short axis labels: 1.2M, 350k, 0.25.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}B", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 || a == 0.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Labels shown on a category axis: every one when few, else evenly thinned.
fn thin(i: usize, n: usize, room: usize) -> bool {
    n <= room || i % n.div_ceil(room) == 0 || i + 1 == n
}

/// Runs a drawing into a fresh SVG string.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(out.replacen("<svg ", "<svg role=\"img\" aria-hidden=\"true\" ", 1))
}

/// A line over labelled periods (contribution rate, a revenue trajectory), with an optional fitted
/// straight line drawn dashed through `fit` = (value at the first period, value at the last).
pub fn period_line(
    labels: &[String],
    values: &[Option<Decimal>],
    y_desc: &str,
    fit: Option<(f64, f64)>,
    fraction: bool,
) -> Result<String> {
    let n = labels.len().min(values.len());
    let fit = fit.filter(|(a, b)| a.is_finite() && b.is_finite());
    let ys: Vec<Option<f64>> = values[..n].iter().map(|v| v.map(coord)).collect();
    let fit_ys = fit.map(|(a, b)| [a, b]);
    let (lo, hi) = if fraction {
        (0.0, 1.0)
    } else {
        span(ys.iter().flatten().copied().chain(fit_ys.into_iter().flatten()), true)
    };
    // Points outside the axis (a fraction above 1) would overflow plotters' pixel arithmetic.
    let ys: Vec<Option<f64>> = ys.into_iter().map(|y| y.map(|y| y.clamp(lo, hi))).collect();
    let fit = fit.map(|(a, b)| (a.clamp(lo, hi), b.clamp(lo, hi)));
    svg((560, 260), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(34)
            .y_label_area_size(56)
            .build_cartesian_2d(category_axis(n), lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .y_desc(y_desc)
            .label_style((FONT, 12).into_font().color(&INK))
            .x_labels(0)
            .y_label_formatter(&|v| if fraction { format!("{:.0}%", v * 100.0) } else { short(*v) })
            .draw()
            .map_err(err)?;
        let style = (FONT, 12).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, label) in labels[..n].iter().enumerate().filter(|(i, _)| thin(*i, n, 8)) {
            let (x, y) = chart.backend_coord(&(i as f64, lo));
            root.draw(&Text::new(clip(label, 12), (x, y + 6), style.clone())).map_err(err)?;
        }
        if let Some((first, last)) = fit {
            if n >= 2 {
                let pts = [(0.0, first), ((n - 1) as f64, last)];
                chart.draw_series(DashedLineSeries::new(pts, 6, 4, MARK.stroke_width(2))).map_err(err)?;
            }
        }
        // A gap (no value) breaks the line.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, y) in ys.iter().enumerate() {
            match y {
                Some(y) => run.push((i as f64, *y)),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            chart.draw_series(LineSeries::new(run.iter().copied(), SUBJECT.stroke_width(2))).map_err(err)?;
            chart.draw_series(run.into_iter().map(|p| Circle::new(p, 3, SUBJECT.filled()))).map_err(err)?;
        }
        Ok(())
    })
}

/// An axis of `n` categories at 0, 1, …, n − 1, each in the middle of its slot.
fn category_axis(n: usize) -> std::ops::Range<f64> {
    -0.5..(n.max(1) as f64 - 0.5)
}

/// The Kaplan–Meier curve as a step chart: `curve` is (days, share not yet producing), starting at
/// (0, 1); the median, when reached, is marked with a vertical line.
pub fn survival_steps(curve: &[(i64, Decimal)], median_days: Option<i64>) -> Result<String> {
    let last_day = curve.iter().map(|c| c.0).chain(median_days).max().unwrap_or(0).max(1) as f64;
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(curve.len() * 2 + 1);
    let mut level = 1.0;
    pts.push((0.0, level));
    for &(days, s) in curve {
        let x = days as f64;
        pts.push((x, level));
        level = coord(s).clamp(0.0, 1.0);
        pts.push((x, level));
    }
    pts.push((last_day * 1.05, level));
    svg((560, 260), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..last_day * 1.05, 0f64..1.05f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_desc("days since signing")
            .y_desc("not yet producing")
            .label_style((FONT, 12).into_font().color(&INK))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(err)?;
        chart.draw_series(LineSeries::new(pts, SUBJECT.stroke_width(2))).map_err(err)?;
        if let Some(m) = median_days {
            let x = m as f64;
            chart.draw_series(DashedLineSeries::new([(x, 0.0), (x, 1.0)], 6, 4, MARK.stroke_width(2))).map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("median {m} days"),
                    (x, 1.02),
                    (FONT, 12).into_font().color(&MARK),
                )))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// Horizontal bars, one per label, the first on top (hours by strategy).
pub fn bars(labels: &[String], values: &[f64], x_desc: &str) -> Result<String> {
    let n = labels.len().min(values.len());
    let (lo, hi) = span(values[..n].iter().copied(), true);
    let values: Vec<f64> = values[..n].iter().map(|v| if v.is_finite() { v.clamp(lo, hi) } else { 0.0 }).collect();
    let height = (70 + 32 * n.max(1)).min(2000) as u32;
    svg((560, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(34)
            .y_label_area_size(150)
            .build_cartesian_2d(lo..hi, category_axis(n))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_desc(x_desc)
            .label_style((FONT, 12).into_font().color(&INK))
            .y_labels(0)
            .x_label_formatter(&|v| short(*v))
            .draw()
            .map_err(err)?;
        let style = (FONT, 12).into_font().color(&INK).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, label) in labels[..n].iter().enumerate() {
            let row = (n - 1 - i) as f64;
            let (x, y) = chart.backend_coord(&(lo, row));
            root.draw(&Text::new(clip(label, 22), (x - 8, y), style.clone())).map_err(err)?;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, row - 0.35), (values[i], row + 0.35)],
                    SUBJECT.filled(),
                )))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// One metric in the benchmark chart: the partner's value beside its cohort's mean and top-quartile
/// mean (any of them may be missing).
pub struct BenchmarkRow<'a> {
    /// Metric name.
    pub name: &'a str,
    /// The partner's value, the cohort mean, the cohort's top-quartile mean.
    pub values: [Option<Decimal>; 3],
}

/// Small multiples: per metric three bars (partner, cohort mean, top-quartile mean) on the metric's own
/// scale, since metrics are measured in different units.
pub fn benchmark_bars(rows: &[BenchmarkRow<'_>]) -> Result<String> {
    let row_h = 54u32;
    let n = rows.len().max(1);
    let height = (28 + row_h as usize * n).min(4000) as u32;
    svg((560, height), |root| {
        let (legend, body) = root.split_vertically(28);
        let series = [("this partner", SUBJECT), ("cohort mean", MEAN), ("top-quartile mean", TOP)];
        for (k, (label, color)) in series.iter().enumerate() {
            let x = 150 + k as i32 * 135;
            legend.draw(&Rectangle::new([(x, 9), (x + 12, 21)], color.filled())).map_err(err)?;
            legend.draw(&Text::new(*label, (x + 17, 9), (FONT, 12).into_font().color(&INK))).map_err(err)?;
        }
        let areas = body.split_evenly((n, 1));
        for (row, area) in rows.iter().zip(areas.iter()) {
            let values: Vec<f64> = row.values.iter().map(|v| v.map(coord).unwrap_or(0.0)).collect();
            let (lo, hi) = span(values.iter().copied(), true);
            let (_, h) = area.dim_in_pixel();
            area.draw(&Text::new(clip(row.name, 22), (4, h as i32 / 2 - 7), (FONT, 13).into_font().color(&INK)))
                .map_err(err)?;
            let mut chart = ChartBuilder::on(area)
                .margin_left(150)
                .margin_right(16)
                .margin_top(4)
                .margin_bottom(4)
                .build_cartesian_2d(lo..hi, 0..3)
                .map_err(err)?;
            for (k, color) in [SUBJECT, MEAN, TOP].into_iter().enumerate() {
                if row.values[k].is_none() {
                    continue;
                }
                let y = 2 - k as i32;
                let mut bar = Rectangle::new([(0.0, y), (values[k], y + 1)], color.filled());
                bar.set_margin(1, 1, 0, 0);
                chart.draw_series(std::iter::once(bar)).map_err(err)?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new([(0.0, 0), (0.0, 3)], INK.stroke_width(1))))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// A label cut to `max` characters with an ellipsis (the full text is in the table beside).
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn spans_are_never_empty() {
        assert_eq!(span([], true), (0.0, 1.0));
        let (lo, hi) = span([0.0, 0.0], true);
        assert!(hi > lo);
        let (lo, hi) = span([5.0], false);
        assert!(hi > 5.0 && lo < 5.0);
        let (lo, hi) = span([-3.0, 2.0], true);
        assert!(lo < -3.0 && hi > 2.0);
    }

    #[test]
    fn charts_draw_degenerate_inputs() {
        assert!(period_line(&[], &[], "rate", None, true).unwrap().starts_with("<svg"));
        let one = vec!["2026-Q1".to_string()];
        assert!(period_line(&one, &[Some(d("0"))], "revenue", Some((0.0, 0.0)), false).is_ok());
        assert!(period_line(&one, &[None], "revenue", None, false).is_ok());
        assert!(survival_steps(&[], None).is_ok());
        assert!(survival_steps(&[(0, d("0"))], Some(0)).is_ok());
        assert!(bars(&[], &[], "hours").is_ok());
        assert!(bars(&["a".into()], &[0.0], "hours").is_ok());
        assert!(benchmark_bars(&[]).is_ok());
        let row = BenchmarkRow { name: "x", values: [None, None, None] };
        assert!(benchmark_bars(&[row]).is_ok());
        let huge = BenchmarkRow { name: "y", values: [Some(Decimal::MAX), Some(Decimal::MIN), None] };
        assert!(benchmark_bars(&[huge]).is_ok());
    }

    /// The text of every `<text>` element (plotters writes it on the line after the tag).
    fn texts(svg: &str) -> Vec<&str> {
        let lines: Vec<&str> = svg.lines().collect();
        lines.windows(2).filter(|w| w[0].starts_with("<text")).map(|w| w[1].trim()).collect()
    }

    #[test]
    fn every_category_is_labelled_even_alone() {
        assert!(texts(&bars(&["only".into()], &[3.0], "hours").unwrap()).contains(&"only"));
        let two = bars(&["a1".into(), "b2".into()], &[3.0, 4.0], "hours").unwrap();
        assert!(texts(&two).contains(&"a1") && texts(&two).contains(&"b2"));
        let one = period_line(&["Q1".into()], &[Some(d("1"))], "x", None, false).unwrap();
        assert!(texts(&one).contains(&"Q1"));
        let labels: Vec<String> = (1..=20).map(|i| format!("P{i}")).collect();
        let values = vec![Some(d("1")); 20];
        let many = texts_owned(&period_line(&labels, &values, "x", None, false).unwrap());
        assert!(many.contains(&"P1".to_string()) && many.contains(&"P20".to_string()));
        assert!(many.iter().filter(|t| t.starts_with('P')).count() <= 11, "labels are thinned: {many:?}");
    }

    fn texts_owned(svg: &str) -> Vec<String> {
        texts(svg).into_iter().map(str::to_string).collect()
    }

    /// An attribute's number in an SVG element's text.
    fn attr(element: &str, name: &str) -> f64 {
        let at = element.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        element[at..].split('"').next().unwrap().parse().unwrap()
    }

    /// The elements `<tag …>` filled with `color`.
    fn filled<'s>(svg: &'s str, tag: &str, color: RGBColor) -> Vec<&'s str> {
        let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", color.0, color.1, color.2);
        svg.lines().filter(|l| l.starts_with(&format!("<{tag} ")) && l.contains(&fill)).collect()
    }

    #[test]
    fn bars_are_as_long_as_their_values() {
        let svg = bars(&["a".into(), "b".into(), "c".into()], &[100.0, 300.0, 200.0], "hours").unwrap();
        let widths: Vec<f64> = filled(&svg, "rect", SUBJECT).iter().map(|r| attr(r, "width")).collect();
        assert_eq!(widths.len(), 3, "{svg}");
        assert!((widths[1] / widths[0] - 3.0).abs() < 0.05 && (widths[2] / widths[0] - 2.0).abs() < 0.05, "{widths:?}");
        // The first label on top.
        let ys: Vec<f64> = filled(&svg, "rect", SUBJECT).iter().map(|r| attr(r, "y")).collect();
        assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
    }

    #[test]
    fn benchmark_bars_put_each_value_on_its_metric_scale() {
        let rows = [
            BenchmarkRow { name: "revenue", values: [Some(d("50000")), Some(d("100000")), Some(d("200000"))] },
            BenchmarkRow { name: "deals", values: [Some(d("3")), Some(d("6")), Some(d("12"))] },
        ];
        let svg = benchmark_bars(&rows).unwrap();
        for color in [SUBJECT, MEAN, TOP] {
            let widths: Vec<f64> = filled(&svg, "rect", color).iter().skip(1).map(|r| attr(r, "width")).collect();
            // Legend swatch skipped; both metrics have the same proportions, so equal widths.
            assert_eq!(widths.len(), 2, "{svg}");
            assert!((widths[0] - widths[1]).abs() <= 1.0, "{widths:?}");
        }
        let partner = attr(filled(&svg, "rect", SUBJECT)[1], "width");
        let top = attr(filled(&svg, "rect", TOP)[1], "width");
        assert!((top / partner - 4.0).abs() < 0.2, "{partner} {top}");
    }

    #[test]
    fn line_points_follow_the_values() {
        let labels: Vec<String> = ["Q1", "Q2", "Q3", "Q4"].iter().map(|s| s.to_string()).collect();
        let values = [Some(d("10")), Some(d("40")), None, Some(d("20"))];
        let svg = period_line(&labels, &values, "revenue", None, false).unwrap();
        let points: Vec<(f64, f64)> =
            filled(&svg, "circle", SUBJECT).iter().map(|c| (attr(c, "cx"), attr(c, "cy"))).collect();
        assert_eq!(points.len(), 3, "one point per value given");
        assert!(points[0].0 < points[1].0 && points[1].0 < points[2].0);
        // Higher values are drawn higher (smaller y): 40 > 20 > 10.
        assert!(points[1].1 < points[2].1 && points[2].1 < points[0].1, "{points:?}");
    }

    #[test]
    fn survival_steps_go_down_at_each_event() {
        let curve = [(30, d("0.75")), (60, d("0.5")), (90, d("0.25"))];
        let svg = survival_steps(&curve, Some(60)).unwrap();
        let line = svg.lines().find(|l| l.starts_with("<polyline") && l.contains("#1F6FB2")).expect("curve");
        let points = line.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        let ys: Vec<f64> = points.split_whitespace().map(|p| p.split(',').nth(1).unwrap().parse().unwrap()).collect();
        // (0, 1), then two points per event (before and after the drop), then the tail.
        assert_eq!(ys.len(), 2 + 2 * curve.len(), "{points}");
        assert!(ys.windows(2).all(|w| w[1] >= w[0]), "never rises: {ys:?}");
        assert!(svg.contains("median 60 days"));
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = bars(&["<script>&\"".into()], &[3.0], "hours").unwrap();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
