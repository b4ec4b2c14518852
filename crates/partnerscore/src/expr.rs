//! The small safe expression language of derived fields (DESIGN §4):
//! `"derive": {"avg_deal": "revenue / deals_closed"}`.
//!
//! ```
//! use partnerscore::expr::Expr;
//! use partnerscore::Decimal;
//!
//! let avg_deal = Expr::parse("revenue / deals_closed")?;
//! assert_eq!(avg_deal.fields(), ["revenue", "deals_closed"]);
//!
//! let partner = |field: &str| match field {
//!     "revenue" => Some(Decimal::from(512_000)),
//!     "deals_closed" => Some(Decimal::from(8)),
//!     _ => None,
//! };
//! assert_eq!(avg_deal.eval(partner), Ok(Some(Decimal::from(64_000))));
//! // A missing input or a zero denominator makes the derived value missing, never an error.
//! assert_eq!(avg_deal.eval(|_: &str| None), Ok(None));
//! assert_eq!(Expr::parse("revenue / (deals_closed - 8)")?.eval(partner), Ok(None));
//!
//! let err = Expr::parse("revenue / (deals_closed * )").unwrap_err();
//! assert_eq!(err.to_string(), "column 27: expected a field, a number or `(`, found `)`");
//! # Ok::<(), partnerscore::expr::ExprError>(())
//! ```
//!
//! ## Grammar
//!
//! ```text
//! expr    = product (("+" | "-") product)*          left-associative
//! product = unary (("*" | "/") unary)*              left-associative
//! unary   = "-" unary | primary
//! primary = number | field | call | "(" expr ")"
//! call    = ("min" | "max") "(" expr ("," expr)+ ")" | "abs" "(" expr ")"
//! number  = digits ["." digits] [("e" | "E") ["+" | "-"] digits]     e.g. 12, 0.6, 1.5e3
//! field   = (letter | "_") (letter | digit | "_")*                   e.g. deals_closed
//! ```
//!
//! Whitespace may appear between any two tokens. A name followed by `(` is a function call (`min`,
//! `max` and `abs` are the only functions); otherwise it is a field, so a field may be called `min`.
//! A number is read exactly: it must fit a [`Decimal`] (at most 28 decimal places, magnitude below
//! about 7.9 × 10^28). Parentheses, unary minus and function calls may nest at most [`MAX_DEPTH`]
//! levels deep, so no input can exhaust the stack while parsing, evaluating, printing or dropping an
//! expression; chains of `+ -` or `* /` are stored flat and may be of any length.
//!
//! ## Evaluation
//!
//! In [`Decimal`] with checked arithmetic, operands left to right before their operator:
//! - a missing input makes the result missing (`Ok(None)`), whatever else happens;
//! - otherwise a division by zero makes the result missing, and a decimal overflow is an error
//!   ([`Overflow`]); when both happen, the first one in that order decides;
//! - `min` and `max` return the first of equal arguments (`1.0` and `1.00` are equal).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

pub use crate::stats::Overflow;

/// How deep parentheses, unary minus and function calls may nest. `((x))` is 2 levels, `-abs(x)` is
/// 2, `min(a, -b)` is 2.
pub const MAX_DEPTH: usize = 64;

/// A syntax error in an expression: where (the 1-based character column in the expression text) and
/// why. Displays as `column 9: expected a field, a number or `(``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// The 1-based column of the offending character, counted in characters (not bytes) from the
    /// start of the expression; one past the last character for errors at the end.
    pub column: usize,
    /// What is wrong there.
    pub reason: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.reason)
    }
}

impl std::error::Error for ExprError {}

/// A parsed, validated expression. Build it with [`Expr::parse`] (or `str::parse`); [`Display`]
/// writes it back in canonical form (single spaces around binary operators, only the parentheses
/// that matter), which parses to an equal expression.
///
/// [`Display`]: fmt::Display
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    root: Node,
    /// Distinct field names in order of first appearance; `Node::Field` indexes this.
    fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// A literal (never negative: `-2` is `Neg(Num(2))`).
    Num(Decimal),
    /// An index into `Expr::fields`.
    Field(usize),
    Neg(Box<Node>),
    /// `first op₁ n₁ op₂ n₂ …`, all operators of one precedence level (`+ -` or `* /`), left to
    /// right; `rest` is never empty.
    Chain(Box<Node>, Vec<(Op, Node)>),
    /// A function call with a valid number of arguments.
    Call(Func, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }

    fn is_additive(self) -> bool {
        matches!(self, Op::Add | Op::Sub)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Min,
    Max,
    Abs,
}

