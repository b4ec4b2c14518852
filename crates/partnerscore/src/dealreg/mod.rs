//! Deal registration conflicts (DESIGN §5): two partners chasing the same customer find out before they
//! collide.
//!
//! Registrations are judged in order of `registered_on`, then id, as a deal desk would: one is `lost` when
//! an accepted registration of a different partner, for the same customer key and a compatible product,
//! has a window overlapping its own (it loses to the earliest such); otherwise it is accepted, `won` when
//! something lost to it, else `clear`. A lost registration holds no window.
//!
//! ```
//! use partnerscore::dealreg::{dealreg, Registrations, Status};
//!
//! let registrations = Registrations::from_csv(
//!     "id,partner_id,customer,product,registered_on\n\
//!      R1,P001,\"Acme Holdings, Inc.\",Firewall,2026-01-10\n\
//!      R2,P002,ACME holdings inc,,2026-03-01\n\
//!      R3,P002,Acme Holdings,Firewall,2026-04-10\n",
//! )?;
//! let report = dealreg(&registrations, 90)?;
//! // R1's window is [2026-01-10, 2026-04-10): R2 (any product) overlaps it and loses;
//! // R3 starts the day R1's window ends, so it is clear.
//! let statuses: Vec<Status> = report.registrations.iter().map(|r| r.status).collect();
//! assert_eq!(statuses, [Status::Won, Status::Lost, Status::Clear]);
//! assert_eq!(report.registrations[1].lost_to.as_deref(), Some("R1"));
//! assert_eq!(report.conflicts[0].customer_key.as_ref(), "acme holdings");
//! # Ok::<(), partnerscore::Error>(())
//! ```

mod customer;
mod judge;
mod report;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

pub use customer::{customer_key, product_key, LEGAL_SUFFIXES};
pub use report::{Conflict, DealRegReport, Judged, Status, StatusCounts};

use crate::data::{Date, Value};
use crate::decimal::parse_decimal;
use crate::error::{Error, Result};
use crate::records::{self, Row, Spot};
use crate::Decimal;

/// The window a registration holds when it has no `expires_on`, in days.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;

/// The fields of a registration record.
const FIELDS: [&str; 7] = ["id", "partner_id", "customer", "product", "amount", "registered_on", "expires_on"];
/// The columns a CSV must have.
const REQUIRED: [&str; 4] = ["id", "partner_id", "customer", "registered_on"];
/// How records are named in errors.
const WHAT: &str = "registrations";

/// One deal registration, as loaded (ids and names shared, not copied, by the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The registration's id, unique.
    pub id: Arc<str>,
    /// The registering partner.
    pub partner_id: Arc<str>,
    /// The customer, as written.
    pub customer: Arc<str>,
    /// The customer key names match on ([`customer_key`]).
    pub customer_key: Arc<str>,
    /// The product, as written; `None` when absent (compatible with every product).
    pub product: Option<Arc<str>>,
    /// The deal amount, when given (checked to be a decimal; not used by the judging).
    pub amount: Option<Decimal>,
    /// The day the registration was made: the start of its window.
    pub registered_on: Date,
    /// The end of the window (exclusive), when given; else `registered_on + window_days`.
    pub expires_on: Option<Date>,
}

/// Registrations loaded and checked: every record valid, ids unique.
#[derive(Debug, Clone, Default)]
pub struct Registrations {
    records: Vec<Registration>,
    spots: Vec<Spot>,
}

impl Registrations {
    /// Loads a JSON array of registration objects (`{id, partner_id, customer, product?, amount?,
    /// registered_on, expires_on?}`); `null` and `""` are absent, a numeric id is read as its text.
    pub fn from_json(text: &str) -> Result<Registrations> {
        let mut b = Builder::default();
        records::from_json(text, WHAT, &FIELDS, |row| b.add(row))?;
        Ok(b.finish())
    }

    /// As [`Registrations::from_json`], from an array already parsed.
    pub fn from_json_values(records: &[Json]) -> Result<Registrations> {
        let mut b = Builder::default();
        records::from_json_values(records, WHAT, &FIELDS, |row| b.add(row))?;
        Ok(b.finish())
    }

    /// Loads a CSV with a header row (`id`, `partner_id`, `customer`, `registered_on` required; `product`,
    /// `amount`, `expires_on` optional; other columns ignored); an empty cell is absent.
    pub fn from_csv(text: &str) -> Result<Registrations> {
        let mut b = Builder::default();
        records::from_csv(text, WHAT, &FIELDS, &REQUIRED, |row| b.add(row))?;
        Ok(b.finish())
    }

