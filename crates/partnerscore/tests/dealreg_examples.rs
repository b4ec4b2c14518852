//! Worked examples of deal-registration judging (DESIGN §5), each computed by hand in its comments.

use partnerscore::dealreg::{customer_key, dealreg, DealRegReport, Registrations};
use partnerscore::{Date, ErrorKind};

const HEADER: &str = "id,partner_id,customer,product,registered_on,expires_on\n";

fn judge(rows: &str, window_days: i64) -> DealRegReport {
    let registrations = Registrations::from_csv(&format!("{HEADER}{rows}")).expect("valid registrations");
    dealreg(&registrations, window_days).expect("judged")
}

/// `id:status[>lost_to]` for every registration, input order.
fn outcome(report: &DealRegReport) -> Vec<String> {
    report
        .registrations()
        .map(|r| match r.lost_to {
            Some(w) => format!("{}:{}>{w}", r.id, r.status.as_str()),
            None => format!("{}:{}", r.id, r.status.as_str()),
        })
        .collect()
}

#[test]
fn normalization_folds_case_punctuation_accents_and_legal_suffixes() {
    for (name, key) in [
        ("Acme Holdings, Inc.", "acme holdings"),
        ("ACME holdings inc", "acme holdings"),
        ("Acme  Holdings Co., Ltd.", "acme holdings"),
        ("Acme Holdings Incorporated", "acme holdings"),
        ("Acme Holdings Limited Company", "acme holdings"),
        ("Société Générale S.A.", "societe generale"),
        ("Widget Works L.L.C.", "widget works"),
        ("Müller Präzision GmbH", "muller prazision"),
        ("Van Dijk B.V.", "van dijk"),
        ("Fiat S.p.A.", "fiat"),
        ("Kangaroo Pty. Ltd.", "kangaroo"),
        ("Rossi S.R.L.", "rossi"),
        ("Tesco PLC", "tesco"),
        ("Philips N.V.", "philips"),
        ("Siemens AG", "siemens"),
        ("Acme Corp.", "acme"),
        ("Acme Corporation", "acme"),
        ("acme_corp", "acme"),
        ("AT&T Inc.", "at t"),
        ("A.T. & T. Inc.", "att"),
        ("Company", "company"),
        ("Inc. Ltd.", "inc"),
        ("Ltd Holdings", "ltd holdings"),
        ("Ｆｕｌｌ Ｗｉｄｔｈ Ｃｏ", "full width"),
        ("Zoë's Café — Bar & Grill", "zoe s cafe bar grill"),
        ("3M Company", "3m"),
        ("Plan 9 Co", "plan 9"),
    ] {
        assert_eq!(customer_key(name), key, "{name}");
    }
}

#[test]
fn a_window_ending_the_day_another_starts_does_not_overlap_it() {
    // R1 holds [2026-01-01, 2026-01-31) with a 30-day window; R2 starts on 01-31: clear.
    // R3 starts on 01-30, inside R1's window: lost to R1.
    let report = judge("R1,A,Acme,,2026-01-01,\nR2,B,Acme,,2026-01-31,\nR3,C,Acme,,2026-01-30,\n", 30);
    assert_eq!(outcome(&report), ["R1:won", "R2:clear", "R3:lost>R1"]);
    // An explicit expires_on is the end (exclusive) too.
    let report = judge("R1,A,Acme,,2026-01-01,2026-01-10\nR2,B,Acme,,2026-01-10,\nR3,C,Acme,,2026-01-09,\n", 90);
    assert_eq!(outcome(&report), ["R1:won", "R2:clear", "R3:lost>R1"]);
}

#[test]
fn a_partners_own_repeats_never_conflict() {
    // A registers Acme three times; all accepted. B then loses to A's earliest live one.
    let report = judge(
        "R1,A,Acme,,2026-01-01,\nR2,A,ACME Inc,,2026-01-05,\nR3,A,Acme,,2026-01-09,\nR4,B,Acme,,2026-01-10,\n",
        90,
    );
    assert_eq!(outcome(&report), ["R1:won", "R2:clear", "R3:clear", "R4:lost>R1"]);
    // Once A's first window has ended (day 90 = 2026-04-01), B loses to A's next live one.
    let report = judge("R1,A,Acme,,2026-01-01,\nR2,A,Acme,,2026-02-01,\nR3,B,Acme,,2026-04-01,\n", 90);
    assert_eq!(outcome(&report), ["R1:clear", "R2:won", "R3:lost>R2"]);
}

