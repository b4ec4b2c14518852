//! The checked-in header `include/partnerscore.h` is exactly what cbindgen generates from the sources now.
//! Regenerate it with `UPDATE_HEADER=1 cargo test -p partnerscore-c --test header`.

use std::path::Path;

/// The header cbindgen generates from `src/` with `cbindgen.toml`.
fn generate() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("read cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    String::from_utf8(generated).expect("the header is UTF-8")
}

#[test]
fn checked_in_header_is_up_to_date() {
    let generated = generate();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/partnerscore.h");
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write include/partnerscore.h");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != generated {
        let line = checked_in.lines().zip(generated.lines()).position(|(a, b)| a != b);
        let line = line.unwrap_or_else(|| checked_in.lines().count().min(generated.lines().count()));
        panic!(
            "{} is not what cbindgen generates from the sources (first difference at line {}):\n\
             checked in: {}\ngenerated:  {}\n\
             Regenerate it with: UPDATE_HEADER=1 cargo test -p partnerscore-c --test header",
            path.display(),
            line + 1,
            checked_in.lines().nth(line).unwrap_or("(end of file)"),
            generated.lines().nth(line).unwrap_or("(end of file)"),
        );
    }
}

/// The C declarations the issues fix (6: the scorecard and the common parts; 7: the profile; 8: the plan;
/// 9: health; dealreg; track),
/// as they must appear in the header (modulo doc comments and layout). The checked-in header equals the
/// generated one (test above).
#[test]
fn header_declares_the_api_of_the_issue() {
    let header = generate();
    let code: String = header
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("/*") || t.starts_with('*') || t.starts_with("//"))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    for decl in [
        "typedef struct ps_error ps_error;",
        "typedef struct ps_scorecard ps_scorecard;",
        "typedef enum { PS_OK = 0, PS_ERR_CONFIG = 1, PS_ERR_INPUT = 2, PS_ERR_NULL_ARGUMENT = 3, \
         PS_ERR_INVALID_UTF8 = 4, PS_ERR_INTERNAL = 5, } ps_status;",
        "typedef enum { PS_FORMAT_JSON = 0, PS_FORMAT_CSV = 1, } ps_format;",
        "ps_status ps_scorecard_new(const char *config_json, size_t config_len, ps_scorecard **out, ps_error **err);",
        "ps_status ps_scorecard_score(const ps_scorecard *scorecard, const char *partners, size_t partners_len, \
         ps_format format, char **out_json, size_t *out_len, ps_error **err);",
        "void ps_scorecard_free(ps_scorecard *scorecard);",
        "void ps_string_free(char *s);",
        "ps_status ps_error_code(const ps_error *err);",
        "const char *ps_error_message(const ps_error *err);",
        "void ps_error_free(ps_error *err);",
        "const char *ps_version(void);",
        // Issue 7: the ideal partner profile, the same shape as the scorecard.
        "typedef struct ps_profile ps_profile;",
        "ps_status ps_profile_new(const char *config_json, size_t config_len, ps_profile **out, ps_error **err);",
        "ps_status ps_profile_evaluate(const ps_profile *profile, const char *partners, size_t partners_len, \
         ps_format format, char **out_json, size_t *out_len, ps_error **err);",
        "void ps_profile_free(ps_profile *profile);",
        // Issue 8: the achievement plan; two data inputs, so JSON only (no ps_format).
        "typedef struct ps_plan ps_plan;",
        "ps_status ps_plan_new(const char *config_json, size_t config_len, ps_plan **out, ps_error **err);",
        "ps_status ps_plan_solve(const ps_plan *plan, const char *partners_json, size_t partners_len, \
         const char *history_json, size_t history_len, char **out_json, size_t *out_len, ps_error **err);",
        "void ps_plan_free(ps_plan *plan);",
        // Issue 9: channel health, a one-shot analysis taking one JSON request (no object, no format).
        "ps_status ps_health(const char *request_json, size_t request_len, char **out_json, size_t *out_len, \
         ps_error **err);",
        // Deal registration, a one-shot analysis like health: one JSON request.
        "ps_status ps_dealreg(const char *request_json, size_t request_len, char **out_json, size_t *out_len, \
         ps_error **err);",
        // Execution-plan tracking, a one-shot analysis like health: one JSON request.
        "ps_status ps_track(const char *request_json, size_t request_len, char **out_json, size_t *out_len, \
         ps_error **err);",
        "#ifndef PARTNERSCORE_H",
        "#include <stddef.h>",
    ] {
        let decl = decl.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(code.contains(&decl), "the header lacks `{decl}`:\n{code}");
    }
}
