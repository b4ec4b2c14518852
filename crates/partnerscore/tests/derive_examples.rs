//! `derive` in scorecard and profile configs, and the built-in derived fields, through the public API.

use partnerscore::{Decimal, FieldSelection, Partners, Profile, Scorecard};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const CARD: &str = r#"{
  "name": "c",
  "derive": {"avg_deal": "revenue / deals_closed", "big_deal": "min(avg_deal / 1000, 100)"},
  "sections": [{"name": "s", "metrics": [
    {"field": "avg_deal", "points": 10, "rule": {"target": 50000}},
    {"field": "big_deal", "points": 10, "rule": {"target": 100}},
    {"field": "romi", "points": 10, "rule": {"target": "0.8"}}]}]
}"#;

#[test]
fn a_scorecard_scores_user_and_built_in_derived_fields() {
    let card = Scorecard::from_json(CARD).unwrap();
    // A: avg_deal 100,000 / 4 = 25,000 → 10 × 0.5 = 5; big_deal min(25, 100) = 25 → 10 × 0.25 = 2.5;
    //    romi (60,000 × 0.60 − 20,000) / 20,000 = 0.8 → 10.
    // B: no deals → avg_deal missing (division by zero) and so big_deal: 0 + 0; romi missing: 0.
    // C: supplies avg_deal 50,000 itself: it wins (10), big_deal = min(50, 100) → 5.
    let partners = Partners::from_csv(
        "id,revenue,deals_closed,attributed_revenue,gross_margin,marketing_spend,avg_deal\n\
         A,100000,4,60000,0.60,20000,\nB,5000,0,,,,\nC,1,1,,,,50000\n",
    )
    .unwrap();
    let report = card.score(&partners).unwrap();
    let scores: Vec<Decimal> = report.partners().map(|p| p.score()).collect();
    assert_eq!(scores, [d("17.5"), d("0"), d("15")]);
    // The CLI loads only the fields a scorecard reads: derive inputs included.
    let fields = card.fields();
    for f in ["avg_deal", "big_deal", "romi", "revenue", "deals_closed"] {
        assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
    }
    let selected = Partners::from_csv_selected(
        "id,revenue,deals_closed,attributed_revenue,gross_margin,marketing_spend,notes\nA,100000,4,60000,0.60,20000,x\n",
        &FieldSelection::Only(fields),
    )
    .unwrap();
    assert_eq!(card.score(&selected).unwrap().partner(0).score(), d("17.5"));
}

#[test]
fn a_profile_reads_derived_fields() {
    let profile = Profile::from_json(
        r#"{"name": "p", "derive": {"margin_share": "gross_margin * 100"},
            "criteria": [{"field": "margin_share", "at_least": 40, "area": "operational"},
                         {"field": "win_rate", "at_least": "0.5", "area": "sales_marketing"}]}"#,
    )
    .unwrap();
    let partners = Partners::from_csv("id,gross_margin,deals_won,deals_lost\nA,0.45,3,1\nB,0.2,1,3\n").unwrap();
    let report = profile.evaluate(&partners).unwrap();
    assert_eq!(report.partner(0).fit(), d("100"));
    assert_eq!(report.partner(1).gaps().len(), 2);
}

#[test]
fn config_errors_name_the_derived_field_and_the_column() {
    let err = Scorecard::from_json(&CARD.replace("revenue / deals_closed", "revenue / / deals_closed")).unwrap_err();
    assert!(err.to_string().starts_with("derive.avg_deal: column 11: "), "{err}");
    let err = Scorecard::from_json(&CARD.replace("revenue / deals_closed", "avg_deal + 1")).unwrap_err();
    assert_eq!(err.to_string(), "derive.avg_deal: `avg_deal` refers to itself");
    let err = Scorecard::from_json(&CARD.replace(r#""avg_deal": "revenue"#, r#""id": "revenue"#)).unwrap_err();
    assert!(err.to_string().starts_with("derive.id: "), "{err}");
    let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
    let err = Profile::from_json(&format!(
        r#"{{"name": "p", "derive": {{"x": "{deep}"}}, "criteria": [{{"field": "x", "at_least": 1, "area": "product"}}]}}"#
    ))
    .unwrap_err();
    assert!(err.to_string().starts_with("derive.x: column 65: "), "{err}");
}

#[test]
fn an_input_that_is_not_a_number_names_partner_and_field() {
    let card = Scorecard::from_json(CARD).unwrap();
    let partners = Partners::from_csv("id,revenue,deals_closed\nA,lots,2\n").unwrap();
    let err = card.score(&partners).unwrap_err();
    assert!(err.to_string().starts_with("line 2, column 2 (partner A, field revenue)"), "{err}");
}