#[test]
fn products_must_be_compatible() {
    // Equal after trimming and case folding, or either absent.
    let report = judge(
        "R1,A,Acme,Firewall,2026-01-01,\n\
         R2,B,Acme, FIREWALL ,2026-01-02,\n\
         R3,C,Acme,Backup,2026-01-03,\n\
         R4,D,Acme,,2026-01-04,\n",
        90,
    );
    // R2 matches R1's product; R3 is another product (clear); R4 has none, so it meets R1 first.
    assert_eq!(outcome(&report), ["R1:won", "R2:lost>R1", "R3:clear", "R4:lost>R1"]);
    // A registration without product blocks every product.
    let report = judge("R1,A,Acme,,2026-01-01,\nR2,B,Acme,Backup,2026-01-02,\nR3,C,Acme,Firewall,2026-01-03,\n", 90);
    assert_eq!(outcome(&report), ["R1:won", "R2:lost>R1", "R3:lost>R1"]);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].product, None);
    let losers: Vec<&str> = report.conflicts[0].losers.iter().map(|l| &**l).collect();
    assert_eq!(losers, ["R2", "R3"]);
}

#[test]
fn a_lost_registration_blocks_nobody() {
    // R1 (A, Firewall) wins over R2 (B, no product). C registers Backup on 01-03: R2 would overlap it
    // (no product is compatible with Backup) but R2 lost, so it holds no window: C is clear.
    let report = judge("R1,A,Acme,Firewall,2026-01-01,\nR2,B,Acme,,2026-01-02,\nR3,C,Acme,Backup,2026-01-03,\n", 90);
    assert_eq!(outcome(&report), ["R1:won", "R2:lost>R1", "R3:clear"]);
}

#[test]
fn judged_order_is_registered_on_then_id_bytewise() {
    // Same day: "R10" < "R9" byte-wise, so R10 is judged first and wins, whatever the input order.
    let report = judge("R9,A,Acme,,2026-01-01,\nR10,B,Acme,,2026-01-01,\n", 90);
    assert_eq!(outcome(&report), ["R9:lost>R10", "R10:won"]);
    // Long ids that share their first 8 bytes are still ordered byte-wise on the whole id.
    let report = judge(
        "REG-2026-0010,A,Acme,,2026-01-01,\nREG-2026-0009,B,Acme,,2026-01-01,\nREG-2026,C,Acme,,2026-01-01,\n",
        90,
    );
    assert_eq!(outcome(&report), ["REG-2026-0010:lost>REG-2026", "REG-2026-0009:lost>REG-2026", "REG-2026:won"]);
    let losers: Vec<&str> = report.conflicts[0].losers.iter().map(|l| &**l).collect();
    assert_eq!(losers, ["REG-2026-0009", "REG-2026-0010"]);
    // The earliest overlapping accepted registration wins, not the nearest.
    let report = judge("R3,C,Acme,,2026-01-20,\nR1,A,Acme,,2026-01-01,\nR2,A,Acme,,2026-01-10,\n", 90);
    assert_eq!(outcome(&report), ["R3:lost>R1", "R1:won", "R2:clear"]);
}

#[test]
fn conflicts_are_in_the_winners_judged_order() {
    let report = judge(
        "R1,A,Beta,,2026-02-01,\nR2,B,Beta,,2026-02-02,\nR3,A,Acme,,2026-01-01,\nR4,B,acme inc,,2026-01-15,\nR5,C,Acme,,2026-01-20,\n",
        90,
    );
    let conflicts: Vec<(&str, &str, Vec<&str>)> = report
        .conflicts
        .iter()
        .map(|c| (&*c.customer_key, &*c.winner, c.losers.iter().map(|l| &**l).collect()))
        .collect();
    assert_eq!(conflicts, [("acme", "R3", vec!["R4", "R5"]), ("beta", "R1", vec!["R2"])]);
    // R3's window: 2026-01-01 + 90 days = 2026-04-01 (31 + 28 + 31 = 90).
    assert_eq!(report.conflicts[0].winner_expires_on, Date::parse("2026-04-01").unwrap());
    assert!(report.conflicts[0].is_open(Date::parse("2026-03-31").unwrap()));
    assert!(!report.conflicts[0].is_open(Date::parse("2026-04-01").unwrap()));
    // R1's window is [02-01, 05-02): on 2026-04-01 only Beta's conflict is open, on 03-31 both are,
    // before 01-01 none.
    let open = |d: &str| report.open_conflicts(Date::parse(d).unwrap()).map(|c| &*c.winner).collect::<Vec<_>>();
    assert_eq!(open("2026-04-01"), ["R1"]);
    assert_eq!(open("2026-03-31"), ["R3", "R1"]);
    assert_eq!(open("2025-12-31"), Vec::<&str>::new());
    let c = report.counts();
    assert_eq!((c.clear, c.won, c.lost), (0, 2, 3));
}

