//! What each page shows, gathered from the results into plain rows of text for the templates.
//!
//! Figures are formatted here with the core's formatters (measures 4 places without trailing zeros,
//! money 2 places), the same the JSON serializers use. Nothing is computed but lookups, counts of
//! results and the order of tables.

use std::collections::HashMap;

use minijinja::Environment;
use partnerscore::decimal::{format_measure, format_money};
use partnerscore::health::{HealthReport, PartnerHealth};
use partnerscore::plan::PartnerPlan;
use partnerscore::profile::Actual;
use partnerscore::scorecard::MetricValue;
use partnerscore::tracking::{CommitmentStatus, MilestoneStatus, PartnerTrack};
use partnerscore::{Decimal, PartnerScore, Scorecard};
use serde::Serialize;

use crate::charts::{self, BenchmarkRow};
use crate::file_names::page_file_names;
use crate::{Pack, PartnerPage, Review, ReviewError};

const STYLE: &str = include_str!("../templates/style.css");

fn environment() -> Result<Environment<'static>, ReviewError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, text) in [
        ("layout.html", include_str!("../templates/layout.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("partner.html", include_str!("../templates/partner.html")),
    ] {
        env.add_template(name, text).map_err(render_err)?;
    }
    Ok(env)
}

fn render_err(e: impl std::fmt::Display) -> ReviewError {
    ReviewError::Render(e.to_string())
}

fn measure(d: Decimal) -> String {
    format_measure(d)
}

fn opt_measure(d: Option<Decimal>) -> String {
    d.map(format_measure).unwrap_or_else(|| "—".into())
}

fn opt_money(d: Option<Decimal>) -> String {
    d.map(format_money).unwrap_or_else(|| "—".into())
}

/// A chart, or the render error saying why it could not be drawn.
fn chart(r: Result<String, charts::ChartError>) -> Result<String, ReviewError> {
    r.map_err(render_err)
}

#[derive(Serialize)]
struct Count {
    label: String,
    count: usize,
}

#[derive(Serialize)]
struct PeriodRow {
    period: String,
    active: usize,
    contributing: usize,
    rate: String,
}

#[derive(Serialize)]
struct CurveRow {
    days: i64,
    survival: String,
}

#[derive(Serialize)]
struct HealthView {
    contribution_chart: String,
    periods: Vec<PeriodRow>,
    survival_chart: String,
    curve: Vec<CurveRow>,
    median_days: String,
    within_90: String,
    within_180: String,
    producers: usize,
    waiting: usize,
    censored: usize,
    non_productive: Vec<NonProductiveRow>,
}

#[derive(Serialize)]
struct NonProductiveRow {
    id: String,
    name: String,
    link: String,
    deals_last_12_months: String,
    recommendation: String,
    verdict: String,
}

#[derive(Serialize)]
struct StrategyRow {
    name: String,
    partners: usize,
    hours: u64,
    uplift: String,
}

#[derive(Serialize)]
struct PlanView {
    target: String,
    baseline_total: String,
    uplift_total: String,
    expected_total: String,
    gap: String,
    coverage: String,
    hours_used: u64,
    method: String,
    recruits_needed: String,
    hours_chart: String,
    strategies: Vec<StrategyRow>,
}

#[derive(Serialize)]
struct ConflictRow {
    customer_key: String,
    product: String,
    winner: String,
    winner_partner_id: String,
    winner_link: String,
    registered_on: String,
    expires_on: String,
    losers: String,
}

#[derive(Serialize)]
struct DealRegView {
    window_days: i64,
    clear: usize,
    won: usize,
    lost: usize,
    conflicts_total: usize,
    open: Vec<ConflictRow>,
}

#[derive(Serialize)]
struct PartnerRow {
    rank: u32,
    id: String,
    name: String,
    link: String,
    category: String,
    score: String,
    tier: String,
    fit: String,
    verdict: String,
}

#[derive(Serialize)]
struct ChannelView {
    title: String,
    as_of: String,
    next_review: String,
    partner_count: usize,
    tiers: Vec<Count>,
    verdicts: Option<Vec<Count>>,
    health: Option<HealthView>,
    plan: Option<PlanView>,
    plan_note: String,
    dealreg: Option<DealRegView>,
    partners: Vec<PartnerRow>,
    has_profile: bool,
}

#[derive(Serialize)]
struct SectionRow {
    name: String,
    points: String,
    max_points: String,
}

