//! Property tests of the derived-field expression language (DESIGN §4, `derive`): parsing never
//! panics on any text; random well-formed expressions, printed with random spacing and redundant
//! parentheses, parse and evaluate to exactly what direct Decimal arithmetic on the same tree gives
//! (missing inputs and division by zero make the result missing, overflow is an error); nesting
//! beyond the limit is an error at the right column, never a stack overflow.

use partnerscore::expr::{Expr, Overflow, MAX_DEPTH};
use partnerscore::Decimal;
use proptest::prelude::*;

const FIELDS: [&str; 5] = ["a", "b", "c", "d", "e"];

/// A well-formed expression as a plain binary tree.
#[derive(Debug, Clone)]
enum Tree {
    Num(Decimal),
    Field(usize),
    Neg(Box<Tree>),
    Bin(char, Box<Tree>, Box<Tree>),
    Min(Vec<Tree>),
    Max(Vec<Tree>),
    Abs(Box<Tree>),
}

/// Small decimals, zeros, and large values that make products overflow.
fn number() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        6 => (0i64..100_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => Just(Decimal::ZERO),
        1 => (1i128..100, 20u32..27).prop_map(|(m, e)| Decimal::from_i128_with_scale(m * 10i128.pow(e), 0)),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![number().prop_map(Tree::Num), (0..FIELDS.len()).prop_map(Tree::Field)];
    leaf.prop_recursive(6, 40, 4, |inner| {
        prop_oneof![
            4 => (prop::sample::select(vec!['+', '-', '*', '/']), inner.clone(), inner.clone())
                .prop_map(|(op, l, r)| Tree::Bin(op, Box::new(l), Box::new(r))),
            1 => inner.clone().prop_map(|t| Tree::Neg(Box::new(t))),
            1 => prop::collection::vec(inner.clone(), 2..4).prop_map(Tree::Min),
            1 => prop::collection::vec(inner.clone(), 2..4).prop_map(Tree::Max),
            1 => inner.prop_map(|t| Tree::Abs(Box::new(t))),
        ]
    })
}

/// Field values: mostly present (zeros included, for division by zero), sometimes missing.
fn values() -> impl Strategy<Value = Vec<Option<Decimal>>> {
    prop::collection::vec(
        prop_oneof![
            6 => (-50_000i64..50_000, 0u32..4).prop_map(|(m, s)| Some(Decimal::new(m, s))),
            1 => Just(Some(Decimal::ZERO)),
            1 => (1i128..100).prop_map(|m| Some(Decimal::from_i128_with_scale(m * 10i128.pow(26), 0))),
            1 => Just(None),
        ],
        FIELDS.len(),
    )
}

/// How a tree binds: 1 for `+ -`, 2 for `* /`, 3 for unary minus, 4 for atoms and calls.
fn prec(t: &Tree) -> u8 {
    match t {
        Tree::Bin('+' | '-', ..) => 1,
        Tree::Bin(..) => 2,
        Tree::Neg(_) => 3,
        _ => 4,
    }
}

/// Prints trees with random whitespace and random redundant parentheses, driven by a xorshift.
struct Printer {
    out: String,
    state: u64,
}

impl Printer {
    fn roll(&mut self, n: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n
    }

    fn space(&mut self) {
        let s = ["", "", " ", " ", "  ", "\t", "\n"][self.roll(7) as usize];
        self.out.push_str(s);
    }

    fn tree(&mut self, t: &Tree, parens: bool) {
        let extra = !parens && self.roll(8) == 0;
        if parens || extra {
            self.out.push('(');
            self.space();
        }
        match t {
            Tree::Num(d) => self.out.push_str(&d.to_string()),
            Tree::Field(i) => self.out.push_str(FIELDS[*i]),
            Tree::Neg(x) => {
                self.out.push('-');
                self.space();
                self.tree(x, prec(x) < 3);
            }
            Tree::Bin(op, l, r) => {
                let p = prec(t);
                self.tree(l, prec(l) < p);
                self.space();
                self.out.push(*op);
                self.space();
                self.tree(r, prec(r) <= p);
            }
            Tree::Min(args) | Tree::Max(args) => {
                self.out.push_str(if matches!(t, Tree::Min(_)) { "min" } else { "max" });
                self.space();
                self.out.push('(');
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        self.out.push(',');
                    }
                    self.space();
                    self.tree(a, false);
                    self.space();
                }
                self.out.push(')');
            }
            Tree::Abs(x) => {
                self.out.push_str("abs(");
                self.space();
                self.tree(x, false);
                self.space();
                self.out.push(')');
            }
        }
        if parens || extra {
            self.space();
            self.out.push(')');
        }
    }
}

