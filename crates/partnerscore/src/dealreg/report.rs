//! The judged registrations and conflicts (DESIGN §5) and their JSON and CSV forms.

use std::io::{self, Write};
use std::sync::Arc;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::judge::Judgement;
use super::{Registration, Registrations};
use crate::data::Date;
use crate::report_out::{write_csv_rows, write_text_field};

/// A registration's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Accepted, and nothing lost to it.
    Clear,
    /// Accepted, and at least one registration of another partner lost to it.
    Won,
    /// An accepted registration of another partner held the customer (and a compatible product) first.
    Lost,
}

impl Status {
    /// As written in outputs: `clear`, `won`, `lost`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Clear => "clear",
            Status::Won => "won",
            Status::Lost => "lost",
        }
    }
}

/// One registration, judged: a view into the report (nothing is copied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged<'a> {
    /// The registration's id.
    pub id: &'a str,
    /// The registering partner.
    pub partner_id: &'a str,
    /// The customer, as written.
    pub customer: &'a str,
    /// The key the customer matched on.
    pub customer_key: &'a str,
    /// The product as written, `None` when absent.
    pub product: Option<&'a str>,
    /// The start of the window.
    pub registered_on: Date,
    /// The end of the window (exclusive): `expires_on`, else `registered_on + window_days`.
    pub expires_on: Date,
    /// The outcome.
    pub status: Status,
    /// The id of the registration this one lost to (`None` unless lost).
    pub lost_to: Option<&'a str>,
    /// The partner of that registration (`None` unless lost).
    pub lost_to_partner_id: Option<&'a str>,
}

/// A registration that won over others of other partners.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The customer key both registered.
    pub customer_key: Arc<str>,
    /// The winner's product as written (`None` when absent).
    pub product: Option<Arc<str>>,
    /// The winning registration's id.
    pub winner: Arc<str>,
    /// The winning partner.
    pub winner_partner_id: Arc<str>,
    /// The start of the winner's window.
    pub winner_registered_on: Date,
    /// The end of the winner's window (exclusive).
    pub winner_expires_on: Date,
    /// The ids of the registrations that lost to it, in judged order.
    pub losers: Vec<Arc<str>>,
}

impl Conflict {
    /// Whether the conflict is open at `date`: inside the winner's window.
    pub fn is_open(&self, date: Date) -> bool {
        self.winner_registered_on <= date && date < self.winner_expires_on
    }
}

/// Registrations by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Accepted without conflict.
    pub clear: usize,
    /// Accepted over others.
    pub won: usize,
    /// Lost.
    pub lost: usize,
}

/// Every registration judged (input order) and the conflicts (winner's judged order).
#[derive(Debug, Clone)]
pub struct DealRegReport {
    /// The window of registrations without `expires_on`, in days.
    pub window_days: i64,
    /// The registrations judged, shared with the [`Registrations`] they came from.
    input: Arc<Vec<Registration>>,
    /// One per registration, in input order.
    outcomes: Vec<Outcome>,
    /// One per winning registration, in judged order (registered_on, then id).
    pub conflicts: Vec<Conflict>,
}

/// What the judging decided for one registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    expires_on: Date,
    status: Status,
    /// The index of the registration it lost to; `u32::MAX` when not lost.
    lost_to: u32,
}

impl PartialEq for DealRegReport {
    fn eq(&self, other: &Self) -> bool {
        self.window_days == other.window_days
            && self.conflicts == other.conflicts
            && self.registrations().eq(other.registrations())
    }
}

impl DealRegReport {
    pub(super) fn new(input: &Registrations, window_days: i64, ends: &[Date], judgement: Judgement) -> Self {
        let records = input.records();
        let mut won = vec![false; records.len()];
        let conflicts = judgement
            .conflicts
            .into_iter()
            .map(|(winner, losers)| {
                won[winner] = true;
                let w = &records[winner];
                Conflict {
                    customer_key: w.customer_key.clone(),
                    product: w.product.clone(),
                    winner: w.id.clone(),
                    winner_partner_id: w.partner_id.clone(),
                    winner_registered_on: w.registered_on,
                    winner_expires_on: ends[winner],
                    losers: losers.into_iter().map(|l| records[l].id.clone()).collect(),
                }
            })
            .collect();
        let outcomes = judgement
            .lost_to
            .iter()
            .zip(ends)
            .zip(won)
            .map(|((lost_to, &expires_on), won)| Outcome {
                expires_on,
                status: match lost_to {
                    Some(_) => Status::Lost,
                    None if won => Status::Won,
                    None => Status::Clear,
                },
                lost_to: lost_to.map_or(u32::MAX, |w| w as u32),
            })
            .collect();
        DealRegReport { window_days, input: input.shared(), outcomes, conflicts }
    }

