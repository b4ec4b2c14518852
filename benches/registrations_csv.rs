//! Writes generated deal registrations as CSV to stdout, for timing the CLI end to end:
//! `cargo run --release -p partnerscore-benches --bin registrations_csv -- 1000000 200000 > regs.csv`
//! (arguments: registrations, customers; defaults 1,000,000 and 200,000).

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let n = args.next().and_then(Result::ok).unwrap_or(1_000_000);
    let customers = args.next().and_then(Result::ok).unwrap_or(200_000);
    let text = partnerscore_benches::registrations_csv(n, customers, 7);
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        eprintln!("registrations_csv: {e}");
        std::process::exit(1);
    }
}