fn print(t: &Tree, seed: u64) -> String {
    let mut p = Printer { out: String::new(), state: seed | 1 };
    p.space();
    p.tree(t, false);
    p.space();
    p.out
}

/// Distinct fields in order of first appearance.
fn fields_of(t: &Tree, out: &mut Vec<&'static str>) {
    match t {
        Tree::Num(_) => {}
        Tree::Field(i) => {
            if !out.contains(&FIELDS[*i]) {
                out.push(FIELDS[*i]);
            }
        }
        Tree::Neg(x) | Tree::Abs(x) => fields_of(x, out),
        Tree::Bin(_, l, r) => {
            fields_of(l, out);
            fields_of(r, out);
        }
        Tree::Min(args) | Tree::Max(args) => args.iter().for_each(|a| fields_of(a, out)),
    }
}

enum Stop {
    Missing,
    Overflow,
}

/// Direct Decimal arithmetic on the tree: operands left to right, then the operator.
fn direct(t: &Tree, v: &[Option<Decimal>]) -> Result<Decimal, Stop> {
    Ok(match t {
        Tree::Num(d) => *d,
        Tree::Field(i) => v[*i].expect("missing inputs are handled before"),
        Tree::Neg(x) => -direct(x, v)?,
        Tree::Abs(x) => direct(x, v)?.abs(),
        Tree::Bin(op, l, r) => {
            let (l, r) = (direct(l, v)?, direct(r, v)?);
            match op {
                '+' => l.checked_add(r),
                '-' => l.checked_sub(r),
                '*' => l.checked_mul(r),
                _ if r.is_zero() => return Err(Stop::Missing),
                _ => l.checked_div(r),
            }
            .ok_or(Stop::Overflow)?
        }
        Tree::Min(args) | Tree::Max(args) => {
            let mut acc = direct(&args[0], v)?;
            for a in &args[1..] {
                let x = direct(a, v)?;
                if (matches!(t, Tree::Min(_)) && x < acc) || (matches!(t, Tree::Max(_)) && x > acc) {
                    acc = x;
                }
            }
            acc
        }
    })
}

fn expected(t: &Tree, v: &[Option<Decimal>]) -> Result<Option<Decimal>, Overflow> {
    let mut used = Vec::new();
    fields_of(t, &mut used);
    if used.iter().any(|f| v[FIELDS.iter().position(|g| g == f).unwrap()].is_none()) {
        return Ok(None);
    }
    match direct(t, v) {
        Ok(d) => Ok(Some(d)),
        Err(Stop::Missing) => Ok(None),
        Err(Stop::Overflow) => Err(Overflow),
    }
}

fn lookup(v: &[Option<Decimal>]) -> impl Fn(&str) -> Option<Decimal> + '_ {
    move |name: &str| FIELDS.iter().position(|f| *f == name).and_then(|i| v[i])
}