#[test]
fn the_json_result_is_exactly_designs() {
    let report = judge("R1,A,\"Acme, Inc.\",Firewall,2026-01-01,\nR2,B,ACME,,2026-01-02,\n", 90);
    assert_eq!(
        report.to_json(),
        r#"{"window_days":90,"registrations":[{"id":"R1","partner_id":"A","customer_key":"acme","status":"won","lost_to":null},{"id":"R2","partner_id":"B","customer_key":"acme","status":"lost","lost_to":"R1"}],"conflicts":[{"customer_key":"acme","product":"Firewall","winner":"R1","winner_partner_id":"A","winner_expires_on":"2026-04-01","losers":["R2"]}]}"#
    );
    let mut csv = Vec::new();
    report.write_csv(&mut csv).unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "id,partner_id,customer,customer_key,product,registered_on,expires_on,status,lost_to,lost_to_partner_id\n\
         R1,A,\"Acme, Inc.\",acme,Firewall,2026-01-01,2026-04-01,won,,\n\
         R2,B,ACME,acme,,2026-01-02,2026-04-02,lost,R1,A\n"
    );
}

#[test]
fn json_null_and_empty_text_are_absent_and_numeric_ids_are_text() {
    let registrations = Registrations::from_json(
        r#"[{"id": 1, "partner_id": 7, "customer": "Acme", "product": null, "amount": "", "registered_on": "2026-01-01", "expires_on": ""},
            {"id": "2", "partner_id": "8", "customer": "Acme", "product": "", "amount": 1200.5, "registered_on": "2026-01-02"}]"#,
    )
    .unwrap();
    let report = dealreg(&registrations, 90).unwrap();
    assert_eq!(outcome(&report), ["1:won", "2:lost>1"]);
    assert_eq!(report.get(0).unwrap().partner_id, "7");
    assert_eq!(registrations.records()[1].amount, Some("1200.5".parse().unwrap()));
}

#[test]
fn bad_input_names_the_registration() {
    let err = |text: &str| Registrations::from_csv(&format!("{HEADER}R1,A,Acme,,2026-01-01,\n{text}\n")).unwrap_err();
    // Of several duplicates, the earliest row whose id an earlier row has is named.
    let text = format!(
        "{HEADER}R1,A,Acme,,2026-01-01,\nR2,A,Acme,,2026-01-01,\nR2,B,Acme,,2026-01-02,\nR1,C,Acme,,2026-01-03,\n"
    );
    assert_eq!(
        Registrations::from_csv(&text).unwrap_err().to_string(),
        "registrations line 4 (registration R2): registration id R2 is already used at registrations line 3 (registration R2)"
    );
    let e = err("R2,B,Acme,,2026-1-5,");
    assert_eq!(e.kind(), ErrorKind::Input);
    assert_eq!(
        e.to_string(),
        "registrations line 3, column 5 (registration R2, field registered_on): \"2026-1-5\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        err("R2,B,Acme,,2026-01-05,2026-01-04").to_string(),
        "registrations line 3, column 6 (registration R2, field expires_on): expires_on 2026-01-04 is not after registered_on 2026-01-05"
    );
    assert_eq!(
        err("R1,B,Acme,,2026-01-05,").to_string(),
        "registrations line 3 (registration R1): registration id R1 is already used at registrations line 2 (registration R1)"
    );
    assert_eq!(
        err("R2,B,\" -- \",,2026-01-05,").to_string(),
        "registrations line 3, column 3 (registration R2, field customer): customer name \" -- \" normalizes to nothing (no letter or digit)"
    );
    assert_eq!(
        err(",B,Acme,,2026-01-05,").to_string(),
        "registrations line 3, column 1 (field id): a registration needs an id"
    );
    let json = Registrations::from_json(
        r#"[{"id": "R1", "partner_id": "A", "customer": ["Acme"], "registered_on": "2026-01-01"}]"#,
    );
    assert_eq!(
        json.unwrap_err().to_string(),
        "registrations[0], field customer: must be text or a number, found [\"Acme\"]"
    );
    let ok = Registrations::from_csv(&format!("{HEADER}R1,A,Acme,,2026-01-01,\n")).unwrap();
    assert_eq!(dealreg(&ok, 0).unwrap_err().to_string(), "window_days: must be a whole number of days ≥ 1, found 0");
}