    /// Number of registrations judged.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether there were none.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// Registration `index` (input order), judged; `None` past the end.
    pub fn get(&self, index: usize) -> Option<Judged<'_>> {
        let (r, o) = (self.input.get(index)?, self.outcomes.get(index)?);
        let winner = self.input.get(o.lost_to as usize);
        Some(Judged {
            id: &r.id,
            partner_id: &r.partner_id,
            customer: &r.customer,
            customer_key: &r.customer_key,
            product: r.product.as_deref(),
            registered_on: r.registered_on,
            expires_on: o.expires_on,
            status: o.status,
            lost_to: winner.map(|w| &*w.id),
            lost_to_partner_id: winner.map(|w| &*w.partner_id),
        })
    }

    /// Every registration judged, in input order.
    pub fn registrations(&self) -> impl ExactSizeIterator<Item = Judged<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_else(|| unreachable!("index below len")))
    }

    /// Registrations by outcome.
    pub fn counts(&self) -> StatusCounts {
        let mut c = StatusCounts::default();
        for r in &self.outcomes {
            match r.status {
                Status::Clear => c.clear += 1,
                Status::Won => c.won += 1,
                Status::Lost => c.lost += 1,
            }
        }
        c
    }

    /// The conflicts open at `date` (inside the winner's window), in judged order.
    pub fn open_conflicts(&self, date: Date) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(move |c| c.is_open(date))
    }

    /// The JSON document of DESIGN §5 (the CLI's `--format json`, without its trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The CSV columns, one row per registration.
    pub fn csv_header() -> Vec<&'static str> {
        vec![
            "id",
            "partner_id",
            "customer",
            "customer_key",
            "product",
            "registered_on",
            "expires_on",
            "status",
            "lost_to",
            "lost_to_partner_id",
        ]
    }

    /// Writes the header and one CSV row per registration (input order); an absent value is empty.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        write_csv_rows(out, &Self::csv_header(), self.registrations(), |w, r| {
            for text in [r.id, r.partner_id, r.customer, r.customer_key] {
                write_text_field(w, text);
                w.push(b',');
            }
            write_text_field(w, r.product.unwrap_or_default());
            w.extend_from_slice(format!(",{},{},{},", r.registered_on, r.expires_on, r.status.as_str()).as_bytes());
            write_text_field(w, r.lost_to.unwrap_or_default());
            w.push(b',');
            write_text_field(w, r.lost_to_partner_id.unwrap_or_default());
        })
    }
}

impl Serialize for DealRegReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DealRegReport", 3)?;
        st.serialize_field("window_days", &self.window_days)?;
        st.serialize_field("registrations", &Rows(self))?;
        st.serialize_field("conflicts", &self.conflicts)?;
        st.end()
    }
}

/// The registrations of a report, serialized in input order.
struct Rows<'a>(&'a DealRegReport);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.registrations())
    }
}

impl Serialize for Judged<'_> {
    /// DESIGN §5's registration object: `{id, partner_id, customer_key, status, lost_to}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Registration", 5)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("partner_id", self.partner_id)?;
        st.serialize_field("customer_key", self.customer_key)?;
        st.serialize_field("status", self.status.as_str())?;
        st.serialize_field("lost_to", &self.lost_to)?;
        st.end()
    }
}

impl Serialize for Conflict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Conflict", 6)?;
        st.serialize_field("customer_key", &*self.customer_key)?;
        st.serialize_field("product", &self.product.as_deref())?;
        st.serialize_field("winner", &*self.winner)?;
        st.serialize_field("winner_partner_id", &*self.winner_partner_id)?;
        st.serialize_field("winner_expires_on", &self.winner_expires_on)?;
        let losers: Vec<&str> = self.losers.iter().map(|l| &**l).collect();
        st.serialize_field("losers", &losers)?;
        st.end()
    }
}