#[derive(Serialize)]
struct MetricRow {
    name: String,
    section: String,
    value: String,
    points: String,
    max_points: String,
    mean: String,
    top_quartile_mean: String,
}

#[derive(Serialize)]
struct OpportunityRow {
    name: String,
    section: String,
    available: String,
}

#[derive(Serialize)]
struct ScoreView {
    score: String,
    max_score: String,
    score_pct: String,
    tier: String,
    rank: u32,
    rank_in_cohort: u32,
    percentile: String,
    cohort: String,
    sections: Vec<SectionRow>,
    metrics: Vec<MetricRow>,
    benchmark_chart: String,
    has_tiers: bool,
    next_tier: Option<String>,
    points_needed: String,
    unmet_requires: Vec<String>,
    opportunities: Vec<OpportunityRow>,
}

#[derive(Serialize)]
struct GapRow {
    name: String,
    expected: String,
    actual: String,
    fit: String,
    shortfall: String,
}

#[derive(Serialize)]
struct AreaView {
    area: String,
    gaps: Vec<GapRow>,
}

#[derive(Serialize)]
struct ProfileView {
    name: String,
    fit: String,
    verdict: String,
    areas: Vec<AreaView>,
}

#[derive(Serialize)]
struct Metric {
    /// The derived field, as the JSON names it.
    field: &'static str,
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct TrajectoryView {
    field: String,
    chart: String,
    points: Vec<(String, String)>,
    slope: String,
    mean: String,
    relative_change: String,
    direction: String,
}

#[derive(Serialize)]
struct MarketingView {
    metrics: Vec<Metric>,
    deals_last_12_months: String,
    non_productive: bool,
    recommendation: String,
    trajectory: TrajectoryView,
}

#[derive(Serialize)]
struct PartnerPlanView {
    strategy: String,
    hours: u64,
    baseline: String,
    potential: String,
    headroom: String,
    uplift: String,
    expected: String,
    deals_needed: u64,
    pipeline_needed: String,
    reps_needed: u64,
    reps_short: String,
}

#[derive(Serialize)]
struct CommitmentRow {
    kind: &'static str,
    field: String,
    start: String,
    due: String,
    target: String,
    expected_to_date: String,
    actual: String,
    status: &'static str,
    shortfall: String,
}

#[derive(Serialize)]
struct MilestoneRow {
    area: &'static str,
    name: String,
    due: String,
    done_on: String,
    status: &'static str,
    out_of_order: bool,
}

#[derive(Serialize)]
struct TrackView {
    commitments: Vec<CommitmentRow>,
    milestones: Vec<MilestoneRow>,
    counts: Vec<Count>,
    impediments: Vec<String>,
}

#[derive(Serialize)]
struct PartnerView {
    title: String,
    id: String,
    name: String,
    category: String,
    as_of: String,
    next_review: String,
    score: ScoreView,
    profile: Option<ProfileView>,
    profile_note: &'static str,
    marketing: Option<MarketingView>,
    plan: Option<PartnerPlanView>,
    plan_note: String,
    tracking: Option<TrackView>,
    tracking_note: &'static str,
    agenda: Vec<String>,
}

/// Renders every page of the review.
pub(crate) fn render(review: &Review<'_>) -> Result<Pack, ReviewError> {
    let env = environment()?;
    let score = &review.score;
    let ids: Vec<&str> = score.partners().map(|p| p.id()).collect();
    let files = page_file_names(ids.iter().copied());
    let link_of: HashMap<&str, &str> = ids.iter().copied().zip(files.iter().map(String::as_str)).collect();

    let channel = build_channel(review, &files, &link_of)?;
    let index = env
        .get_template("index.html")
        .and_then(|t| t.render(minijinja::context! { style => STYLE, page => channel }))
        .map_err(render_err)?;

    let lookups = Lookups::new(review);
    let template = env.get_template("partner.html").map_err(render_err)?;
    let mut pages = Vec::with_capacity(ids.len());
    for (i, file_name) in files.into_iter().enumerate() {
        let view = partner_view(review, &lookups, i)?;
        let html = template.render(view).map_err(render_err)?;
        pages.push(PartnerPage { id: ids[i].to_string(), file_name, html });
    }
    Ok(Pack { index, pages })
}

fn tier_name(p: &PartnerScore<'_>) -> String {
    p.tier().map(str::to_string).unwrap_or_else(|| "no tier".into())
}

fn build_channel(
    review: &Review<'_>,
    files: &[String],
    link_of: &HashMap<&str, &str>,
) -> Result<ChannelView, ReviewError> {
    let score = &review.score;
    let card = score.scorecard();
    // Tier counts, best tier first, then the partners without one.
    let mut tier_counts: Vec<usize> = vec![0; card.tiers().len()];
    let mut untiered = 0usize;
    let tier_index: HashMap<&str, usize> = card.tiers().iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    for p in score.partners() {
        match p.tier().and_then(|t| tier_index.get(t)) {
            Some(&i) => tier_counts[i] += 1,
            None => untiered += 1,
        }
    }
    let mut tiers: Vec<Count> =
        card.tiers().iter().zip(tier_counts).map(|(t, count)| Count { label: t.name.clone(), count }).collect();
    tiers.push(Count { label: "no tier".into(), count: untiered });

    let verdicts = review.profile.as_ref().map(|r| {
        r.verdict_counts().iter().map(|(v, count)| Count { label: v.as_str().to_string(), count: *count }).collect()
    });

    let link = |id: &str| link_of.get(id).map(|f| format!("partners/{f}")).unwrap_or_default();
    let name_of = |i: usize| review.score.partner(i).name().unwrap_or("").to_string();
    let health = review.health.as_ref().map(|h| health_view(h, &link, &name_of)).transpose()?;
    let plan = review.plan.as_ref().map(|p| -> Result<PlanView, ReviewError> {
        let labels: Vec<String> = p.by_strategy.iter().map(|s| s.name.clone()).collect();
        let hours: Vec<f64> = p.by_strategy.iter().map(|s| s.hours as f64).collect();
        Ok(PlanView {
            target: format_money(p.target),
            baseline_total: format_money(p.baseline_total),
            uplift_total: format_money(p.uplift_total),
            expected_total: format_money(p.expected_total),
            gap: format_money(p.gap),
            coverage: measure(p.coverage),
            hours_used: p.hours_used,
            method: p.method.as_str().to_string(),
            recruits_needed: p.recruits_needed.map_or_else(|| "—".into(), |r| r.to_string()),
            hours_chart: chart(charts::bars(&labels, &hours, "hours"))?,
            strategies: p
                .by_strategy
                .iter()
                .map(|s| StrategyRow {
                    name: s.name.clone(),
                    partners: s.partners,
                    hours: s.hours,
                    uplift: format_money(s.uplift),
                })
                .collect(),
        })
    });
    let plan = plan.transpose()?;

    let dealreg = review.dealreg.as_ref().map(|d| {
        let counts = d.counts();
        DealRegView {
            window_days: d.window_days,
            clear: counts.clear,
            won: counts.won,
            lost: counts.lost,
            conflicts_total: d.conflicts.len(),
            open: d
                .open_conflicts(review.as_of)
                .map(|c| ConflictRow {
                    customer_key: c.customer_key.to_string(),
                    product: c.product.as_deref().unwrap_or("any").to_string(),
                    winner: c.winner.to_string(),
                    winner_partner_id: c.winner_partner_id.to_string(),
                    winner_link: link(&c.winner_partner_id),
                    registered_on: c.winner_registered_on.to_string(),
                    expires_on: c.winner_expires_on.to_string(),
                    losers: c.losers.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "),
                })
                .collect(),
        }
    });

    // Partners by score: rank, then input order.
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by_key(|&i| (score.partner(i).rank(), i));
    let partners = order
        .into_iter()
        .map(|i| {
            let p = score.partner(i);
            let fit = review.profile.as_ref().map(|r| r.partner(i));
            PartnerRow {
                rank: p.rank(),
                id: p.id().to_string(),
                name: p.name().unwrap_or("").to_string(),
                link: format!("partners/{}", files[i]),
                category: p.category().unwrap_or("").to_string(),
                score: measure(p.score()),
                tier: tier_name(&p),
                fit: fit.as_ref().map(|f| measure(f.fit())).unwrap_or_default(),
                verdict: fit.as_ref().map(|f| f.verdict().as_str().to_string()).unwrap_or_default(),
            }
        })
        .collect();

    Ok(ChannelView {
        title: card.name().to_string(),
        as_of: review.as_of.to_string(),
        next_review: review.next_review.to_string(),
        partner_count: score.len(),
        tiers,
        verdicts,
        health,
        plan,
        plan_note: plan_note(review),
        dealreg,
        partners,
        has_profile: review.profile.is_some(),
    })
}

fn plan_note(review: &Review<'_>) -> String {
    if review.plan_without_history {
        "No plan: the plan needs a history for its baselines.".into()
    } else {
        "No plan given (a plan and a history).".into()
    }
}

fn health_view(
    h: &HealthReport,
    link: &dyn Fn(&str) -> String,
    name_of: &dyn Fn(usize) -> String,
) -> Result<HealthView, ReviewError> {
    let labels: Vec<String> = h.contribution_rate.iter().map(|p| p.period.clone()).collect();
    let rates: Vec<Option<Decimal>> = h.contribution_rate.iter().map(|p| p.rate).collect();
    let t = &h.time_to_revenue;
    Ok(HealthView {
        contribution_chart: chart(charts::period_line(&labels, &rates, "contributing", None, true))?,
        periods: h
            .contribution_rate
            .iter()
            .map(|p| PeriodRow {
                period: p.period.clone(),
                active: p.active,
                contributing: p.contributing,
                rate: opt_measure(p.rate),
            })
            .collect(),
        survival_chart: chart(charts::survival_steps(&t.curve, t.median_days))?,
        curve: t.curve.iter().map(|(days, s)| CurveRow { days: *days, survival: measure(*s) }).collect(),
        median_days: t.median_days.map_or_else(|| "not reached".into(), |d| d.to_string()),
        within_90: opt_measure(t.within_90),
        within_180: opt_measure(t.within_180),
        producers: t.producers,
        waiting: t.waiting,
        censored: t.censored,
        non_productive: h
            .partners
            .iter()
            .enumerate()
            .filter(|(_, p)| p.non_productive)
            .map(|(i, p)| NonProductiveRow {
                id: p.id.clone(),
                name: name_of(i),
                link: link(&p.id),
                deals_last_12_months: measure(p.deals_last_12_months),
                recommendation: p.recommendation.map(|r| r.as_str().replace('_', " ")).unwrap_or_default(),
                verdict: p.verdict.map(|v| v.as_str().to_string()).unwrap_or_default(),
            })
            .collect(),
    })
}

/// Per-partner lookups into the results that are not in partner order.
struct Lookups<'r> {
    plan: HashMap<&'r str, &'r PartnerPlan>,
    commitments: HashMap<&'r str, Vec<&'r CommitmentStatus>>,
    milestones: HashMap<&'r str, Vec<&'r MilestoneStatus>>,
    tracks: HashMap<&'r str, &'r PartnerTrack>,
}

