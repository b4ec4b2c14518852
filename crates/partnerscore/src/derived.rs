//! Derived fields (DESIGN §4): computed for every partner when the partners are loaded, before any
//! capability runs, so scorecards, profiles, plans and health all see them.
//!
//! A zero denominator or an absent input (only `gross_margin` has a default, 1) leaves the derived field
//! missing, never an error or an infinity. A value the caller supplies under a derived field's name wins
//! and is the value reported; `mdf_denial_rate` follows whichever approval rate is in force. An input
//! that is present but not a number is an input error naming the partner and field.

use rust_decimal::Decimal;

use crate::data::Value;
use crate::error::{Error, Result};

/// The derived fields, in the order reports list them.
pub const DERIVED_FIELDS: [&str; 7] = [
    "romi",
    "mdf_approval_rate",
    "mdf_denial_rate",
    "mdf_amount_per_claim",
    "mdf_utilization",
    "mql_to_sql",
    "win_rate",
];

/// The partner fields a derived field is computed from (`mdf_denial_rate` also follows a supplied
/// `mdf_approval_rate`); empty for any other field.
pub fn derived_inputs(field: &str) -> &'static [&'static str] {
    match field {
        "romi" => &["attributed_revenue", "gross_margin", "marketing_spend"],
        "mdf_approval_rate" => &["mdf_claims_approved", "mdf_claims_denied"],
        "mdf_denial_rate" => &["mdf_approval_rate", "mdf_claims_approved", "mdf_claims_denied"],
        "mdf_amount_per_claim" => &["mdf_amount_approved", "mdf_claims_approved"],
        "mdf_utilization" => &["mdf_amount_approved", "mdf_allocated"],
        "mql_to_sql" => &["sql", "mql"],
        "win_rate" => &["deals_won", "deals_lost"],
        _ => &[],
    }
}

/// How a derived field is computed from a partner's numbers (`get` reads a field; `None` = missing).
/// `Err(())` on decimal overflow.
fn compute(field: &str, get: &dyn Fn(&str) -> Option<Decimal>) -> std::result::Result<Option<Decimal>, ()> {
    let div = |a: Decimal, b: Decimal| -> std::result::Result<Option<Decimal>, ()> {
        if b.is_zero() {
            Ok(None)
        } else {
            a.checked_div(b).map(Some).ok_or(())
        }
    };
    let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or(());
    Ok(match field {
        "romi" => match (get("attributed_revenue"), get("marketing_spend")) {
            (Some(revenue), Some(spend)) => {
                let margin = get("gross_margin").unwrap_or(Decimal::ONE);
                let gain = revenue.checked_mul(margin).ok_or(())?.checked_sub(spend).ok_or(())?;
                div(gain, spend)?
            }
            _ => None,
        },
        "mdf_approval_rate" => match (get("mdf_claims_approved"), get("mdf_claims_denied")) {
            (Some(a), Some(d)) => div(a, add(a, d)?)?,
            _ => None,
        },
        "mdf_denial_rate" => match get("mdf_approval_rate") {
            Some(rate) => Some(Decimal::ONE.checked_sub(rate).ok_or(())?),
            None => None,
        },
        "mdf_amount_per_claim" => match (get("mdf_amount_approved"), get("mdf_claims_approved")) {
            (Some(amount), Some(claims)) => div(amount, claims)?,
            _ => None,
        },
        "mdf_utilization" => match (get("mdf_amount_approved"), get("mdf_allocated")) {
            (Some(amount), Some(allocated)) => div(amount, allocated)?,
            _ => None,
        },
        "mql_to_sql" => match (get("sql"), get("mql")) {
            (Some(sql), Some(mql)) => div(sql, mql)?,
            _ => None,
        },
        "win_rate" => match (get("deals_won"), get("deals_lost")) {
            (Some(won), Some(lost)) => div(won, add(won, lost)?)?,
            _ => None,
        },
        _ => None,
    })
}

