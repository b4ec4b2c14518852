//! Human-readable tables for the terminal.

use std::io::{self, Write};

use partnerscore::decimal::format_measure;
use partnerscore::ScoreReport;

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
