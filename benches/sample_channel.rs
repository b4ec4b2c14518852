//! Writes the sample channel copied N times (40 × N partners) as CSV files into a folder, for timing the
//! CLI's `review` (see README, Performance):
//! `cargo run --release -p partnerscore-benches --bin sample_channel -- 25 /tmp/channel`

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let copies: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(25);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "channel".into()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: {}: {e}", dir.display());
        std::process::exit(1);
    }
    let names = ["partners.csv", "history.csv", "registrations.csv", "commitments.csv", "milestones.csv"];
    for (name, text) in names.iter().zip(partnerscore_benches::sample_channel_csvs(copies)) {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    println!("{} partners in {}", 40 * copies, dir.display());
}