/// A table the derived fields are added to: the partner columns while loading.
pub(crate) trait Columns {
    fn rows(&self) -> usize;
    fn column(&self, field: &str) -> Option<&[Option<Value>]>;
    fn location(&self, row: usize, field: &str) -> String;
    fn set_column(&mut self, field: &str, values: Vec<Option<Value>>);
}

/// Adds every derived field that has an input column (or a supplied column) to `table`: a supplied
/// value wins, rows without one get the derived value.
pub(crate) fn add_derived(table: &mut impl Columns) -> Result<()> {
    for field in DERIVED_FIELDS {
        let inputs = derived_inputs(field);
        if table.column(field).is_none() && inputs.iter().all(|i| table.column(i).is_none()) {
            continue;
        }
        // Inputs as numbers, checked once per column.
        let mut numbers: Vec<(&str, Vec<Option<Decimal>>)> = Vec::with_capacity(inputs.len());
        for &input in inputs {
            let Some(column) = table.column(input) else { continue };
            let mut values = Vec::with_capacity(column.len());
            for (row, value) in column.iter().enumerate() {
                values.push(match value {
                    Some(v) => Some(v.as_number().map_err(|reason| Error::input(table.location(row, input), reason))?),
                    None => None,
                });
            }
            numbers.push((input, values));
        }
        let supplied = table.column(field);
        let mut out = Vec::with_capacity(table.rows());
        let mut any = supplied.is_some();
        for row in 0..table.rows() {
            if let Some(Some(value)) = supplied.map(|c| &c[row]) {
                out.push(Some(value.clone()));
                continue;
            }
            let get = |name: &str| numbers.iter().find(|(n, _)| *n == name).and_then(|(_, v)| v[row]);
            let value = compute(field, &get)
                .map_err(|()| Error::input(table.location(row, field), "the derived value overflows a decimal"))?;
            any |= value.is_some();
            out.push(value.map(Value::Number));
        }
        if any {
            table.set_column(field, out);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Partners;

    fn derived(csv: &str, field: &str) -> Vec<Option<String>> {
        let partners = Partners::from_csv(csv).unwrap();
        (0..partners.len())
            .map(|r| partners.get(r, field).map(|v| v.as_number().unwrap().normalize().to_string()))
            .collect()
    }

    #[test]
    fn worked_examples() {
        // (60,000 × 0.60 − 20,000) / 20,000 = 0.80; without a margin: (60,000 − 20,000) / 20,000 = 2
        assert_eq!(
            derived(
                "id,attributed_revenue,gross_margin,marketing_spend\nA,60000,0.60,20000\nB,60000,,20000\nC,5,1,0\n",
                "romi"
            ),
            [Some("0.8".into()), Some("2".into()), None]
        );
        assert_eq!(derived("id,mql,sql\nA,400,80\nB,0,0\nC,,3\n", "mql_to_sql"), [Some("0.2".into()), None, None]);
        assert_eq!(derived("id,deals_won,deals_lost\nA,3,1\nB,0,0\n", "win_rate"), [Some("0.75".into()), None]);
        let mdf =
            "id,mdf_claims_approved,mdf_claims_denied,mdf_amount_approved,mdf_allocated\nA,3,1,900,1200\nB,0,0,0,0\n";
        assert_eq!(derived(mdf, "mdf_approval_rate"), [Some("0.75".into()), None]);
        assert_eq!(derived(mdf, "mdf_denial_rate"), [Some("0.25".into()), None]);
        assert_eq!(derived(mdf, "mdf_amount_per_claim"), [Some("300".into()), None]);
        assert_eq!(derived(mdf, "mdf_utilization"), [Some("0.75".into()), None]);
    }

    #[test]
    fn a_supplied_value_wins_and_the_denial_rate_follows_the_approval_in_force() {
        let csv = "id,deals_won,deals_lost,win_rate,mdf_claims_approved,mdf_claims_denied,mdf_approval_rate\n\
                   A,3,1,0.5,3,1,0.9\nB,1,1,,1,3,\n";
        assert_eq!(derived(csv, "win_rate"), [Some("0.5".into()), Some("0.5".into())]);
        assert_eq!(derived(csv, "mdf_approval_rate"), [Some("0.9".into()), Some("0.25".into())]);
        assert_eq!(derived(csv, "mdf_denial_rate"), [Some("0.1".into()), Some("0.75".into())]);
    }

    #[test]
    fn an_input_that_is_not_a_number_is_an_error_naming_partner_and_field() {
        let err = Partners::from_csv("id,mql,sql\nA,many,3\n").unwrap_err();
        assert_eq!(err.to_string().split(':').next().unwrap(), "line 2, column 2 (partner A, field mql)");
    }
}

/// User-defined derived fields of a scorecard or profile config: `"derive": {"avg_deal": "revenue /
/// deals_closed"}`, in config order (a later one may use an earlier one). Parsed at config load; evaluated
/// per partner in Decimal before scoring: a missing input or a division by zero leaves the field missing,
/// and a value the partner supplies under the same name wins (as for the built-in derived fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derives(Vec<(String, crate::expr::Expr)>);

impl Derives {
    /// Parses the `derive` object of a config; errors name `derive.<name>` and the column in the
    /// expression (`derive.avg_deal: column 9: expected a field, a number or `(``).
    pub fn parse(raw: Option<&serde_json::Map<String, serde_json::Value>>) -> Result<Derives> {
        let mut out = Vec::new();
        for (name, text) in raw.into_iter().flatten() {
            let path = format!("derive.{name}");
            let valid_name = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !valid_name {
                return Err(Error::config(
                    path,
                    "a derived field's name is letters, digits and `_`, not starting with a digit",
                ));
            }
            if crate::data::RESERVED_KEYS.contains(&name.as_str()) {
                return Err(Error::config(path, format!("`{name}` is a reserved key and cannot be derived")));
            }
            let serde_json::Value::String(text) = text else {
                return Err(Error::config(path, format!("expected an expression as text, found {text}")));
            };
            let expr = crate::expr::Expr::parse(text).map_err(|e| Error::config(&path, e.to_string()))?;
            if expr.fields().contains(&name.as_str()) {
                return Err(Error::config(path, format!("`{name}` refers to itself")));
            }
            out.push((name.clone(), expr));
        }
        Ok(Derives(out))
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The derived names, in config order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// Every partner field the expressions read (not the derived names themselves), in order.
    pub fn inputs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, expr) in &self.0 {
            for f in expr.fields() {
                if !out.iter().any(|o| o == f) && !self.names().any(|n| n == f) {
                    out.push(f.to_string());
                }
            }
        }
        out
    }

    /// The partners with the derived fields added (shared columns: no copy of the others); the same
    /// partners when there is nothing to derive. An input that is not a number, or an overflow, is an
    /// input error naming the partner and field.
    pub fn apply<'p>(&self, partners: &'p crate::Partners) -> Result<std::borrow::Cow<'p, crate::Partners>> {
        if self.0.is_empty() {
            return Ok(std::borrow::Cow::Borrowed(partners));
        }
        let mut table = partners.clone();
        for (name, expr) in &self.0 {
            let fields = expr.fields();
            let columns: Vec<Option<&[Option<Value>]>> = fields.iter().map(|f| Columns::column(&table, f)).collect();
            let supplied = Columns::column(&table, name);
            let mut out = Vec::with_capacity(table.len());
            let mut inputs = vec![None; fields.len()];
            for row in 0..table.len() {
                if let Some(Some(value)) = supplied.map(|c| &c[row]) {
                    out.push(Some(value.clone()));
                    continue;
                }
                for (k, column) in columns.iter().enumerate() {
                    inputs[k] = match column.and_then(|c| c[row].as_ref()) {
                        Some(v) => {
                            Some(v.as_number().map_err(|reason| Error::input(table.location(row, fields[k]), reason))?)
                        }
                        None => None,
                    };
                }
                let value = expr
                    .eval_indexed(&inputs)
                    .map_err(|_| Error::input(table.location(row, name), "the derived value overflows a decimal"))?;
                out.push(value.map(Value::Number));
            }
            Columns::set_column(&mut table, name, out);
        }
        Ok(std::borrow::Cow::Owned(table))
    }
}
