//! What a benchmark measures as it goes, on stderr.

use std::io::IsTerminal;

/// On a terminal, a bar of `measurements` with the one under way and the
/// time spent; elsewhere one line as each starts, which a scheduler's log
/// shows well; nothing with `--json`.
pub fn bench_progress(measurements: u64, json: bool) -> impl FnMut(&str) {
    let terminal = std::io::stderr().is_terminal() && !json;
    let bar = indicatif::ProgressBar::hidden().with_finish(indicatif::ProgressFinish::AndClear);
    if terminal {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_length(measurements);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} measuring {pos}/{len} {wide_bar} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    let mut started = false;
    move |step: &str| {
        if terminal {
            if started {
                bar.inc(1);
            }
            started = true;
            bar.set_message(step.to_string());
        } else if !json {
            eprintln!("measuring {step}...");
        }
    }
}