impl Func {
    fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
            Func::Abs => "abs",
        }
    }

    fn from_name(name: &str) -> Option<Func> {
        match name {
            "min" => Some(Func::Min),
            "max" => Some(Func::Max),
            "abs" => Some(Func::Abs),
            _ => None,
        }
    }
}

impl Expr {
    /// Parses and validates `text`. Never panics; every error carries the column it concerns:
    /// empty text, an unexpected character or token, a malformed number or one that does not fit a
    /// [`Decimal`] ("number too large"), an unknown function or a wrong number of arguments, an
    /// unclosed or unmatched parenthesis, trailing text, nesting deeper than [`MAX_DEPTH`].
    ///
    /// ```
    /// use partnerscore::expr::Expr;
    ///
    /// let e = Expr::parse("max(0, (won - lost)) / -2")?;
    /// assert_eq!(e.to_string(), "max(0, won - lost) / -2");
    /// let err = Expr::parse("avg(revenue)").unwrap_err();
    /// assert_eq!((err.column, err.reason.as_str()), (1, "unknown function `avg` (the functions are min, max and abs)"));
    /// # Ok::<(), partnerscore::expr::ExprError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let mut p = Parser { text, pos: 0, peeked: None, fields: Vec::new(), index: HashMap::new() };
        if text.trim().is_empty() {
            return Err(p.error_at(0, "empty expression".to_string()));
        }
        let root = p.sum(0)?;
        let tok = p.next()?;
        match tok.kind {
            Tok::End => Ok(Expr { root, fields: p.fields }),
            Tok::RParen => Err(p.error_at(tok.start, "unmatched `)`".to_string())),
            _ => Err(p.error_at(
                tok.start,
                format!("expected an operator or the end of the expression, found {}", p.describe(&tok)),
            )),
        }
    }

    /// The distinct field names the expression reads, in order of first appearance.
    ///
    /// ```
    /// # use partnerscore::expr::Expr;
    /// let e = Expr::parse("(won + lost) / won + min(lost, pipeline)")?;
    /// assert_eq!(e.fields(), ["won", "lost", "pipeline"]);
    /// # Ok::<(), partnerscore::expr::ExprError>(())
    /// ```
    pub fn fields(&self) -> Vec<&str> {
        self.fields.iter().map(String::as_str).collect()
    }

    /// Evaluates the expression, reading each field through `value` (`None`: the field is missing).
    ///
    /// `Ok(None)` when an input is missing or a division by zero happens; `Err(Overflow)` when a
    /// result does not fit a [`Decimal`] (see the [module documentation](self) for the order).
    /// `value` is called once per distinct field, in the order of [`Expr::fields`], before any
    /// arithmetic, and not at all after the first missing one.
    pub fn eval<F: Fn(&str) -> Option<Decimal>>(&self, value: F) -> Result<Option<Decimal>, Overflow> {
        let mut values = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            match value(name) {
                Some(v) => values.push(v),
                None => return Ok(None),
            }
        }
        finish(eval_node(&self.root, &values))
    }

    /// Like [`Expr::eval`] with the inputs given by position: `values[i]` is the value of
    /// `fields()[i]` (`None`, or no slot at all, for a missing one). Lets a caller resolve the field
    /// names to its columns once and evaluate many records without name lookups.
    ///
    /// ```
    /// # use partnerscore::expr::Expr;
    /// # use partnerscore::Decimal;
    /// let rate = Expr::parse("won / (won + lost)")?;
    /// let (won, lost) = (Decimal::from(3), Decimal::from(1));
    /// assert_eq!(rate.eval_indexed(&[Some(won), Some(lost)]), Ok(Some(Decimal::new(75, 2))));
    /// assert_eq!(rate.eval_indexed(&[Some(won), None]), Ok(None));
    /// assert_eq!(rate.eval_indexed(&[Some(Decimal::ZERO), Some(Decimal::ZERO)]), Ok(None));
    /// # Ok::<(), partnerscore::expr::ExprError>(())
    /// ```
    pub fn eval_indexed(&self, values: &[Option<Decimal>]) -> Result<Option<Decimal>, Overflow> {
        if values.len() < self.fields.len() {
            return Ok(None);
        }
        let mut present = Vec::with_capacity(self.fields.len());
        for v in &values[..self.fields.len()] {
            match v {
                Some(v) => present.push(*v),
                None => return Ok(None),
            }
        }
        finish(eval_node(&self.root, &present))
    }
}

impl FromStr for Expr {
    type Err = ExprError;

