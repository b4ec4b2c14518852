//! Human-readable tables for the terminal.

use std::io::{self, Write};

use partnerscore::dealreg::DealRegReport;
use partnerscore::decimal::{cmp_key, format_measure, format_money};
use partnerscore::health::{Direction, HealthReport, PartnerHealth};
use partnerscore::profile::Actual;
use partnerscore::tracking::{MilestoneState, TrackReport};
use partnerscore::{Decimal, Partners, PlanReport, ProfileReport, ScoreReport, Verdict};

/// Prints rows as an aligned table; the first row is the header. Columns listed in `right` are
/// right-aligned (numbers).
pub(crate) fn print_table(out: &mut dyn Write, rows: &[Vec<String>], right: &[usize]) -> io::Result<()> {
    let cols = rows.first().map_or(0, Vec::len);
    let mut width = vec![0usize; cols];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            width[c] = width[c].max(cell.chars().count());
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = width[c] - cell.chars().count();
            if c > 0 {
                line.push_str("  ");
            }
            if right.contains(&c) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if c + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(out, "{}", line.trim_end())?;
        if r == 0 {
            let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
            writeln!(out, "{}", rule.join("  "))?;
        }
    }
    Ok(())
}

/// The score table: partners by rank (ties in input order).
pub(crate) fn score_table(report: &ScoreReport, out: &mut dyn Write) -> io::Result<()> {
    let mut order: Vec<usize> = (0..report.len()).collect();
    order.sort_by_key(|&i| (report.partner(i).rank(), i));
    let mut rows =
        vec![["rank", "id", "name", "category", "score", "of", "tier", "next tier", "points to next", "also needs"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
    for i in order {
        let p = report.partner(i);
        let next = p.next_tier();
        let to_next = next.as_ref().map_or(String::new(), |t| format_measure(t.points_needed));
        let also = next
            .as_ref()
            .map_or(String::new(), |t| t.unmet_requires.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "));
        rows.push(vec![
            p.rank().to_string(),
            p.id().to_string(),
            p.name().unwrap_or("").to_string(),
            p.category().unwrap_or("").to_string(),
            format_measure(p.score()),
            format_measure(p.max_score()),
            p.tier().unwrap_or("-").to_string(),
            next.as_ref().map_or("(top)".to_string(), |t| t.name.to_string()),
            to_next,
            also,
        ]);
    }
    print_table(out, &rows, &[0, 4, 5, 8])
}

/// Partners closest to their next tier, each with its largest opportunities.
pub(crate) fn top_opportunities(report: &ScoreReport, out: &mut dyn Write, limit: usize) -> io::Result<()> {
    let mut close: Vec<usize> = (0..report.len()).filter(|&i| report.partner(i).next_tier().is_some()).collect();
    close.sort_by_key(|&i| (report.partner(i).next_tier().map(|t| t.points_needed), i));
    writeln!(out, "Top opportunities (the partners closest to their next tier):")?;
    for i in close.into_iter().take(limit) {
        let p = report.partner(i);
        let Some(next) = p.next_tier() else { continue };
        writeln!(
            out,
            "  {} {} — {} needs {} more points{}",
            p.id(),
            p.name().unwrap_or(""),
            next.name,
            format_measure(next.points_needed),
            if next.unmet_requires.is_empty() {
                String::new()
            } else {
                format!(" and {}", next.unmet_requires.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "))
            }
        )?;
        for o in p.opportunities().iter().take(3) {
            writeln!(out, "      +{} on {} ({})", format_measure(o.available), o.name, o.section)?;
        }
    }
    Ok(())
}

/// Partners by fit (highest first; ties in input order) with their first gaps in readiness order.
fn by_fit(report: &ProfileReport) -> Vec<usize> {
    let mut order: Vec<(std::cmp::Reverse<Decimal>, usize)> =
        report.partners().map(|p| (std::cmp::Reverse(cmp_key(p.fit())), p.index())).collect();
    order.sort();
    order.into_iter().map(|(_, i)| i).collect()
}

/// The verdict counts as one line: `12 ideal, 15 develop, 13 poor_fit (40 partners)`.
fn verdict_line(report: &ProfileReport) -> String {
    let counts: Vec<String> = report.verdict_counts().iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("Verdicts: {} ({} partners)", counts.join(", "), report.len())
}

/// A gap as short text: `revenue ≥ 250000 (has 212000.5)`, `region one of EMEA, NA (missing)`.
fn gap_text(g: &partnerscore::profile::Gap<'_>) -> String {
    let has = match &g.actual {
        None => "missing".to_string(),
        Some(Actual::Number(d)) => format!("has {}", format_measure(*d)),
        Some(Actual::Bool(b)) => format!("has {b}"),
        Some(Actual::Text(t)) => format!("has {t}"),
        Some(Actual::List(items)) if items.is_empty() => "has none".to_string(),
        Some(Actual::List(items)) => format!("has {}", items.join(", ")),
    };
    format!("{} {} ({has})", g.name, g.expected)
}

/// The gap table: verdict counts, then every partner by fit with its top gaps (readiness order).
pub(crate) fn gap_table(report: &ProfileReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}\n", verdict_line(report))?;
    let mut rows = vec![["id", "name", "category", "fit", "verdict", "gaps", "top gaps (readiness order)"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    for i in by_fit(report) {
        let p = report.partner(i);
        let gaps: Vec<_> = p.readiness().into_iter().flat_map(|a| a.gaps).collect();
        let mut top: Vec<String> = gaps.iter().take(3).map(|g| g.name.to_string()).collect();
        if gaps.len() > 3 {
            top.push(format!("+{} more", gaps.len() - 3));
        }
        rows.push(vec![
            p.id().to_string(),
            p.name().unwrap_or("").to_string(),
            p.category().unwrap_or("").to_string(),
            format_measure(p.fit()),
            p.verdict().to_string(),
            gaps.len().to_string(),
            top.join(", "),
        ]);
    }
    print_table(out, &rows, &[3, 5])
}

/// The short profile view of `demo`: verdict counts and the `develop` partners closest to ideal, each
/// with what to fix first.
pub(crate) fn gap_summary(report: &ProfileReport, out: &mut dyn Write, limit: usize) -> io::Result<()> {
    writeln!(out, "  {}", verdict_line(report))?;
    writeln!(out, "  Closest to ideal among those to develop (fix first, management readiness first):")?;
    let develop = by_fit(report).into_iter().filter(|&i| report.partner(i).verdict() == Verdict::Develop);
    for i in develop.take(limit) {
        let p = report.partner(i);
        let gaps: Vec<_> = p.readiness().into_iter().flat_map(|a| a.gaps).collect();
        let first: Vec<String> = gaps.iter().take(2).map(gap_text).collect();
        writeln!(
            out,
            "    {} {} — fit {}: {}",
            p.id(),
            p.name().unwrap_or(""),
            format_measure(p.fit()),
            first.join("; ")
        )?;
    }
    Ok(())
}

/// The plan's headline: target, baseline, uplift, expected, gap, coverage, recruits, hours.
pub(crate) fn plan_headline(report: &PlanReport, out: &mut dyn Write) -> io::Result<()> {
    let recruits = match report.recruits_needed {
        Some(n) => n.to_string(),
        None => "not reachable by recruiting this period".to_string(),
    };
    let rows = [
        ("target", format_money(report.target)),
        ("baseline", format_money(report.baseline_total)),
        ("uplift", format_money(report.uplift_total)),
        ("expected", format_money(report.expected_total)),
        ("gap", format_money(report.gap)),
        ("coverage", format_measure(report.coverage)),
        ("recruits needed", recruits),
        (
            "hours used",
            format!(
                "{} ({} allocation; no allocation's uplift exceeds {})",
                report.hours_used,
                report.method.as_str(),
                format_money(report.upper_bound)
            ),
        ),
    ];
    for (label, value) in rows {
        writeln!(out, "  {label:<16} {value}")?;
    }
    if report.history_rows_ignored > 0 {
        writeln!(out, "  ({} history rows of partners outside the plan left out)", report.history_rows_ignored)?;
    }
    Ok(())
}

/// Hours and uplift by strategy (config order).
pub(crate) fn plan_strategies(report: &PlanReport, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = vec![["strategy", "partners", "hours", "uplift"].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for s in &report.by_strategy {
        rows.push(vec![s.name.clone(), s.partners.to_string(), s.hours.to_string(), format_money(s.uplift)]);
    }
    print_table(out, &rows, &[1, 2, 3])
}

/// Partners by uplift (highest first; ties in input order).
fn by_uplift(report: &PlanReport) -> Vec<usize> {
    let mut order: Vec<(std::cmp::Reverse<Decimal>, usize)> =
        report.partners.iter().enumerate().map(|(i, p)| (std::cmp::Reverse(cmp_key(p.uplift)), i)).collect();
    order.sort();
    order.into_iter().map(|(_, i)| i).collect()
}

/// The plan table: the headline, hours by strategy, then every partner by uplift with its strategy.
pub(crate) fn plan_table(report: &PlanReport, partners: &Partners, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Plan ({} partners):", report.partners.len())?;
    plan_headline(report, out)?;
    writeln!(out, "\nHours by strategy:")?;
    plan_strategies(report, out)?;
    writeln!(out, "\nPartners by uplift:")?;
    let mut rows = vec![[
        "id",
        "name",
        "strategy",
        "hours",
        "baseline",
        "potential",
        "uplift",
        "expected",
        "deals",
        "pipeline",
        "reps",
        "reps short",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    for i in by_uplift(report) {
        let p = &report.partners[i];
        rows.push(vec![
            p.id.clone(),
            partners.text(i, "name").unwrap_or_default(),
            p.strategy.clone(),
            p.hours.to_string(),
            format_money(p.baseline),
            format_money(p.potential),
            format_money(p.uplift),
            format_money(p.expected),
            p.deals_needed.to_string(),
            p.pipeline_needed.map_or("-".to_string(), format_money),
            p.reps_needed.to_string(),
            p.reps_short.map_or("-".to_string(), |n| n.to_string()),
        ]);
    }
    print_table(out, &rows, &[3, 4, 5, 6, 7, 8, 9, 10, 11])
}

/// The partners given manager hours beyond the cheapest strategy's, by uplift (for `demo`).
pub(crate) fn plan_investments(
    report: &PlanReport,
    partners: &Partners,
    out: &mut dyn Write,
    limit: usize,
) -> io::Result<()> {
    let least = report.partners.iter().map(|p| p.hours).min().unwrap_or(0);
    writeln!(out, "  Where the hours go (largest uplift first):")?;
    for i in by_uplift(report).into_iter().filter(|&i| report.partners[i].hours > least).take(limit) {
        let p = &report.partners[i];
        writeln!(
            out,
            "    {} {} — {} ({} h): +{} on a baseline of {}",
            p.id,
            partners.text(i, "name").unwrap_or_default(),
            p.strategy,
            p.hours,
            format_money(p.uplift),
            format_money(p.baseline)
        )?;
    }
    Ok(())
}

/// The health headline: as_of, partners, time to revenue.
pub(crate) fn health_headline(report: &HealthReport, out: &mut dyn Write) -> io::Result<()> {
    let t = &report.time_to_revenue;
    let opt = |d: Option<Decimal>| d.map_or("-".to_string(), format_measure);
    let median = t.median_days.map_or("not reached yet (over half still waiting)".to_string(), |d| format!("{d} days"));
    let non_productive = report.counts().non_productive;
    writeln!(out, "  as of                        {}", report.as_of)?;
    writeln!(out, "  partners                     {}", report.partners.len())?;
    writeln!(out, "  time to revenue (KM median)  {median}")?;
    writeln!(out, "  producing within 90 days     {}", opt(t.within_90))?;
    writeln!(out, "  producing within 180 days    {}", opt(t.within_180))?;
    writeln!(out, "  producers / waiting          {} / {} ({} censored)", t.producers, t.waiting, t.censored)?;
    writeln!(out, "  non-productive partners      {non_productive}")?;
    if report.history_rows_ignored > 0 {
        writeln!(out, "  ({} history rows of partners outside the file left out)", report.history_rows_ignored)?;
    }
    Ok(())
}

/// Contribution rate by period.
pub(crate) fn health_periods(report: &HealthReport, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = vec![["period", "active", "contributing", "rate"].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for p in &report.contribution_rate {
        rows.push(vec![
            p.period.clone(),
            p.active.to_string(),
            p.contributing.to_string(),
            p.rate.map_or("-".to_string(), format_measure),
        ]);
    }
    print_table(out, &rows, &[1, 2, 3])
}

/// Partners whose trajectory improves or declines, and the non-productive ones with what to do.
pub(crate) fn health_partners(report: &HealthReport, out: &mut dyn Write, limit: usize) -> io::Result<()> {
    for direction in [Direction::Improving, Direction::Declining] {
        let mut moving: Vec<&PartnerHealth> =
            report.partners.iter().filter(|p| p.trajectory.direction == direction).collect();
        moving.sort_by_key(|p| std::cmp::Reverse(p.trajectory.relative_change.map(|c| cmp_key(c).abs())));
        writeln!(out, "  {} ({}):", direction.as_str(), moving.len())?;
        for p in moving.iter().take(limit) {
            let change = p
                .trajectory
                .relative_change
                .and_then(|c| c.checked_mul(Decimal::ONE_HUNDRED))
                .map_or("-".to_string(), format_measure);
            writeln!(
                out,
                "    {} {} — slope {} per period, {}% since its first period",
                p.id,
                p.name.as_deref().unwrap_or(""),
                p.trajectory.slope.map_or("-".to_string(), format_measure),
                change
            )?;
        }
    }
    let idle: Vec<&PartnerHealth> = report.partners.iter().filter(|p| p.non_productive).collect();
    writeln!(out, "  non-productive ({}):", idle.len())?;
    for p in idle {
        writeln!(
            out,
            "    {} {} — {} deals in 12 months: {}{}",
            p.id,
            p.name.as_deref().unwrap_or(""),
            format_measure(p.deals_last_12_months),
            p.recommendation.map_or("", |r| r.as_str()),
            p.verdict.map_or(String::new(), |v| format!(" (profile: {v})"))
        )?;
    }
    Ok(())
}

/// The health review: headline, contribution rate by period, improving/declining and non-productive partners.
pub(crate) fn health_table(report: &HealthReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Channel health review:")?;
    health_headline(report, out)?;
    writeln!(out, "\nContribution rate by period:")?;
    health_periods(report, out)?;
    writeln!(out, "\nPartners:")?;
    health_partners(report, out, usize::MAX)
}

/// The deal-registration conflicts: each winner, then the registrations that lost to it.
pub(crate) fn dealreg_conflicts(report: &DealRegReport, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = vec![["customer", "product", "winner", "partner", "window ends", "lost", "by partner"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    let partner_of: std::collections::HashMap<&str, &str> =
        report.registrations().map(|r| (r.id, r.partner_id)).collect();
    for c in &report.conflicts {
        for (k, loser) in c.losers.iter().enumerate() {
            let first = k == 0;
            let cell = |s: &str| if first { s.to_string() } else { String::new() };
            rows.push(vec![
                cell(&c.customer_key),
                cell(c.product.as_deref().unwrap_or("(any)")),
                cell(&c.winner),
                cell(&c.winner_partner_id),
                cell(&c.winner_expires_on.to_string()),
                loser.to_string(),
                partner_of.get(&**loser).copied().unwrap_or_default().to_string(),
            ]);
        }
    }
    print_table(out, &rows, &[])
}

/// Registrations by status.
pub(crate) fn dealreg_counts(report: &DealRegReport, out: &mut dyn Write) -> io::Result<()> {
    let c = report.counts();
    writeln!(
        out,
        "  {} registrations (window {} days): {} clear, {} won, {} lost",
        report.len(),
        report.window_days,
        c.clear,
        c.won,
        c.lost
    )
}

/// The deal-registration review: conflicts, then counts by status.
pub(crate) fn dealreg_table(report: &DealRegReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Deal registration conflicts ({}):", report.conflicts.len())?;
    if report.conflicts.is_empty() {
        writeln!(out, "  none")?;
    } else {
        dealreg_conflicts(report, out)?;
    }
    writeln!(out, "\nRegistrations by status:")?;
    dealreg_counts(report, out)
}

/// Execution-plan tracking: per partner, its commitments by status and its impediments (worst first),
/// then the milestones that are overdue or done out of order.
pub(crate) fn track_table(report: &TrackReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Execution-plan tracking as of {}:", report.as_of)?;
    let c = report.counts();
    writeln!(
        out,
        "  {} commitments: {} done, {} on track, {} at risk, {} behind, {} overdue; {} milestones: {} done, {} overdue, {} out of order\n",
        report.commitments.len(),
        c.done,
        c.on_track,
        c.at_risk,
        c.behind,
        c.overdue,
        report.milestones.len(),
        c.milestones_done,
        c.milestones_overdue,
        c.out_of_order
    )?;
    let mut rows = vec![["partner", "done", "on track", "at risk", "behind", "overdue", "worst impediment"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    for p in &report.partners {
        rows.push(vec![
            p.id.clone(),
            p.done.to_string(),
            p.on_track.to_string(),
            p.at_risk.to_string(),
            p.behind.to_string(),
            p.overdue.to_string(),
            p.impediments.first().map_or("-".to_string(), |i| format!("{} ({})", i.text, i.status.as_str())),
        ]);
    }
    print_table(out, &rows, &[1, 2, 3, 4, 5])?;
    let blocked: Vec<_> = report.partners.iter().filter(|p| p.impediments.len() > 1).collect();
    if !blocked.is_empty() {
        writeln!(out, "\nEvery impediment, worst first:")?;
        for p in blocked {
            writeln!(out, "  {}:", p.id)?;
            for i in &p.impediments {
                writeln!(out, "    {} — {}", i.status.as_str(), i.text)?;
            }
        }
    }
    let flagged: Vec<_> =
        report.milestones.iter().filter(|m| m.status == MilestoneState::Overdue || m.out_of_order).collect();
    writeln!(out, "\nMilestones overdue or done before management readiness ({}):", flagged.len())?;
    for m in flagged {
        let mut notes = Vec::new();
        if m.status == MilestoneState::Overdue {
            notes.push(format!("overdue since {}", m.due));
        }
        if m.out_of_order {
            notes.push(format!(
                "done {} before management readiness",
                m.done_on.map_or(String::new(), |d| d.to_string())
            ));
        }
        writeln!(out, "  {} {} \"{}\": {}", m.partner_id, m.area.as_str(), m.name, notes.join("; "))?;
    }
    Ok(())
}
