//! The channel manager's achievement plan (DESIGN §3): `ps_plan_new`, `ps_plan_solve`, `ps_plan_free`.
//!
//! Two data inputs, so JSON only (DESIGN, "One engine, three faces"): partners as the CLI loads a
//! `.json` partners file, history as it loads a `.json` history file.

use std::ffi::c_char;

use engine::history::History;
use engine::{FieldSelection, Partners, Plan};

use super::boundary::{boundary, required, text_arg, Failure};
use super::call::{free_object, new_object, report_json, store_json};
use super::error::{ps_error, ps_status};

/// A validated achievement plan config, ready to solve for partners and their history.
///
/// Created by `ps_plan_new`, freed by `ps_plan_free`. Immutable after creation: any number of threads
/// may call `ps_plan_solve` on the same plan at once.
#[allow(non_camel_case_types)]
pub struct ps_plan {
    plan: Plan,
}

/// Parses and validates an achievement plan config (JSON, as in DESIGN §3 and `examples/plan.json`).
///
/// `config_json` points to `config_len` bytes of UTF-8 JSON (no NUL terminator needed; the bytes are only
/// read during the call). On success returns `PS_OK` and stores a new plan in `*out`; the caller owns it
/// and frees it with `ps_plan_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out` is left untouched. `PS_ERR_CONFIG`: the message names the config path
/// (`strategies[0].hours: ...`, `goal.growth: ...`, `capacity_hours: ...`). `PS_ERR_NULL_ARGUMENT`:
/// `config_json` or `out` is NULL. `PS_ERR_INVALID_UTF8`: the config is not UTF-8. On success `*err` is
/// left untouched.
///
/// Thread-safe: calls on different buffers may run at once.
///
/// # Safety
/// `config_json` is NULL or points to `config_len` readable bytes. `out` is NULL or writable. `err` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_plan_new(
    config_json: *const c_char,
    config_len: usize,
    out: *mut *mut ps_plan,
    err: *mut *mut ps_error,
) -> ps_status {
    let parse = |text: &str| Plan::from_json(text).map(|plan| ps_plan { plan });
    // SAFETY: the contract above is `new_object`'s.
    unsafe { new_object(config_json, config_len, out, err, parse) }
}

/// Solves an achievement plan for partners and their period history and returns the report as JSON
/// (target, baseline, uplift, expected, gap, coverage, hours, method, upper bound, recruits, totals by
/// strategy, and one record per partner in input order): the same bytes as the CLI's
/// `partnerscore plan --format json` on the same plan, partners and history files (a JSON object, then a
/// newline).
///
/// `partners_json` points to `partners_len` bytes of UTF-8 JSON: an array of partner objects (only the
/// reserved keys and the fields the plan reads, `potential` and `sales_reps`, are read). `history_json`
/// points to `history_len` bytes of UTF-8 JSON: an array of `{"partner_id", "period", <fields…>}` rows in
/// any order; rows of partners not in `partners_json` are left out and counted in `history_rows_ignored`.
/// No NUL terminators needed; the bytes are only read during the call.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. `PS_ERR_INPUT`: bad partners or
/// history, or a capacity too small for every partner's cheapest strategy. The message is the text the
/// CLI prints after `error: FILE: `: a history error starts with `history` (`history[3] (partner P2):
/// ...` for a repeated partner/period or a period such as `2026-Q5`, `history line 1, column 9: invalid
/// JSON: ...`); a partner error names the partner and field (`partners[1] (partner P2), field potential:
/// ...`, or `line 1, column 9: invalid JSON: ...` for partners that are not JSON); the capacity error
/// names the hours needed (`capacity_hours: the 40 partners need at least 160 hours ...`).
/// `PS_ERR_NULL_ARGUMENT`: `plan`, `partners_json`, `history_json`, `out_json` or `out_len` is NULL (checked
/// first). `PS_ERR_INVALID_UTF8`: the partners or the history are not UTF-8 (the message names the
/// argument, `partners_json` or `history_json`). On success `*err` is left untouched.
///
/// Thread-safe: any number of threads may solve with the same plan at once, on the same or different
/// inputs. The engine itself may run parts of the work on a pool of worker threads (one per core,
/// started on first use, kept until the process exits).
///
/// # Safety
/// `plan` is NULL or a live plan from `ps_plan_new`. `partners_json` is NULL or points to `partners_len`
/// readable bytes; `history_json` is NULL or points to `history_len` readable bytes. `out_json`, `out_len`
/// and `err` are each NULL or writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the C signature of the issue
pub unsafe extern "C" fn ps_plan_solve(
    plan: *const ps_plan,
    partners_json: *const c_char,
    partners_len: usize,
    history_json: *const c_char,
    history_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    let body = || {
        // Every pointer first, then the UTF-8 of both inputs (the CLI reads both files before parsing
        // either), then partners, history and the solve in the CLI's order: the same first error.
        let plan = required(plan.cast_mut(), "plan")?;
        required(partners_json.cast_mut(), "partners_json")?;
        required(history_json.cast_mut(), "history_json")?;
        let out_json = required(out_json, "out_json")?;
        let out_len = required(out_len, "out_len")?;
        // SAFETY: not NULL; `partners_len` / `history_len` readable bytes (contract above).
        let partners = unsafe { text_arg(partners_json, partners_len, "partners_json") }?;
        // SAFETY: as above.
        let history = unsafe { text_arg(history_json, history_len, "history_json") }?;
        // SAFETY: not NULL and a live plan (contract above); only read.
        let plan = unsafe { &(*plan).plan };
        let partners =
            Partners::from_json_selected(partners, &FieldSelection::Only(plan.fields())).map_err(Failure::engine)?;
        let history = History::from_json(history).map_err(Failure::engine)?;
        let report = plan.solve(&partners, &history).map_err(Failure::engine)?;
        drop((partners, history));
        let json = report_json(|out| serde_json::to_writer(out, &report))?;
        drop(report);
        // SAFETY: both not NULL and writable (contract above).
        unsafe { store_json(json, out_json, out_len) }
    };
    // SAFETY: `err` is NULL or writable (contract above).
    unsafe { boundary(err, body) }
}

/// Frees a plan. NULL is accepted and does nothing.
///
/// # Safety
/// `plan` is NULL or a plan from `ps_plan_new` that has not been freed, and no other thread is using it;
/// it must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ps_plan_free(plan: *mut ps_plan) {
    // SAFETY: made by `ps_plan_new` (`new_object`), per the contract above.
    unsafe { free_object(plan) }
}