/// Text that looks a bit like expressions: the language's characters and names, brackets, junk.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "(",
        ")",
        "((",
        "))",
        "-",
        "+",
        "*",
        "/",
        ",",
        ".",
        "e",
        "E",
        "1",
        "0",
        "9",
        "1.5e3",
        "1e99",
        "0.",
        "a",
        "rev_1",
        "min(",
        "max(",
        "abs(",
        "foo(",
        " ",
        "\t",
        "\n",
        "é",
        "€",
        "\u{0}",
        "𝟙",
        "٣",
        "_",
        "e-",
        "99999999999999999999999999999",
        "0.00000000000000000000000000001",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any text: an error with a column inside the text (or one past it), or an expression that
    /// prints to text parsing back to the same expression and evaluates without panicking.
    #[test]
    fn parse_never_panics(text in prop_oneof![any::<String>(), soup(), "[-+*/(),.0-9eE_a-z \t]{0,40}"]) {
        match Expr::parse(&text) {
            Err(e) => {
                prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{e} in {text:?}");
                prop_assert!(!e.reason.is_empty());
            }
            Ok(expr) => {
                let again = Expr::parse(&expr.to_string());
                prop_assert_eq!(again, Ok(expr.clone()), "{:?} printed as {}", text, expr);
                let one = |_: &str| Some(Decimal::ONE);
                let zero = |_: &str| Some(Decimal::ZERO);
                let _ = (expr.eval(one), expr.eval(zero), expr.fields());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    /// Random trees, printed with random spacing and redundant parentheses, evaluate exactly like
    /// direct Decimal arithmetic on the tree; fields come in order of first appearance; the
    /// canonical text parses back to the same expression.
    #[test]
    fn well_formed_expressions_match_direct_arithmetic(t in tree(), v in values(), seed in any::<u64>()) {
        let text = print(&t, seed);
        let expr = Expr::parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let mut used = Vec::new();
        fields_of(&t, &mut used);
        prop_assert_eq!(expr.fields(), used.clone());
        let want = expected(&t, &v);
        prop_assert_eq!(expr.eval(lookup(&v)), want, "{:?}", text);
        let by_index: Vec<_> =
            used.iter().map(|f| v[FIELDS.iter().position(|g| g == f).unwrap()]).collect();
        prop_assert_eq!(expr.eval_indexed(&by_index), want);
        let canonical = expr.to_string();
        let again = Expr::parse(&canonical).map_err(|e| TestCaseError::fail(format!("{canonical:?}: {e}")))?;
        prop_assert_eq!(&again, &expr, "{:?} printed as {:?}", text, canonical);
        prop_assert_eq!(again.to_string(), canonical);
    }

    /// Nesting of parentheses, unary minus and calls, mixed at random: fine up to the limit, and
    /// beyond it an error at the opener that goes one level too deep.
    #[test]
    fn nesting_beyond_the_limit_is_an_error(openers in prop::collection::vec(0usize..5, 0..200)) {
        const OPEN: [(&str, &str); 5] = [("(", ")"), ("-", ""), ("abs(", ")"), ("min(1, ", ")"), ("max( ", ", 2)")];
        let mut text = String::new();
        let mut columns = Vec::new();
        for &k in &openers {
            columns.push(text.chars().count() + 1);
            text.push_str(OPEN[k].0);
        }
        text.push('a');
        for &k in openers.iter().rev() {
            text.push_str(OPEN[k].1);
        }
        let parsed = Expr::parse(&text);
        if openers.len() <= MAX_DEPTH {
            let expr = parsed.map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert!(expr.eval(|_: &str| Some(Decimal::TEN)).unwrap().is_some());
            prop_assert_eq!(Expr::parse(&expr.to_string()), Ok(expr));
        } else {
            let e = parsed.expect_err("too deep");
            prop_assert_eq!(e.column, columns[MAX_DEPTH]);
            prop_assert!(e.reason.starts_with("nested more than 64 levels deep"), "{}", e);
        }
    }
}

/// Far beyond the limit, on a small stack: an error, not a stack overflow; the deepest allowed
/// expression parses, evaluates, prints and drops within that stack too. 512 KiB is a quarter of a
/// default thread's stack and enough for an unoptimized build (an optimized one needs under 64 KiB).
#[test]
fn deep_nesting_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            for n in [MAX_DEPTH + 1, 10_000, 1_000_000] {
                let text = format!("{}a{}", "-(abs(".repeat(n), "))".repeat(n));
                assert_eq!(Expr::parse(&text).unwrap_err().column, 1 + 6 * (MAX_DEPTH / 3) + 1);
                let text = format!("{}1{}", "(".repeat(n), ")".repeat(n));
                assert_eq!(Expr::parse(&text).unwrap_err().column, MAX_DEPTH + 1);
            }
            let deepest = format!("{}a * 2 - 1{}", "-(".repeat(MAX_DEPTH / 2), ")".repeat(MAX_DEPTH / 2));
            let expr = Expr::parse(&deepest).unwrap();
            assert_eq!(expr.eval(|_: &str| Some(Decimal::ONE)), Ok(Some(Decimal::ONE)));
            assert_eq!(Expr::parse(&expr.to_string()).unwrap(), expr);
            drop(expr);
        })
        .unwrap()
        .join()
        .unwrap();
}