    fn from_str(text: &str) -> Result<Expr, ExprError> {
        Expr::parse(text)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_node(f, &self.root, &self.fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// Why evaluation stopped early.
enum Stop {
    /// A division by zero: the result is missing.
    Missing,
    Overflow,
}

fn finish(r: Result<Decimal, Stop>) -> Result<Option<Decimal>, Overflow> {
    match r {
        Ok(mut d) => {
            if d.is_zero() {
                d.set_sign_positive(true); // never report "-0"
            }
            Ok(Some(d))
        }
        Err(Stop::Missing) => Ok(None),
        Err(Stop::Overflow) => Err(Overflow),
    }
}

/// Recursion depth is bounded by the parse depth limit: every `Node` level below the root needs a
/// parenthesis, unary minus or call (at most 3 levels each: chain, chain, the construct).
fn eval_node(node: &Node, values: &[Decimal]) -> Result<Decimal, Stop> {
    match node {
        Node::Num(d) => Ok(*d),
        Node::Field(i) => Ok(values[*i]),
        Node::Neg(x) => Ok(-eval_node(x, values)?),
        Node::Chain(first, rest) => {
            let mut acc = eval_node(first, values)?;
            for (op, n) in rest {
                let v = eval_node(n, values)?;
                acc = match op {
                    Op::Add => acc.checked_add(v),
                    Op::Sub => acc.checked_sub(v),
                    Op::Mul => acc.checked_mul(v),
                    Op::Div if v.is_zero() => return Err(Stop::Missing),
                    Op::Div => acc.checked_div(v),
                }
                .ok_or(Stop::Overflow)?;
            }
            Ok(acc)
        }
        Node::Call(func, args) => {
            let mut acc = eval_node(&args[0], values)?;
            for a in &args[1..] {
                let v = eval_node(a, values)?;
                if (*func == Func::Min && v < acc) || (*func == Func::Max && v > acc) {
                    acc = v;
                }
            }
            Ok(if *func == Func::Abs { acc.abs() } else { acc })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical text

fn write_node(f: &mut fmt::Formatter<'_>, node: &Node, fields: &[String]) -> fmt::Result {
    match node {
        Node::Num(d) => write!(f, "{d}"),
        Node::Field(i) => f.write_str(&fields[*i]),
        Node::Neg(x) => {
            f.write_str("-")?;
            write_operand(f, x, matches!(**x, Node::Chain(..)), fields)
        }
        Node::Chain(first, rest) => {
            let additive = rest[0].0.is_additive();
            // A chain inside a chain came from parentheses: keep them, so the text parses back to
            // the same tree (`(a - b) - c`, `a * (b * c)`); a product inside a sum needs none.
            let needs = |n: &Node| match n {
                Node::Chain(_, r) => !additive || r[0].0.is_additive(),
                _ => false,
            };
            write_operand(f, first, needs(first), fields)?;
            for (op, n) in rest {
                write!(f, " {} ", op.symbol())?;
                write_operand(f, n, needs(n), fields)?;
            }
            Ok(())
        }
        Node::Call(func, args) => {
            write!(f, "{}(", func.name())?;
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    f.write_str(", ")?;
                }
                write_node(f, a, fields)?;
            }
            f.write_str(")")
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, node: &Node, parens: bool, fields: &[String]) -> fmt::Result {
    if parens {
        f.write_str("(")?;
        write_node(f, node, fields)?;
        f.write_str(")")
    } else {
        write_node(f, node, fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(Decimal),
    Name(&'a str),
    Op(Op),
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Tok<'a>,
    /// Byte offset of the token's first character.
    start: usize,
    /// Byte offset just past the token.
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next unread character.
    pos: usize,
    peeked: Option<Token<'a>>,
    fields: Vec<String>,
    index: HashMap<&'a str, usize>,
}

const EXPECTED_OPERAND: &str = "expected a field, a number or `(`";

impl<'a> Parser<'a> {
    /// An error at byte offset `at`, its column counted in characters.
    fn error_at(&self, at: usize, reason: String) -> ExprError {
        let at = at.min(self.text.len());
        // `at` is always a char boundary; be lenient anyway rather than panic
        let column = self.text.get(..at).map_or(at, |s| s.chars().count()) + 1;
        ExprError { column, reason }
    }

    fn describe(&self, tok: &Token<'a>) -> String {
        match tok.kind {
            Tok::End => "the end of the expression".to_string(),
            _ => format!("`{}`", &self.text[tok.start..tok.end]),
        }
    }

    fn peek(&mut self) -> Result<Token<'a>, ExprError> {
        match self.peeked {
            Some(t) => Ok(t),
            None => {
                let t = self.lex()?;
                self.peeked = Some(t);
                Ok(t)
            }
        }
    }

    fn next(&mut self) -> Result<Token<'a>, ExprError> {
        let t = self.peek()?;
        self.peeked = None;
        Ok(t)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// Reads the next token from `pos`.
    fn lex(&mut self) -> Result<Token<'a>, ExprError> {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start();
        let start = self.pos + (rest.len() - trimmed.len());
        let Some(c) = trimmed.chars().next() else {
            self.pos = self.text.len();
            return Ok(Token { kind: Tok::End, start: self.pos, end: self.pos });
        };
        let single = |kind| Token { kind, start, end: start + 1 };
        let tok = match c {
            '+' => single(Tok::Op(Op::Add)),
            '-' => single(Tok::Op(Op::Sub)),
            '*' => single(Tok::Op(Op::Mul)),
            '/' => single(Tok::Op(Op::Div)),
            '(' => single(Tok::LParen),
            ')' => single(Tok::RParen),
            ',' => single(Tok::Comma),
            '0'..='9' => self.number(start)?,
            c if c.is_alphabetic() || c == '_' => {
                let len = trimmed.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(trimmed.len());
                Token { kind: Tok::Name(&trimmed[..len]), start, end: start + len }
            }
            '.' if self.char_at(start + 1).is_some_and(|d| d.is_ascii_digit()) => {
                return Err(self.error_at(start, "a number needs a digit before the point (write `0.5`)".to_string()))
            }
            c => return Err(self.error_at(start, format!("unexpected character `{}`", c.escape_debug()))),
        };
        self.pos = tok.end;
        Ok(tok)
    }

    /// Reads a number starting at byte `start` (an ASCII digit).
    fn number(&self, start: usize) -> Result<Token<'a>, ExprError> {
        let bytes = self.text.as_bytes();
        let digits_from = |mut i: usize| {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        let int_end = digits_from(start);
        let mut end = int_end;
        let mut frac = (end, end);
        if bytes.get(end) == Some(&b'.') {
            let frac_end = digits_from(end + 1);
            if frac_end == end + 1 {
                return Err(self.error_at(end + 1, "expected a digit after the decimal point".to_string()));
            }
            frac = (end + 1, frac_end);
            end = frac_end;
        }
        let mut exponent: i64 = 0;
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            let mut i = end + 1;
            let negative = bytes.get(i) == Some(&b'-');
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let exp_end = digits_from(i);
            if exp_end == i {
                return Err(self.error_at(i, "expected a digit in the exponent".to_string()));
            }
            // saturate far beyond anything a Decimal can hold
            for &b in &bytes[i..exp_end] {
                exponent = (exponent * 10 + i64::from(b - b'0')).min(1_000_000_000);
            }
            if negative {
                exponent = -exponent;
            }
            end = exp_end;
        }
        if let Some(c) = self.char_at(end).filter(|&c| c.is_alphanumeric() || c == '_' || c == '.') {
            return Err(self.error_at(end, format!("unexpected `{c}` after a number")));
        }
        let value = decimal_from_parts(&self.text[start..int_end], &self.text[frac.0..frac.1], exponent)
            .map_err(|reason| self.error_at(start, reason.to_string()))?;
        Ok(Token { kind: Tok::Num(value), start, end })
    }

    /// Fails with a depth error at `at` when entering one more level from `depth` is too deep.
    fn enter(&self, depth: usize, at: usize) -> Result<usize, ExprError> {
        if depth >= MAX_DEPTH {
            return Err(self.error_at(
                at,
                format!("nested more than {MAX_DEPTH} levels deep (parentheses, unary minus and function calls)"),
            ));
        }
        Ok(depth + 1)
    }

    /// `product (("+" | "-") product)*`
    fn sum(&mut self, depth: usize) -> Result<Node, ExprError> {
        let first = self.product(depth)?;
        let mut rest = Vec::new();
        while let Tok::Op(op @ (Op::Add | Op::Sub)) = self.peek()?.kind {
            self.next()?;
            rest.push((op, self.product(depth)?));
        }
        Ok(if rest.is_empty() { first } else { Node::Chain(Box::new(first), rest) })
    }

    /// `unary (("*" | "/") unary)*`
    fn product(&mut self, depth: usize) -> Result<Node, ExprError> {
        let first = self.unary(depth)?;
        let mut rest = Vec::new();
        while let Tok::Op(op @ (Op::Mul | Op::Div)) = self.peek()?.kind {
            self.next()?;
            rest.push((op, self.unary(depth)?));
        }
        Ok(if rest.is_empty() { first } else { Node::Chain(Box::new(first), rest) })
    }

    /// `"-" unary | primary`
    fn unary(&mut self, depth: usize) -> Result<Node, ExprError> {
        let tok = self.peek()?;
        if tok.kind == Tok::Op(Op::Sub) {
            let inner = self.enter(depth, tok.start)?;
            self.next()?;
            return Ok(Node::Neg(Box::new(self.unary(inner)?)));
        }
        self.primary(depth)
    }

    /// `number | field | call | "(" expr ")"`
    fn primary(&mut self, depth: usize) -> Result<Node, ExprError> {
        let tok = self.next()?;
        match tok.kind {
            Tok::Num(d) => Ok(Node::Num(d)),
            Tok::Name(name) => {
                if self.peek()?.kind == Tok::LParen {
                    self.call(name, tok.start, depth)
                } else {
                    Ok(Node::Field(self.field(name)))
                }
            }
            Tok::LParen => {
                let inner = self.enter(depth, tok.start)?;
                let node = self.sum(inner)?;
                let close = self.next()?;
                if close.kind != Tok::RParen {
                    let opened = self.error_at(tok.start, String::new()).column;
                    return Err(self.error_at(
                        close.start,
                        format!("expected `)` to close the `(` at column {opened}, found {}", self.describe(&close)),
                    ));
                }
                Ok(node)
            }
            _ => Err(self.error_at(tok.start, format!("{EXPECTED_OPERAND}, found {}", self.describe(&tok)))),
        }
    }

    /// A call of `name` (at byte `at`), its `(` next.
    fn call(&mut self, name: &str, at: usize, depth: usize) -> Result<Node, ExprError> {
        let Some(func) = Func::from_name(name) else {
            return Err(self.error_at(at, format!("unknown function `{name}` (the functions are min, max and abs)")));
        };
        let inner = self.enter(depth, at)?;
        self.next()?; // the `(`
        let mut args = Vec::new();
        loop {
            let arg_start = self.peek()?.start;
            if func == Func::Abs && args.len() == 1 {
                return Err(self.error_at(arg_start, "`abs` takes 1 argument, found more".to_string()));
            }
            args.push(self.sum(inner)?);
            let sep = self.next()?;
            match sep.kind {
                Tok::Comma => {}
                Tok::RParen if func != Func::Abs && args.len() < 2 => {
                    return Err(self.error_at(sep.start, format!("`{name}` needs at least 2 arguments")));
                }
                Tok::RParen => return Ok(Node::Call(func, args)),
                _ => {
                    return Err(self.error_at(
                        sep.start,
                        format!("expected `,` or `)` in the call of `{name}`, found {}", self.describe(&sep)),
                    ))
                }
            }
        }
    }

    fn field(&mut self, name: &'a str) -> usize {
        let next = self.fields.len();
        let i = *self.index.entry(name).or_insert(next);
        if i == next {
            self.fields.push(name.to_string());
        }
        i
    }
}

/// The exact value of `int.frac × 10^exponent` (ASCII digit strings), or why it does not fit a
/// [`Decimal`].
fn decimal_from_parts(int: &str, frac: &str, exponent: i64) -> Result<Decimal, &'static str> {
    const TOO_LARGE: &str = "number too large";
    // all digits, value = digits × 10^k
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let mut k = exponent - frac.len() as i64; // |exponent| ≤ 10^9 and frac.len() < 2^62: no overflow
    let lead = digits.iter().take_while(|&&b| b == b'0').count();
    digits.drain(..lead);
    if digits.is_empty() {
        // zero, keeping its places when they fit (`0.00`)
        return Ok(Decimal::new(0, (-k).clamp(0, 28) as u32));
    }
    // the integer part has len + k digits
    let int_digits = digits.len() as i64 + k;
    let max = Decimal::MAX.mantissa().to_string(); // 29 digits
    if int_digits > max.len() as i64 {
        return Err(TOO_LARGE);
    }
    if k >= 0 {
        // int_digits ≤ 29: fits an i128
        let text: String = digits.iter().map(|&b| b as char).chain((0..k).map(|_| '0')).collect();
        if text.len() == max.len() && text > max {
            return Err(TOO_LARGE);
        }
        let m: i128 = text.parse().map_err(|_| TOO_LARGE)?;
        return Decimal::try_from_i128_with_scale(m, 0).map_err(|_| TOO_LARGE);
    }
    // drop trailing zeros the scale cannot hold (`1.500…0` with many zeros)
    while k < -28 && digits.last() == Some(&b'0') {
        digits.pop();
        k += 1;
    }
    if k < -28 {
        return Err("number has more than 28 decimal places");
    }
    if int_digits == max.len() as i64 && digits[..max.len()] > *max.as_bytes() {
        return Err(TOO_LARGE);
    }
    const TOO_PRECISE: &str = "number has too many significant digits for a decimal (28 at most)";
    if digits.len() > 38 {
        return Err(TOO_PRECISE);
    }
    let text: String = digits.iter().map(|&b| b as char).collect();
    let m: i128 = text.parse().map_err(|_| TOO_PRECISE)?;
    Decimal::try_from_i128_with_scale(m, (-k) as u32).map_err(|_| TOO_PRECISE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// Evaluates `text` with fields a = 2, b = 3, c = 5, big = 10^28, zero = 0; others missing.
    fn ev(text: &str) -> Result<Option<Decimal>, Overflow> {
        let e = Expr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        e.eval(|name: &str| match name {
            "a" => Some(d("2")),
            "b" => Some(d("3")),
            "c" => Some(d("5")),
            "big" => Some(Decimal::from_i128_with_scale(10i128.pow(28), 0)),
            "zero" => Some(Decimal::ZERO),
            _ => None,
        })
    }

    fn val(text: &str) -> Decimal {
        ev(text).unwrap().unwrap_or_else(|| panic!("{text} is missing"))
    }

    fn err(text: &str) -> (usize, String) {
        let e = Expr::parse(text).expect_err(text);
        (e.column, e.reason)
    }

    fn canon(text: &str) -> String {
        Expr::parse(text).unwrap().to_string()
    }

    #[test]
    fn expr_precedence_and_associativity() {
        assert_eq!(val("1 + 2 * 3"), d("7"));
        assert_eq!(val("(1 + 2) * 3"), d("9"));
        assert_eq!(val("10 - 4 - 3"), d("3"));
        assert_eq!(val("10 - (4 - 3)"), d("9"));
        assert_eq!(val("8 / 4 / 2"), d("1"));
        assert_eq!(val("8 / (4 / 2)"), d("4"));
        assert_eq!(val("2 * 3 / 4"), d("1.5"));
        assert_eq!(val("a + b * c - a / a"), d("16"));
        assert_eq!(val("1 / 3 * 3"), d("0.9999999999999999999999999999"));
    }

    #[test]
    fn expr_unary_minus() {
        assert_eq!(val("-a"), d("-2"));
        assert_eq!(val("--a"), d("2"));
        assert_eq!(val("-a * b"), d("-6"));
        assert_eq!(val("a * -b"), d("-6"));
        assert_eq!(val("a - -b"), d("5"));
        assert_eq!(val("-(a + b)"), d("-5"));
        assert_eq!(val("- 2 - 3"), d("-5"));
        assert_eq!(ev("-zero").unwrap().unwrap().to_string(), "0");
        assert_eq!(ev("zero * -1").unwrap().unwrap().to_string(), "0");
    }

    #[test]
    fn expr_numbers() {
        assert_eq!(val("0.6"), d("0.6"));
        assert_eq!(val("12"), d("12"));
        assert_eq!(val("1.5e3"), d("1500"));
        assert_eq!(val("1.5E+3"), d("1500"));
        assert_eq!(val("15e-1"), d("1.5"));
        assert_eq!(val("0e999999999999999999999"), Decimal::ZERO);
        assert_eq!(val("00012.50"), d("12.5"));
        assert_eq!(val("79228162514264337593543950335"), Decimal::MAX);
        assert_eq!(val("0.0000000000000000000000000001"), d("0.0000000000000000000000000001"));
        assert_eq!(val("1.0000000000000000000000000000000000000000"), Decimal::ONE);
        assert_eq!(canon("1.50 + 0.00"), "1.50 + 0.00");
        assert_eq!(err("79228162514264337593543950336"), (1, "number too large".to_string()));
        assert_eq!(err("a + 1e29"), (5, "number too large".to_string()));
        assert_eq!(err("1e999999999999999999999999"), (1, "number too large".to_string()));
        assert_eq!(err("1e-29"), (1, "number has more than 28 decimal places".to_string()));
        assert_eq!(err("1.00000000000000000000000000001").1, "number has more than 28 decimal places");
        assert_eq!(
            err("12345678901.1234567890123456789").1,
            "number has too many significant digits for a decimal (28 at most)"
        );
        assert_eq!(err("1."), (3, "expected a digit after the decimal point".to_string()));
        assert_eq!(err("2e"), (3, "expected a digit in the exponent".to_string()));
        assert_eq!(err("2e+x"), (4, "expected a digit in the exponent".to_string()));
        assert_eq!(err("3x"), (2, "unexpected `x` after a number".to_string()));
        assert_eq!(err("1.2.3"), (4, "unexpected `.` after a number".to_string()));
        assert_eq!(err(".5"), (1, "a number needs a digit before the point (write `0.5`)".to_string()));
    }

    #[test]
    fn expr_functions() {
        assert_eq!(val("min(a, b)"), d("2"));
        assert_eq!(val("max(a, b, c)"), d("5"));
        assert_eq!(val("min(c, b, a, b)"), d("2"));
        assert_eq!(val("abs(a - c)"), d("3"));
        assert_eq!(val("abs(c)"), d("5"));
        assert_eq!(val("max(-a, -b) * 2"), d("-4"));
        // the first of equal values
        assert_eq!(ev("min(1.0, 1.00)").unwrap().unwrap().to_string(), "1.0");
        assert_eq!(ev("max(1.00, 1.0)").unwrap().unwrap().to_string(), "1.00");
        // names without `(` are fields, whitespace before `(` is fine
        assert_eq!(Expr::parse("min + max").unwrap().fields(), ["min", "max"]);
        assert_eq!(val("min ( a ,b )"), d("2"));
    }

    #[test]
    fn expr_missing_and_division_by_zero() {
        assert_eq!(ev("a + nope"), Ok(None));
        assert_eq!(ev("min(a, nope)"), Ok(None));
        assert_eq!(ev("max(nope, a)"), Ok(None));
        assert_eq!(ev("abs(nope)"), Ok(None));
        assert_eq!(ev("a / zero"), Ok(None));
        assert_eq!(ev("a / (b - 3)"), Ok(None));
        assert_eq!(ev("max(a, 1 / 0)"), Ok(None));
        assert_eq!(ev("0 / a"), Ok(Some(Decimal::ZERO)));
        // a missing input wins over an overflow anywhere
        assert_eq!(ev("big * big + nope"), Ok(None));
        // otherwise the first of division by zero and overflow decides
        assert_eq!(ev("1 / 0 + big * big"), Ok(None));
        assert_eq!(ev("big * big + 1 / 0"), Err(Overflow));
        let e = Expr::parse("a / b").unwrap();
        assert_eq!(e.eval_indexed(&[Some(d("3")), Some(d("4"))]), Ok(Some(d("0.75"))));
        assert_eq!(e.eval_indexed(&[Some(d("3"))]), Ok(None));
        assert_eq!(e.eval_indexed(&[None, Some(d("3"))]), Ok(None));
        assert_eq!(e.eval_indexed(&[Some(d("3")), Some(d("4")), None]), Ok(Some(d("0.75"))));
        // lookups stop at the first missing field
        let calls = std::cell::Cell::new(0);
        let r = Expr::parse("x + y + z").unwrap().eval(|_: &str| {
            calls.set(calls.get() + 1);
            None
        });
        assert_eq!((r, calls.get()), (Ok(None), 1));
    }

    #[test]
    fn expr_overflow_is_an_error() {
        assert_eq!(ev("big * big"), Err(Overflow));
        assert_eq!(ev("big * 10"), Err(Overflow));
        assert_eq!(ev("big * 7 + big"), Err(Overflow));
        assert_eq!(ev("-big * 7 - big"), Err(Overflow));
        assert_eq!(ev("big / 0.01"), Err(Overflow));
        assert_eq!(ev("abs(big * 7 + big)"), Err(Overflow));
        assert_eq!(val("big * 7 - big"), d("60000000000000000000000000000"));
    }

    #[test]
    fn expr_fields_in_order_of_first_appearance() {
        let e = Expr::parse("b * (a + b) / max(c, a, d_2, _x)").unwrap();
        assert_eq!(e.fields(), ["b", "a", "c", "d_2", "_x"]);
        assert_eq!(Expr::parse("12").unwrap().fields(), Vec::<&str>::new());
        assert_eq!(Expr::parse("umsatz_€").map_err(|e| e.column), Err(8));
        assert_eq!(Expr::parse("größe / fläche").unwrap().fields(), ["größe", "fläche"]);
    }

    #[test]
    fn expr_canonical_text() {
        assert_eq!(canon("  revenue/deals_closed "), "revenue / deals_closed");
        assert_eq!(canon("((a))+(b*c)"), "a + b * c");
        assert_eq!(canon("(a+b)*c"), "(a + b) * c");
        assert_eq!(canon("(a-b)-c"), "(a - b) - c");
        assert_eq!(canon("a-(b-c)"), "a - (b - c)");
        assert_eq!(canon("(a*b)/c"), "(a * b) / c");
        assert_eq!(canon("a*b+c/d"), "a * b + c / d");
        assert_eq!(canon("-(a)"), "-a");
        assert_eq!(canon("-(-a)"), "--a");
        assert_eq!(canon("-(a*b)"), "-(a * b)");
        assert_eq!(canon("min(a,-(b+1),abs(-2.50))"), "min(a, -(b + 1), abs(-2.50))");
        for text in ["(a - b) - c", "a * (b * c)", "-(a + b) / --c", "max(1, 2) - min((a), b * -c)"] {
            let e = Expr::parse(text).unwrap();
            assert_eq!(Expr::parse(&e.to_string()).unwrap(), e, "{text}");
        }
        assert_eq!("a+1".parse::<Expr>().unwrap().to_string(), "a + 1");
    }

    #[test]
    fn expr_error_columns() {
        let op = "expected a field, a number or `(`";
        assert_eq!(err(""), (1, "empty expression".to_string()));
        assert_eq!(err(" \t\n"), (1, "empty expression".to_string()));
        assert_eq!(err("revenue /"), (10, format!("{op}, found the end of the expression")));
        assert_eq!(err("revenue / * 2"), (11, format!("{op}, found `*`")));
        assert_eq!(err("a + )"), (5, format!("{op}, found `)`")));
        assert_eq!(err("+a"), (1, format!("{op}, found `+`")));
        assert_eq!(err("a b"), (3, "expected an operator or the end of the expression, found `b`".to_string()));
        assert_eq!(err("a + 1 2"), (7, "expected an operator or the end of the expression, found `2`".to_string()));
        assert_eq!(
            err("(a + b"),
            (7, "expected `)` to close the `(` at column 1, found the end of the expression".to_string())
        );
        assert_eq!(err("(a + b c)"), (8, "expected `)` to close the `(` at column 1, found `c`".to_string()));
        assert_eq!(err("a + b)"), (6, "unmatched `)`".to_string()));
        assert_eq!(err("a $ b"), (3, "unexpected character `$`".to_string()));
        assert_eq!(err("é + ±"), (5, "unexpected character `±`".to_string()));
        assert_eq!(err("a\u{0}"), (2, "unexpected character `\\0`".to_string()));
        assert_eq!(err("a, b"), (2, "expected an operator or the end of the expression, found `,`".to_string()));
        assert_eq!(
            err("2 * avg(a, b)"),
            (5, "unknown function `avg` (the functions are min, max and abs)".to_string())
        );
        assert_eq!(err("min(a)"), (6, "`min` needs at least 2 arguments".to_string()));
        assert_eq!(err("max()"), (5, format!("{op}, found `)`")));
        assert_eq!(err("abs(a, b)"), (8, "`abs` takes 1 argument, found more".to_string()));
        assert_eq!(err("min(a, )"), (8, format!("{op}, found `)`")));
        assert_eq!(err("min(a b)"), (7, "expected `,` or `)` in the call of `min`, found `b`".to_string()));
        assert_eq!(
            err("min(a, b"),
            (9, "expected `,` or `)` in the call of `min`, found the end of the expression".to_string())
        );
        // columns count characters, not bytes
        assert_eq!(err("größe + * 1").0, 9);
        assert_eq!(
            Expr::parse("revenue / (deals_closed * )").unwrap_err().to_string(),
            "column 27: expected a field, a number or `(`, found `)`"
        );
    }

    #[test]
    fn expr_depth_limit() {
        let nested = |open: &str, close: &str, n: usize| format!("{}a{}", open.repeat(n), close.repeat(n));
        let reason = "nested more than 64 levels deep (parentheses, unary minus and function calls)";
        assert_eq!(val(&nested("(", ")", MAX_DEPTH).replace('a', "c")), d("5"));
        assert_eq!(err(&nested("(", ")", MAX_DEPTH + 1)), (65, reason.to_string()));
        assert_eq!(val(&nested("-", "", MAX_DEPTH)), d("2"));
        assert_eq!(err(&nested("-", "", MAX_DEPTH + 1)), (65, reason.to_string()));
        assert_eq!(val(&nested("abs(", ")", MAX_DEPTH)), d("2"));
        assert_eq!(err(&nested("abs(", ")", MAX_DEPTH + 1)), (257, reason.to_string()));
        assert_eq!(err(&nested("min(1, ", ")", MAX_DEPTH + 1)), (1 + 7 * 64, reason.to_string()));
        // mixed: each `-(` is two levels
        assert_eq!(val(&nested("-(", ")", MAX_DEPTH / 2)), d("2"));
        assert_eq!(err(&nested("-(", ")", MAX_DEPTH / 2 + 1)).0, 65);
        // far beyond the limit: an error, not a stack overflow
        assert_eq!(err(&nested("(", ")", 100_000)).0, 65);
        assert_eq!(err(&"-".repeat(100_000)).0, 65);
        // long flat chains are not nesting
        let long = vec!["a"; 20_000].join(" + ");
        assert_eq!(val(&long), d("40000"));
        assert_eq!(Expr::parse(&long).unwrap().to_string(), long);
        let long = format!("1{}", " / 1 * 1".repeat(10_000));
        assert_eq!(val(&long), d("1"));
    }
}
