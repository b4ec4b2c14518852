//! FFI overhead: 100k generated partners, from the same JSON text, scored through the C API
//! (`ps_scorecard_score`, then `ps_string_free`) and through the Rust API (`Partners::from_json`,
//! `Scorecard::score`, `ScoreReport::to_json`). Both parse, score and serialize to the same JSON.
//!
//! Run: `cargo bench -p partnerscore-c --bench ffi_overhead`
//!
//! The C functions are compiled into this benchmark from `src/ffi/` (the crate builds no rlib, whose file
//! name would collide with the core's), and called as a C program calls them.

use std::ffi::CStr;
use std::hint::black_box;
use std::ptr;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::{FieldSelection, Partners, Scorecard};
use partnerscore_benches::{partners_csv, SCORECARD_JSON};

#[path = "../src/ffi/mod.rs"]
mod ffi;

use ffi::{ps_error, ps_format, ps_scorecard, ps_scorecard_free, ps_scorecard_new, ps_scorecard_score, ps_status};

const PARTNERS: usize = 100_000;

/// The generated CSV as a JSON array of objects: numbers and booleans unquoted, empty cells left out.
fn csv_to_json(csv_text: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().expect("generated CSV has a header").clone();
    let mut out = String::with_capacity(csv_text.len() * 2);
    out.push('[');
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("generated CSV is valid");
        out.push_str(if i == 0 { "{" } else { ",{" });
        let mut first = true;
        for (key, value) in header.iter().zip(record.iter()) {
            if value.is_empty() {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&serde_json::to_string(key).expect("a string serializes"));
            out.push(':');
            let text = matches!(key, "id" | "name" | "category");
            let number = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            if !text && (number || value == "true" || value == "false") {
                out.push_str(value);
            } else {
                out.push_str(&serde_json::to_string(value).expect("a string serializes"));
            }
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// Scores through the C API: the JSON text's length, after freeing it as a C caller does.
fn score_c(card: *const ps_scorecard, partners: &str) -> usize {
    let (mut json, mut len, mut err) = (ptr::null_mut(), 0usize, ptr::null_mut::<ps_error>());
    // SAFETY: a live scorecard, a live buffer of `partners.len()` bytes, writable out-pointers.
    let status = unsafe {
        ps_scorecard_score(
            card,
            partners.as_ptr().cast(),
            partners.len(),
            ps_format::Json as ffi::FormatArg,
            &mut json,
            &mut len,
            &mut err,
        )
    };
    if status != ps_status::PS_OK {
        // SAFETY: the error object the failed call stored, read and freed once.
        let message = unsafe {
            assert_eq!(ffi::ps_error_code(err), status);
            let text = CStr::from_ptr(ffi::ps_error_message(err)).to_string_lossy().into_owned();
            ffi::ps_error_free(err);
            text
        };
        panic!("ps_scorecard_score: {status:?}: {message}");
    }
    // SAFETY: the string the call returned, freed once.
    unsafe { ffi::ps_string_free(black_box(json)) };
    len
}

/// Scores through the Rust API, as a Rust service would.
fn score_rust(card: &Scorecard, partners: &str) -> String {
    let table = Partners::from_json(partners).expect("generated partners are valid");
    card.score(&table).expect("scores").to_json()
}

/// The Rust API making exactly the calls the C wrapper makes (selected fields, `score_owned`, the CLI's
/// trailing newline): the difference to `c_api` is the boundary alone.
fn score_rust_same_calls(card: &Scorecard, partners: &str) -> Vec<u8> {
    let table = Partners::from_json_selected(partners, &FieldSelection::Only(card.fields())).expect("valid");
    let mut json = serde_json::to_vec(&card.score_owned(table).expect("scores")).expect("serializes");
    json.push(b'\n');
    json
}

/// C time over Rust time, measured in rounds that run the three ways back to back in a rotating order,
/// so that load from other processes on a shared machine hits all of them alike. Prints the median and
/// range of `c_api / rust_api` and `c_api / rust_same_calls_as_c` over the rounds.
fn interleaved_ratios(card: &Scorecard, c_card: *const ps_scorecard, partners: &str, rounds: usize) {
    let ways: [&dyn Fn() -> usize; 3] =
        [&|| score_rust(card, black_box(partners)).len(), &|| score_c(c_card, black_box(partners)), &|| {
            score_rust_same_calls(card, black_box(partners)).len()
        }];
    let (mut vs_rust, mut vs_same) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        let mut seconds = [0.0; 3];
        for k in 0..3 {
            let way = (round + k) % 3;
            let start = Instant::now();
            black_box(ways[way]());
            seconds[way] = start.elapsed().as_secs_f64();
        }
        vs_rust.push(seconds[1] / seconds[0]);
        vs_same.push(seconds[1] / seconds[2]);
    }
    for (name, ratios) in [("rust_api", &mut vs_rust), ("rust_same_calls_as_c", &mut vs_same)] {
        ratios.sort_by(f64::total_cmp);
        println!(
            "ffi_overhead interleaved, c_api / {name} over {rounds} rounds: median {:.3} (range {:.3} to {:.3})",
            ratios[rounds / 2],
            ratios[0],
            ratios[rounds - 1]
        );
    }
}

fn ffi_overhead(c: &mut Criterion) {
    let partners = csv_to_json(&partners_csv(PARTNERS, 42));
    println!("ffi_overhead: {PARTNERS} partners, {:.1} MB of JSON", partners.len() as f64 / 1e6);
    let card = Scorecard::from_json(SCORECARD_JSON).expect("benchmark scorecard is valid");
    let mut c_card = ptr::null_mut();
    // SAFETY: a live buffer and out-pointer.
    let status =
        unsafe { ps_scorecard_new(SCORECARD_JSON.as_ptr().cast(), SCORECARD_JSON.len(), &mut c_card, ptr::null_mut()) };
    assert_eq!(status, ps_status::PS_OK);

    // Both sides produce the same JSON (the C text adds the CLI's final newline).
    {
        let (mut json, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: as in `score_c`; the text is copied before it is freed.
        let c_json = unsafe {
            let status = ps_scorecard_score(
                c_card,
                partners.as_ptr().cast(),
                partners.len(),
                ps_format::Json as ffi::FormatArg,
                &mut json,
                &mut len,
                ptr::null_mut(),
            );
            assert_eq!(status, ps_status::PS_OK);
            let text = CStr::from_ptr(json).to_str().expect("UTF-8").to_string();
            ffi::ps_string_free(json);
            text
        };
        let rust_json = score_rust(&card, &partners);
        assert_eq!(c_json.len(), len);
        assert_eq!(c_json, rust_json + "\n", "the C and Rust APIs must produce the same JSON");
        assert!(c_json.as_bytes() == score_rust_same_calls(&card, &partners).as_slice());
    }

    interleaved_ratios(&card, c_card, &partners, 9);

    let mut group = c.benchmark_group("ffi_overhead_100k_json");
    group.sample_size(10);
    group.throughput(Throughput::Elements(PARTNERS as u64));
    group.bench_function("rust_api", |b| b.iter(|| score_rust(&card, black_box(&partners)).len()));
    group.bench_function("c_api", |b| b.iter(|| score_c(c_card, black_box(&partners))));
    group.bench_function("rust_same_calls_as_c", |b| {
        b.iter(|| score_rust_same_calls(&card, black_box(&partners)).len())
    });
    group.finish();
    // SAFETY: made by `ps_scorecard_new`, freed once.
    unsafe { ps_scorecard_free(c_card) };
}

criterion_group!(benches, ffi_overhead);
criterion_main!(benches);