    /// Loads a document whose format is given by its file name (`.csv` or `.json`); anything else is read
    /// as JSON when it starts with `[`, else as CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<Registrations> {
        if records::is_json(text, file_name) {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// Builds registrations from columns a caller converted (the Python face's DataFrames): `(field,
    /// values)`, one value per registration; records are named `registrations[i]`.
    pub fn from_columns(columns: &[(String, Vec<Option<Value>>)]) -> Result<Registrations> {
        let mut b = Builder::default();
        records::from_columns(columns, WHAT, &FIELDS, |row| b.add(row))?;
        Ok(b.finish())
    }

    /// The registrations, in input order.
    pub fn records(&self) -> &[Registration] {
        &self.records
    }

    /// Number of registrations.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// `registrations[3] (registration R4)` / `registrations line 5 (registration R4)`.
    fn location(&self, index: usize) -> String {
        let who = self.records.get(index).map(|r| format!("registration {}", r.id));
        self.spots.get(index).map_or_else(|| WHAT.to_string(), |spot| spot.at(WHAT, who.as_deref()))
    }
}

/// Reads records one at a time: shares repeated texts, folds each distinct customer name once, and
/// checks ids are unique.
#[derive(Default)]
struct Builder {
    out: Registrations,
    /// id → index of the registration that has it.
    ids: HashMap<Arc<str>, usize>,
    /// Partner ids, customer names and products seen, shared.
    texts: HashMap<Box<str>, Arc<str>>,
    /// Customer name as written → its key.
    keys: HashMap<Arc<str>, Arc<str>>,
}

impl Builder {
    fn share(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(text.into(), shared.clone());
        shared
    }

    fn add(&mut self, row: &Row<'_>) -> Result<()> {
        let Some(id) = row.get("id") else {
            return Err(Error::input(row.at_field(None, "id"), "a registration needs an id"));
        };
        let who = format!("registration {id}");
        let who = Some(who.as_str());
        let text = |field: &str| {
            row.get(field)
                .ok_or_else(|| Error::input(row.at_field(who, field), format!("a registration needs a {field}")))
        };
        let date = |field: &str, text: &str| {
            Date::parse(text.trim())
                .ok_or_else(|| Error::input(row.at_field(who, field), format!("{text:?} is not a date (YYYY-MM-DD)")))
        };
        let partner_id = self.share(text("partner_id")?);
        let customer_text = text("customer")?;
        let registered_on = date("registered_on", text("registered_on")?)?;
        let expires_on = match row.get("expires_on") {
            Some(t) => {
                let expires_on = date("expires_on", t)?;
                if expires_on <= registered_on {
                    return Err(Error::input(
                        row.at_field(who, "expires_on"),
                        format!("expires_on {expires_on} is not after registered_on {registered_on}"),
                    ));
                }
                Some(expires_on)
            }
            None => None,
        };
        let amount = match row.get("amount") {
            Some(t) => Some(parse_decimal(t).map_err(|reason| Error::input(row.at_field(who, "amount"), reason))?),
            None => None,
        };
        let product = match row.get("product") {
            Some(p) if !p.trim().is_empty() => Some(self.share(p)),
            _ => None,
        };
        let customer = self.share(customer_text);
        let customer_key = match self.keys.get(&customer) {
            Some(key) => key.clone(),
            None => {
                let key = customer_key(&customer);
                if key.is_empty() {
                    return Err(Error::input(
                        row.at_field(who, "customer"),
                        format!("customer name {customer_text:?} normalizes to nothing (no letter or digit)"),
                    ));
                }
                let key = self.share(&key);
                self.keys.insert(customer.clone(), key.clone());
                key
            }
        };
        let index = self.out.records.len();
        let id: Arc<str> = Arc::from(id);
        if let Some(&first) = self.ids.get(&id) {
            return Err(Error::input(
                row.at(who),
                format!("registration id {id} is already used at {}", self.out.location(first)),
            ));
        }
        self.ids.insert(id.clone(), index);
        self.out.records.push(Registration {
            id,
            partner_id,
            customer,
            customer_key,
            product,
            amount,
            registered_on,
            expires_on,
        });
        self.out.spots.push(row.spot());
        Ok(())
    }

    fn finish(self) -> Registrations {
        self.out
    }
}

/// Judges every registration (DESIGN §5) with windows of `window_days` where `expires_on` is absent.
/// `window_days` < 1, or a window ending after the year 9999, is an input error.
pub fn dealreg(registrations: &Registrations, window_days: i64) -> Result<DealRegReport> {
    if window_days < 1 {
        return Err(Error::input("window_days", format!("must be a whole number of days ≥ 1, found {window_days}")));
    }
    let mut ends = Vec::with_capacity(registrations.len());
    for (i, r) in registrations.records.iter().enumerate() {
        let end = match r.expires_on {
            Some(end) => Some(end),
            None => i32::try_from(window_days)
                .ok()
                .and_then(|w| r.registered_on.days().checked_add(w))
                .and_then(Date::from_days),
        };
        let Some(end) = end else {
            return Err(Error::input(
                registrations.location(i),
                format!("registered_on {} + {window_days} days is past the year 9999", r.registered_on),
            ));
        };
        ends.push(end);
    }
    let judgement = judge::judge(&registrations.records, &ends);
    Ok(DealRegReport::new(registrations, window_days, &ends, judgement))
}
