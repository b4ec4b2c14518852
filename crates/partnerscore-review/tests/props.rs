//! Invariants of the pack's building blocks on arbitrary input: charts draw whatever the numbers and
//! labels (never a panic, labels escaped), and page file names stay distinct and safe.

use std::collections::HashSet;

use partnerscore::Decimal;
use partnerscore_review::charts::{bars, benchmark_bars, period_line, survival_steps, BenchmarkRow};
use partnerscore_review::file_names::page_file_names;
use proptest::prelude::*;

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![Just("<script>&\"'".to_string()), "\\PC{0,30}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn charts_draw_any_numbers(
        values in prop::collection::vec(prop::option::of(decimal()), 0..12),
        labels in prop::collection::vec(label(), 0..12),
        fit in prop::option::of((-1e30f64..1e30, -1e30f64..1e30)),
        days in prop::collection::vec((0i64..5000, decimal()), 0..20),
        median in prop::option::of(0i64..5000),
    ) {
        let svgs = [
            period_line(&labels, &values, "revenue", fit, false).unwrap(),
            period_line(&labels, &values, "rate", None, true).unwrap(),
            survival_steps(&days, median).unwrap(),
            bars(&labels, &values.iter().map(|v| v.map_or(0.0, partnerscore_review::charts::coord)).collect::<Vec<_>>(), "hours").unwrap(),
            benchmark_bars(&labels.iter().zip(&values).map(|(l, v)| BenchmarkRow { name: l, values: [*v, *v, None] }).collect::<Vec<_>>()).unwrap(),
        ];
        for svg in svgs {
            prop_assert!(svg.starts_with("<svg"));
            prop_assert!(!svg.contains("<script"));
        }
    }

    #[test]
    fn page_file_names_are_distinct_and_safe(ids in prop::collection::hash_set("\\PC{0,12}|[aA_-]{1,4}", 0..40)) {
        let ids: Vec<String> = ids.into_iter().collect();
        let names = page_file_names(ids.iter().map(String::as_str));
        prop_assert_eq!(names.len(), ids.len());
        let lower: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        prop_assert_eq!(lower.len(), names.len());
        for n in &names {
            prop_assert!(n.ends_with(".html") && n.len() < 200);
            prop_assert!(n.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{}", n);
        }
    }
}
