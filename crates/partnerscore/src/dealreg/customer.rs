//! Customer-name and product keys (DESIGN §5).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Legal-form suffixes dropped from the end of a customer key, while more than one word remains.
pub const LEGAL_SUFFIXES: [&str; 18] = [
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "ag",
    "bv",
    "nv",
    "pty",
    "srl",
    "spa",
];

/// The key customer names match on: compatibility-decomposed with accents dropped, lower case, every
/// run of characters that are not Unicode alphanumeric (`_` included) made one space, trimmed;
/// consecutive one-letter words joined into one (`s a` → `sa`); then trailing legal suffixes dropped
/// while more than one word remains. Empty when nothing alphanumeric is left.
///
/// ```
/// use partnerscore::dealreg::customer_key;
/// assert_eq!(customer_key("Acme  Holdings Co., Ltd."), "acme holdings");
/// assert_eq!(customer_key("Société Générale S.A."), "societe generale");
/// assert_eq!(customer_key("A.B. Dick Company"), "ab dick");
/// ```
pub fn customer_key(name: &str) -> String {
    let mut key = KeyWriter { out: String::with_capacity(name.len()), word_chars: 0, word_start: 0, in_run: false };
    if name.is_ascii() {
        name.chars().for_each(|c| key.take(c.to_ascii_lowercase()));
    } else {
        for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
            // lower-casing may yield a combining mark (İ → i + U+0307): dropped as an accent
            c.to_lowercase().filter(|l| !is_combining_mark(*l)).for_each(|l| key.take(l));
        }
    }
    key.end_word();
    let mut out = key.out;
    while let Some(space) = out.rfind(' ') {
        if !LEGAL_SUFFIXES.contains(&&out[space + 1..]) {
            break;
        }
        out.truncate(space);
    }
    out
}

/// Writes a key one folded character at a time, without building a list of words.
struct KeyWriter {
    out: String,
    /// Characters in the word being written (0 between words).
    word_chars: usize,
    /// Where that word starts in `out`.
    word_start: usize,
    /// Whether the last finished word is a run of one-letter words (`s a` → `sa`).
    in_run: bool,
}

impl KeyWriter {
    fn take(&mut self, c: char) {
        if !c.is_alphanumeric() {
            return self.end_word();
        }
        if self.word_chars == 0 {
            if !self.out.is_empty() {
                self.out.push(' ');
            }
            self.word_start = self.out.len();
        }
        self.out.push(c);
        self.word_chars += 1;
    }

    fn end_word(&mut self) {
        if self.word_chars == 0 {
            return;
        }
        let one_letter = self.word_chars == 1;
        if one_letter && self.in_run {
            // join it to the run before it: drop the space in between
            self.out.remove(self.word_start - 1);
        }
        self.in_run = one_letter;
        self.word_chars = 0;
    }
}

/// The key products compare on: trimmed, lower case; `None` when nothing is left.
pub fn product_key(product: &str) -> Option<String> {
    let trimmed = product.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_examples() {
        assert_eq!(customer_key("Acme Holdings, Inc."), "acme holdings");
        assert_eq!(customer_key("ACME holdings inc"), "acme holdings");
        assert_eq!(customer_key("Acme  Holdings Co., Ltd."), "acme holdings");
        assert_eq!(customer_key("Société Générale S.A."), "societe generale");
    }

    #[test]
    fn one_letter_words() {
        assert_eq!(customer_key("Widgets L.L.C."), "widgets");
        assert_eq!(customer_key("A B C Corp"), "abc");
        assert_eq!(customer_key("Plan B"), "plan b");
        assert_eq!(customer_key("X"), "x");
        // a one-letter word after a longer word starts a new run
        assert_eq!(customer_key("J. Smith & A. B. Jones"), "j smith ab jones");
    }

    #[test]
    fn suffixes_keep_the_last_word() {
        assert_eq!(customer_key("Company Inc"), "company");
        assert_eq!(customer_key("Inc."), "inc");
        assert_eq!(customer_key("Holdings Ltd Co Inc"), "holdings");
        assert_eq!(customer_key("Corp Corp"), "corp");
        // only trailing suffixes go
        assert_eq!(customer_key("Co-operative Bank"), "co operative bank");
    }

    #[test]
    fn punctuation_accents_and_width() {
        assert_eq!(customer_key("  __Müller__GmbH  "), "muller");
        assert_eq!(customer_key("ＡＣＭＥ Ｉｎｃ"), "acme");
        assert_eq!(customer_key("İstanbul Enerji A.Ş."), "istanbul enerji as");
        assert_eq!(customer_key("Crème brûlée, S.p.A."), "creme brulee");
        assert_eq!(customer_key("ß-Werk"), "ß werk");
        assert_eq!(customer_key("…"), "");
        assert_eq!(customer_key(""), "");
    }

    #[test]
    fn products() {
        assert_eq!(product_key("  Firewall X "), Some("firewall x".to_string()));
        assert_eq!(product_key("   "), None);
    }
}