impl<'r> Lookups<'r> {
    fn new(review: &'r Review<'_>) -> Self {
        let plan = review.plan.iter().flat_map(|p| &p.partners).map(|p| (p.id.as_str(), p)).collect();
        let mut commitments: HashMap<&str, Vec<&CommitmentStatus>> = HashMap::new();
        let mut milestones: HashMap<&str, Vec<&MilestoneStatus>> = HashMap::new();
        let mut tracks = HashMap::new();
        if let Some(t) = &review.tracking {
            for c in &t.commitments {
                commitments.entry(c.partner_id.as_str()).or_default().push(c);
            }
            for m in &t.milestones {
                milestones.entry(m.partner_id.as_str()).or_default().push(m);
            }
            tracks = t.partners.iter().map(|p| (p.id.as_str(), p)).collect();
        }
        Lookups { plan, commitments, milestones, tracks }
    }
}

fn metric_value(v: Option<MetricValue>) -> String {
    match v {
        Some(MetricValue::Number(d)) => measure(d),
        Some(MetricValue::Bool(b)) => if b { "yes" } else { "no" }.into(),
        None => "missing".into(),
    }
}

fn actual_text(a: &Option<Actual<'_>>) -> String {
    match a {
        None => "missing".into(),
        Some(Actual::Number(d)) => measure(*d),
        Some(Actual::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(Actual::Text(t)) => t.to_string(),
        Some(Actual::List(items)) => items.join(", "),
    }
}

fn score_view(card: &Scorecard, p: &PartnerScore<'_>) -> Result<ScoreView, ReviewError> {
    let metrics = p.metrics();
    let rows: Vec<BenchmarkRow<'_>> = metrics
        .iter()
        .map(|m| BenchmarkRow {
            name: m.name,
            values: [
                match m.value {
                    Some(MetricValue::Number(d)) => Some(d),
                    Some(MetricValue::Bool(b)) => Some(Decimal::from(u8::from(b))),
                    None => None,
                },
                m.benchmark.mean,
                m.benchmark.top_quartile_mean,
            ],
        })
        .collect();
    let next = p.next_tier();
    Ok(ScoreView {
        score: measure(p.score()),
        max_score: measure(p.max_score()),
        score_pct: measure(p.score_pct()),
        tier: tier_name(p),
        rank: p.rank(),
        rank_in_cohort: p.rank_in_cohort(),
        percentile: measure(p.percentile()),
        cohort: match (p.cohort(), card.benchmark_by()) {
            (Some(cohort), _) => cohort.to_string(),
            (None, Some(field)) => format!("partners without {field}"),
            (None, None) => "all partners".to_string(),
        },
        has_tiers: !card.tiers().is_empty(),
        sections: p
            .sections()
            .iter()
            .map(|s| SectionRow {
                name: s.name.to_string(),
                points: measure(s.points),
                max_points: measure(s.max_points),
            })
            .collect(),
        metrics: metrics
            .iter()
            .map(|m| MetricRow {
                name: m.name.to_string(),
                section: m.section.to_string(),
                value: metric_value(m.value),
                points: m.points.map_or_else(|| "excluded".into(), measure),
                max_points: measure(m.max_points),
                mean: opt_measure(m.benchmark.mean),
                top_quartile_mean: opt_measure(m.benchmark.top_quartile_mean),
            })
            .collect(),
        benchmark_chart: chart(charts::benchmark_bars(&rows))?,
        next_tier: next.as_ref().map(|n| n.name.to_string()),
        points_needed: next.as_ref().map(|n| measure(n.points_needed)).unwrap_or_default(),
        unmet_requires: next
            .as_ref()
            .map(|n| n.unmet_requires.iter().map(|r| r.to_string()).collect())
            .unwrap_or_default(),
        opportunities: p
            .opportunities()
            .iter()
            .map(|o| OpportunityRow {
                name: o.name.to_string(),
                section: o.section.to_string(),
                available: measure(o.available),
            })
            .collect(),
    })
}

fn marketing_view(h: &HealthReport, p: &PartnerHealth) -> Result<MarketingView, ReviewError> {
    let d = &p.derived;
    let t = &p.trajectory;
    let axis = &h.trajectory_axis;
    let start = axis.len().saturating_sub(t.values.len());
    let labels: Vec<String> = axis[start..].to_vec();
    let values: Vec<Option<Decimal>> = t.values.iter().map(|v| Some(*v)).collect();
    // The fitted line through the mean at the middle period, with the reported slope per period.
    let fit = match (t.slope, t.mean) {
        (Some(slope), Some(mean)) if t.values.len() >= 2 => {
            let (slope, mean) = (charts::coord(slope), charts::coord(mean));
            let half = (t.values.len() - 1) as f64 / 2.0;
            Some((mean - slope * half, mean + slope * half))
        }
        _ => None,
    };
    Ok(MarketingView {
        metrics: vec![
            Metric { field: "romi", label: "Return on marketing investment (ROMI)", value: opt_measure(d.romi) },
            Metric { field: "mdf_approval_rate", label: "MDF approval rate", value: opt_measure(d.mdf_approval_rate) },
            Metric { field: "mdf_denial_rate", label: "MDF denial rate", value: opt_measure(d.mdf_denial_rate) },
            Metric {
                field: "mdf_amount_per_claim",
                label: "MDF amount per claim",
                value: opt_money(d.mdf_amount_per_claim),
            },
            Metric { field: "mdf_utilization", label: "MDF utilization", value: opt_measure(d.mdf_utilization) },
            Metric { field: "mql_to_sql", label: "MQL → SQL conversion", value: opt_measure(d.mql_to_sql) },
            Metric { field: "win_rate", label: "Win rate", value: opt_measure(d.win_rate) },
        ],
        deals_last_12_months: measure(p.deals_last_12_months),
        non_productive: p.non_productive,
        recommendation: p.recommendation.map(|r| r.as_str().replace('_', " ")).unwrap_or_default(),
        trajectory: TrajectoryView {
            field: h.trajectory_field.clone(),
            chart: chart(charts::period_line(&labels, &values, &h.trajectory_field, fit, false))?,
            points: labels.iter().cloned().zip(t.values.iter().map(|v| measure(*v))).collect(),
            slope: opt_measure(t.slope),
            mean: opt_measure(t.mean),
            relative_change: opt_measure(t.relative_change),
            direction: t.direction.as_str().to_string(),
        },
    })
}

fn partner_view(review: &Review<'_>, lookups: &Lookups<'_>, i: usize) -> Result<minijinja::Value, ReviewError> {
    let p = review.score.partner(i);
    let id = p.id();
    let score = score_view(review.score.scorecard(), &p)?;
    let profile = review.profile.as_ref().map(|r| {
        let fit = r.partner(i);
        ProfileView {
            name: r.profile().name().to_string(),
            fit: measure(fit.fit()),
            verdict: fit.verdict().as_str().to_string(),
            areas: fit
                .readiness()
                .into_iter()
                .map(|a| AreaView {
                    area: a.area.as_str().replace('_', " & "),
                    gaps: a
                        .gaps
                        .iter()
                        .map(|g| GapRow {
                            name: g.name.to_string(),
                            expected: g.expected.to_string(),
                            actual: actual_text(&g.actual),
                            fit: measure(g.fit),
                            shortfall: opt_measure(g.shortfall),
                        })
                        .collect(),
                })
                .collect(),
        }
    });
    let marketing = match &review.health {
        Some(h) => h.partners.get(i).map(|ph| marketing_view(h, ph)).transpose()?,
        None => None,
    };
    let plan = lookups.plan.get(id).map(|pp| PartnerPlanView {
        strategy: pp.strategy.clone(),
        hours: pp.hours,
        baseline: format_money(pp.baseline),
        potential: format_money(pp.potential),
        headroom: format_money(pp.headroom),
        uplift: format_money(pp.uplift),
        expected: format_money(pp.expected),
        deals_needed: pp.deals_needed,
        pipeline_needed: opt_money(pp.pipeline_needed),
        reps_needed: pp.reps_needed,
        reps_short: pp.reps_short.map_or_else(|| "—".into(), |r| r.to_string()),
    });
    let plan_note = if review.plan.is_some() && plan.is_none() {
        "This partner is not in the plan.".to_string()
    } else {
        plan_note(review)
    };
    let tracking = review.tracking.as_ref().map(|_| {
        let track = lookups.tracks.get(id);
        let mut counts = Vec::new();
        let mut impediments = Vec::new();
        if let Some(t) = track {
            for (label, count) in [
                ("done", t.done),
                ("on track", t.on_track),
                ("at risk", t.at_risk),
                ("behind", t.behind),
                ("overdue", t.overdue),
            ] {
                counts.push(Count { label: label.into(), count });
            }
            impediments = t.impediments.iter().map(|m| m.text.clone()).collect();
        }
        TrackView {
            commitments: lookups
                .commitments
                .get(id)
                .into_iter()
                .flatten()
                .map(|c| CommitmentRow {
                    kind: c.kind.as_str(),
                    field: c.field.clone(),
                    start: c.start.to_string(),
                    due: c.due.to_string(),
                    target: measure(c.target),
                    expected_to_date: measure(c.expected_to_date),
                    actual: measure(c.actual),
                    status: c.status.as_str(),
                    shortfall: measure(c.shortfall),
                })
                .collect(),
            milestones: lookups
                .milestones
                .get(id)
                .into_iter()
                .flatten()
                .map(|m| MilestoneRow {
                    area: m.area.as_str(),
                    name: m.name.clone(),
                    due: m.due.to_string(),
                    done_on: m.done_on.map(|d| d.to_string()).unwrap_or_default(),
                    status: m.status.as_str(),
                    out_of_order: m.out_of_order,
                })
                .collect(),
            counts,
            impediments,
        }
    });
    // The closing agenda: one item per impediment, then one per top-3 opportunity.
    let mut agenda: Vec<String> = tracking
        .as_ref()
        .map(|t| t.impediments.iter().map(|text| format!("Resolve {text}")).collect())
        .unwrap_or_default();
    agenda.extend(
        score
            .opportunities
            .iter()
            .take(3)
            .map(|o| format!("Raise {} ({}): up to {} more points", o.name, o.section, o.available)),
    );
    let name = p.name().unwrap_or("").to_string();
    let view = PartnerView {
        title: if name.is_empty() { id.to_string() } else { name.clone() },
        id: id.to_string(),
        name,
        category: p.category().unwrap_or("").to_string(),
        as_of: review.as_of.to_string(),
        next_review: review.next_review.to_string(),
        score,
        profile,
        profile_note: "No ideal partner profile given.",
        marketing,
        plan,
        plan_note,
        tracking,
        tracking_note: "No execution plan given (commitments, milestones).",
        agenda,
    };
    Ok(minijinja::context! { style => STYLE, page => view })
}
