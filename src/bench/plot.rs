//! The clone-versus-restore picture: time to queryable against size, both
//! on log scales, one line per route (plotters, SVG backend, no system
//! fonts needed).

use plotters::prelude::*;

use super::clone_vs_restore::Figures;
use crate::engine::GIB;

/// Why the picture could not be drawn (the SVG file not written, say).
pub type DrawError = DrawingAreaErrorKind<std::io::Error>;

/// Writes the SVG to `path`.
pub fn time_to_queryable(f: &Figures, path: &std::path::Path) -> Result<(), DrawError> {
    let gib = |b: u64| b as f64 / GIB as f64;
    let minutes = |s: u64| s as f64 / 60.0;
    let (x_min, x_max) = f
        .routes
        .iter()
        .map(|r| gib(r.size_bytes))
        .fold((f64::MAX, 0f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let y_max = f
        .routes
        .iter()
        .map(|r| minutes(r.queryable_s.p50))
        .fold(1f64, f64::max);
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Time until another account can query its copy",
            ("sans-serif", 22),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(
            (x_min / 2.0..x_max * 2.0).log_scale(),
            (1f64..y_max * 3.0).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("source size (GiB, log scale)")
        .y_desc("minutes to queryable, p50 (log scale)")
        .draw()?;
    for (route, color) in [("clone", &BLUE), ("snapshot", &RED), ("full-copy", &GREEN)] {
        let points: Vec<(f64, f64)> = f
            .routes
            .iter()
            .filter(|r| r.route == route)
            .map(|r| (gib(r.size_bytes), minutes(r.queryable_s.p50).max(1.0)))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(route)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()
}
