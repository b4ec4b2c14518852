//! Properties of deal-registration judging (DESIGN §5): the sweep agrees with a plain quadratic judge,
//! and the outcome does not depend on the input order.

use std::collections::HashMap;

use partnerscore::dealreg::{customer_key, dealreg, product_key, DealRegReport, Registrations, Status};
use partnerscore::Date;
use proptest::prelude::*;

/// One generated registration: partner, customer name, product, start day, explicit window length.
#[derive(Debug, Clone)]
struct Reg {
    partner: u8,
    customer: &'static str,
    product: Option<&'static str>,
    start: i32,
    length: Option<i32>,
}

const CUSTOMERS: [&str; 6] = ["Acme Inc.", "ACME", "acme, ltd", "Beta GmbH", "beta", "Gamma S.A."];
const PRODUCTS: [Option<&str>; 4] = [None, Some("Firewall"), Some(" firewall "), Some("Backup")];

fn reg() -> impl Strategy<Value = Reg> {
    (0u8..4, 0usize..CUSTOMERS.len(), 0usize..PRODUCTS.len(), 0i32..60, prop::option::of(1i32..40)).prop_map(
        |(partner, c, p, start, length)| Reg { partner, customer: CUSTOMERS[c], product: PRODUCTS[p], start, length },
    )
}

fn day(offset: i32) -> Date {
    Date::from_days(Date::from_ymd(2026, 1, 1).unwrap().days() + offset).unwrap()
}

/// The records as a JSON array; ids `R00`, `R01`… in generation order, listed in `order`.
fn to_json(regs: &[Reg], order: &[usize]) -> String {
    let records: Vec<serde_json::Value> = order
        .iter()
        .map(|&i| {
            let r = &regs[i];
            let mut o = serde_json::json!({
                "id": format!("R{i:02}"), "partner_id": format!("P{}", r.partner), "customer": r.customer,
                "registered_on": day(r.start).to_string(),
            });
            if let Some(p) = r.product {
                o["product"] = p.into();
            }
            if let Some(len) = r.length {
                o["expires_on"] = day(r.start + len).to_string().into();
            }
            o
        })
        .collect();
    serde_json::Value::Array(records).to_string()
}

/// The quadratic judge, straight from DESIGN's words: walk the registrations in judged order (start,
/// then id) and compare each with every *accepted* one before it.
/// Per registration the one it lost to, and the conflicts (winner, losers), all by generation index.
type Outcome = (Vec<Option<usize>>, Vec<(usize, Vec<usize>)>);

fn oracle(regs: &[Reg], window: i32) -> Outcome {
    let mut order: Vec<usize> = (0..regs.len()).collect();
    order.sort_by_key(|&i| (regs[i].start, format!("R{i:02}")));
    let end = |r: &Reg| r.start + r.length.unwrap_or(window);
    let mut lost_to: Vec<Option<usize>> = vec![None; regs.len()];
    let mut accepted: Vec<usize> = Vec::new();
    for &i in &order {
        let r = &regs[i];
        let winner = accepted.iter().copied().find(|&a| {
            let w = &regs[a];
            let compatible = match (w.product.and_then(product_key), r.product.and_then(product_key)) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            w.partner != r.partner
                && customer_key(w.customer) == customer_key(r.customer)
                && compatible
                && w.start < end(r)
                && r.start < end(w)
        });
        match winner {
            Some(w) => lost_to[i] = Some(w),
            None => accepted.push(i),
        }
    }
    let mut conflicts: Vec<(usize, Vec<usize>)> = Vec::new();
    for &w in &order {
        let losers: Vec<usize> = order.iter().copied().filter(|&l| lost_to[l] == Some(w)).collect();
        if !losers.is_empty() {
            conflicts.push((w, losers));
        }
    }
    (lost_to, conflicts)
}

fn judge(regs: &[Reg], order: &[usize], window: i32) -> DealRegReport {
    let registrations = Registrations::from_json(&to_json(regs, order)).unwrap();
    dealreg(&registrations, i64::from(window)).unwrap()
}

fn id(i: usize) -> String {
    format!("R{i:02}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sweep_agrees_with_the_quadratic_judge(regs in prop::collection::vec(reg(), 0..60), window in 1i32..40) {
        let order: Vec<usize> = (0..regs.len()).collect();
        let report = judge(&regs, &order, window);
        let (lost_to, conflicts) = oracle(&regs, window);
        prop_assert_eq!(report.len(), regs.len());
        for (i, r) in report.registrations().enumerate() {
            prop_assert_eq!(r.id, id(i));
            prop_assert_eq!(r.lost_to.map(str::to_string), lost_to[i].map(id));
            let won = conflicts.iter().any(|(w, _)| *w == i);
            let expected = if lost_to[i].is_some() { Status::Lost } else if won { Status::Won } else { Status::Clear };
            prop_assert_eq!(r.status, expected);
        }
        let got: Vec<(String, Vec<String>)> = report
            .conflicts
            .iter()
            .map(|c| (c.winner.to_string(), c.losers.iter().map(|l| l.to_string()).collect()))
            .collect();
        let want: Vec<(String, Vec<String>)> =
            conflicts.iter().map(|(w, ls)| (id(*w), ls.iter().map(|&l| id(l)).collect())).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn outcome_does_not_depend_on_input_order(
        regs in prop::collection::vec(reg(), 1..30),
        window in 1i32..40,
        seed in any::<u64>(),
    ) {
        let straight: Vec<usize> = (0..regs.len()).collect();
        let mut shuffled = straight.clone();
        // a Fisher–Yates shuffle driven by the seed
        let mut state = seed | 1;
        for k in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(k, (state % (k as u64 + 1)) as usize);
        }
        let a = judge(&regs, &straight, window);
        let b = judge(&regs, &shuffled, window);
        // one result per input record, in input order
        let ids_b: Vec<String> = b.registrations().map(|r| r.id.to_string()).collect();
        prop_assert_eq!(ids_b, shuffled.iter().map(|&i| id(i)).collect::<Vec<_>>());
        let by_id = |r: &DealRegReport| -> HashMap<String, (Status, Option<String>)> {
            r.registrations().map(|j| (j.id.to_string(), (j.status, j.lost_to.map(str::to_string)))).collect()
        };
        prop_assert_eq!(by_id(&a), by_id(&b));
        prop_assert_eq!(a.conflicts, b.conflicts);
    }

    #[test]
    fn the_first_registration_in_judged_order_is_never_lost(regs in prop::collection::vec(reg(), 2..20), window in 1i32..30) {
        // The earliest registration in judged order is never lost, whatever the window.
        let order: Vec<usize> = (0..regs.len()).collect();
        let report = judge(&regs, &order, window);
        let first = (0..regs.len()).min_by_key(|&i| (regs[i].start, id(i))).unwrap();
        prop_assert_ne!(report.get(first).unwrap().status, Status::Lost);
    }
}
