//! Translation of ECMA-262 (JavaScript `RegExp`) patterns into the syntax of
//! the linear-time [`regex`] crate.
//!
//! JSON Schema and OpenAPI `pattern` keywords carry ECMA-262 regular
//! expressions. The generated validators use the `regex` crate, whose syntax
//! and semantics differ in many small ways (`\d` is Unicode-aware, `\s`
//! includes U+0085, `&&`/`--`/`~~` are set operators inside classes, `\<` is
//! a word-start assertion, ...). [`translate`] parses the ECMA pattern with
//! its own recursive-descent parser and emits an equivalent `regex` pattern,
//! so that `Regex::new(&translate(p)?)?.is_match(s)` agrees with
//! `new RegExp(p, "u").test(s)` for every string `s` (with `new RegExp(p)`
//! for the Annex-B forms listed below, which the `u` flag would reject).
//!
//! # Semantics
//!
//! * **Code points (`u` flag).** Patterns are read with the `u` flag's
//!   semantics, because a Rust `&str` is a sequence of code points: `.`
//!   matches a whole astral character such as an emoji, `\u{1F600}` is
//!   accepted, `\uD83D\uDE00` (a surrogate pair written as two escapes) is one
//!   code point, and `\p{..}` is a property escape. A lone surrogate (e.g.
//!   `\uD83D`, or a range made of surrogates only) can never match UTF-8 text
//!   and is translated into a class that matches nothing.
//! * **No flags.** `^`/`$` match only at the start/end of the input (the
//!   `regex` crate's `$` does not match before a trailing `\n`), `.` matches
//!   anything but `\n`, `\r`, U+2028 and U+2029, and matching is
//!   case-sensitive. The result is *not* anchored: callers should use
//!   `is_match` (search semantics), exactly like `RegExp.prototype.test`.
//! * **ASCII classes.** `\d` is `[0-9]`, `\w` is `[A-Za-z0-9_]`, and `\b`/`\B`
//!   use that ASCII notion of a word character (emitted as `(?-u:\b)` /
//!   `(?-u:\B)`, which the `regex` crate accepts for `&str` haystacks and
//!   never reports inside a multi-byte character). `\s` is ECMA's
//!   WhiteSpace + LineTerminator set (it includes U+FEFF and excludes U+0085,
//!   unlike the `regex` crate's `\s`). All of these are emitted as explicit
//!   classes and also work inside character classes.
//! * **Annex-B leniencies that are accepted** (JavaScript without the `u`
//!   flag accepts them; their meaning is unambiguous): a `{` that does not
//!   start a valid quantifier, and lone `}` and `]`, are literals; `\` before
//!   any ASCII punctuation or space, or before a non-ASCII character, is an
//!   identity escape (`\-`, `\:`, `\"`, `\<` ...); in a class, a range whose
//!   end is a class escape (`[\w-.]`) is read as the escape, a literal `-`,
//!   and the other atom.
//! * **Rejected** with a [`PatternError`] carrying the byte offset of the
//!   offending construct:
//!   - constructs a linear-time engine cannot express: lookahead `(?=`,
//!     `(?!`, lookbehind `(?<=`, `(?<!`, backreferences `\1`.. and
//!     `\k<name>` (marked [`PatternError::unsupported`], and reported only when
//!     the rest of the pattern has no syntax error, so that such a pattern can
//!     be handed to an ECMA-262 engine: [`ecma_engine_accepts`],
//!     [`ecma_engine_pattern`]);
//!   - everything that is a syntax error in ECMA-262 with the `u` flag and is
//!     not one of the leniencies above: unbalanced parentheses, nothing to
//!     repeat (`*a`, `a**`, `^*`, `{1}`), out-of-order ranges and quantifier
//!     bounds, unterminated classes, unknown group syntax (`(?i)`), invalid or
//!     duplicate group names, malformed `\x`/`\u`/`\c` escapes, legacy octal
//!     escapes (`\01`), and escaped ASCII letters without a meaning (`\a`,
//!     `\z`, `\A`, ... — other engines give some of these a meaning, so they
//!     are not silently read as literals);
//!   - `\p{..}`/`\P{..}` whose name is not valid in ECMA-262 (names are
//!     case-sensitive, a bare script name such as `\p{Greek}` must be written
//!     `\p{Script=Greek}`), or that the `regex` crate does not know.
//!     Supported: every General_Category value and alias (`L`, `Lu`,
//!     `Letter`, `gc=Nd`, `General_Category=Decimal_Number`, ...), the ECMA
//!     binary properties (`Alphabetic`, `White_Space`, `Emoji`, `ASCII`,
//!     `Any`, ...) except `Changes_When_NFKC_Casefolded`, and
//!     `Script=`/`sc=`/`Script_Extensions=`/`scx=` with a script name (script
//!     names are looked up with the `regex` crate's case-insensitive rules).
//!     The Unicode data of the `regex` crate and of a JavaScript engine can be
//!     of different Unicode versions, so recently assigned characters may be
//!     classified differently.
//!
//! Capture groups are kept (they do not affect matching); a named group keeps
//! its name when the name is plain ASCII (`[A-Za-z_][A-Za-z0-9_]*`) and
//! becomes an unnamed capture group otherwise (the `regex` crate does not
//! accept names such as `$x`).
//!
//! Every successful result has been compiled with [`regex::Regex::new`] (with
//! its default limits), so it is guaranteed to compile; a failure there (for
//! example a repetition that exceeds the compiled-size limit) is reported as
//! a [`PatternError`] as well.

use std::fmt;
use std::sync::LazyLock;

/// Translate an ECMA-262 pattern (no flags; `u`-flag code-point semantics) to
/// `regex` crate syntax.
///
/// The returned pattern is not anchored unless the input anchors itself; use
/// it with `Regex::is_match`. A successful result is guaranteed to compile
/// with `regex::Regex::new`. See the [module documentation](self) for the
/// exact semantics and for what is rejected.
///
/// # Errors
///
/// Returns a [`PatternError`] with the byte offset of the offending construct
/// when the pattern is not valid ECMA-262, uses a feature a linear-time
/// engine cannot support (lookaround, backreferences), or the translated
/// pattern is rejected by the `regex` crate (offset 0 in that case).
pub fn translate(pattern: &str) -> Result<String, PatternError> {
    let mut parser = Parser {
        src: pattern,
        pos: 0,
        out: String::with_capacity(pattern.len() + 16),
        group_names: Vec::new(),
        depth: 0,
        unsupported: None,
    };
    parser.parse_disjunction()?;
    if parser.pos < pattern.len() {
        // `parse_disjunction` only stops early at a `)` without a `(`.
        return Err(parser.error_here("unmatched `)`"));
    }
    // Only now, so that a syntax error anywhere in the pattern takes precedence.
    if let Some(unsupported) = parser.unsupported {
        return Err(unsupported);
    }
    let out = parser.out;
    if let Err(err) = regex::Regex::new(&out) {
        let detail = match &err {
            regex::Error::Syntax(text) => text
                .lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ")
                .to_string(),
            other => other.to_string(),
        };
        return Err(PatternError {
            offset: 0,
            message: format!("the translated pattern is rejected by the regex crate: {detail}"),
            unsupported: true,
        });
    }
    Ok(out)
}

/// Whether `pattern` is a valid ECMA-262 pattern with the `u` flag that the `regress` engine
/// accepts: the fallback for patterns [`translate`] cannot express for a linear-time engine.
/// The translator's own syntax check must find nothing but such [`PatternError::unsupported`]
/// constructs, because `regress` accepts some invalid patterns (`\b+`, a quantified word
/// boundary).
pub fn ecma_engine_accepts(pattern: &str) -> Result<(), String> {
    if let Err(e) = translate(pattern)
        && !e.unsupported
    {
        return Err(e.to_string());
    }
    regress::Regex::with_flags(&ecma_engine_pattern(pattern), "u")
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The text to give the `regress` engine for `pattern`: the same pattern with each lone
/// surrogate escape outside a class (`\uD83D` not followed by a low-surrogate `\uXXXX`, or
/// `\u{D800}`..`\u{DFFF}`) replaced by the empty class `[]`. Both never match in a Rust
/// string, so the meaning is the same; `regress` 0.12 mishandles the escape on UTF-8 text: an
/// optional one fails the whole match (`(?=a)a\uD83D?` does not match `a`), and
/// `\uD83D\u{1F600}` is rejected as an invalid quantifier.
pub fn ecma_engine_pattern(pattern: &str) -> String {
    /// `\uXXXX` or `\u{X...}` at the start of `text`: its value and length in bytes.
    fn unicode_escape(text: &str) -> Option<(u32, usize)> {
        let rest = text.strip_prefix("\\u")?;
        if let Some(braced) = rest.strip_prefix('{') {
            let len = braced.find('}')?;
            let digits = braced.get(..len)?.trim_start_matches('0');
            let value = if digits.is_empty() && len > 0 {
                0
            } else if digits.len() <= 6 {
                parse_hex_exact(digits)?
            } else {
                return None;
            };
            return Some((value, len + 4));
        }
        Some((parse_hex_exact(rest.get(..4)?)?, 6))
    }
    let is_surrogate = |cp: u32| (0xD800..=0xDFFF).contains(&cp);
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        if c == '\\' {
            let escape = (!in_class).then(|| unicode_escape(rest)).flatten();
            match escape {
                Some((cp, escape_len)) if is_surrogate(cp) => {
                    let low = unicode_escape(&rest[escape_len..]);
                    let pair = escape_len == 6
                        && cp <= 0xDBFF
                        && matches!(low, Some((low, 6)) if (0xDC00..=0xDFFF).contains(&low));
                    len = if pair { 12 } else { escape_len };
                    if !pair {
                        out.push_str("[]");
                        rest = &rest[len..];
                        continue;
                    }
                }
                Some((_, escape_len)) => len = escape_len,
                // `\` and the character it escapes.
                None => len += rest[1..].chars().next().map_or(0, char::len_utf8),
            }
        } else if c == '[' {
            in_class = true;
        } else if c == ']' {
            in_class = false;
        }
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// A pattern that only says which characters a whole string may contain: `^[class]*$` (any
/// length) or `^[class]+$` (at least one character). Such a pattern can be checked by looking at
/// each character, without a regex engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeStringClass {
    /// The allowed characters, as inclusive ranges (already negated where the class was).
    pub ranges: Vec<(char, char)>,
    /// `+` rather than `*`: the empty string does not match.
    pub non_empty: bool,
}

/// Recognise a translated pattern (as returned by [`translate`]) of the form `^[class]*$` or
/// `^[class]+$`, with at most 32 ranges. Anything else is `None`.
pub fn whole_string_class(translated: &str) -> Option<WholeStringClass> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let hir = regex_syntax::Parser::new().parse(translated).ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [start, repetition, end] = parts.as_slice() else {
        return None;
    };
    if !matches!(start.kind(), HirKind::Look(Look::Start))
        || !matches!(end.kind(), HirKind::Look(Look::End))
    {
        return None;
    }
    let HirKind::Repetition(rep) = repetition.kind() else {
        return None;
    };
    if rep.max.is_some() || rep.min > 1 {
        return None;
    }
    let HirKind::Class(Class::Unicode(class)) = rep.sub.kind() else {
        return None;
    };
    let ranges: Vec<(char, char)> = class
        .ranges()
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    if ranges.len() > 32 {
        return None;
    }
    Some(WholeStringClass {
        ranges,
        non_empty: rep.min == 1,
    })
}

/// Why an ECMA-262 pattern could not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the ECMA-262 pattern where the problem starts.
    pub offset: usize,
    /// Human-readable description of the problem.
    pub message: String,
    /// The pattern is valid ECMA-262 (as far as the translator checks), but the linear-time
    /// engine cannot express it: lookaround, backreferences, or the `regex` crate's limits. An
    /// ECMA-262 engine can still check it ([`ecma_engine_accepts`]). Such an error is only
    /// reported when the whole pattern has no syntax error.
    pub unsupported: bool,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at offset {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for PatternError {}

/// Deepest group nesting accepted (the `regex` crate's own default limit is
/// 250 as well); also keeps the recursive parser's stack use bounded.
const MAX_NESTING: usize = 250;

/// `.` without the `s` flag: anything except the ECMA line terminators.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// A class that matches any code point (ECMA `[^]`).
const ANY: &str = r"[\x{0}-\x{10FFFF}]";
/// A class that matches nothing (ECMA `[]`, or a lone surrogate).
const NEVER: &str = r"[^\x{0}-\x{10FFFF}]";
/// Class items of ECMA `\d`.
const DIGIT_ITEMS: &str = "0-9";
/// Class items of ECMA `\w`.
const WORD_ITEMS: &str = "0-9A-Za-z_";
/// Class items of ECMA `\s` (WhiteSpace + LineTerminator).
const SPACE_ITEMS: &str = concat!(
    r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}",
    r"\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}",
);

/// General_Category values and aliases accepted by ECMA-262 (case-sensitive).
const GENERAL_CATEGORY_VALUES: &[&str] = &[
    "C",
    "Cased_Letter",
    "Cc",
    "Cf",
    "Close_Punctuation",
    "Cn",
    "Co",
    "Combining_Mark",
    "Connector_Punctuation",
    "Control",
    "Cs",
    "Currency_Symbol",
    "Dash_Punctuation",
    "Decimal_Number",
    "Enclosing_Mark",
    "Final_Punctuation",
    "Format",
    "Initial_Punctuation",
    "L",
    "LC",
    "Letter",
    "Letter_Number",
    "Line_Separator",
    "Ll",
    "Lm",
    "Lo",
    "Lowercase_Letter",
    "Lt",
    "Lu",
    "M",
    "Mark",
    "Math_Symbol",
    "Mc",
    "Me",
    "Mn",
    "Modifier_Letter",
    "Modifier_Symbol",
    "N",
    "Nd",
    "Nl",
    "No",
    "Nonspacing_Mark",
    "Number",
    "Open_Punctuation",
    "Other",
    "Other_Letter",
    "Other_Number",
    "Other_Punctuation",
    "Other_Symbol",
    "P",
    "Paragraph_Separator",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Pi",
    "Po",
    "Private_Use",
    "Ps",
    "Punctuation",
    "S",
    "Sc",
    "Separator",
    "Sk",
    "Sm",
    "So",
    "Space_Separator",
    "Spacing_Mark",
    "Surrogate",
    "Symbol",
    "Titlecase_Letter",
    "Unassigned",
    "Uppercase_Letter",
    "Z",
    "Zl",
    "Zp",
    "Zs",
    "cntrl",
    "digit",
    "punct",
];

/// Binary Unicode properties (and aliases) accepted by ECMA-262 with the `u`
/// flag (case-sensitive).
const BINARY_PROPERTIES: &[&str] = &[
    "ASCII",
    "ASCII_Hex_Digit",
    "AHex",
    "Alphabetic",
    "Alpha",
    "Any",
    "Assigned",
    "Bidi_Control",
    "Bidi_C",
    "Bidi_Mirrored",
    "Bidi_M",
    "Case_Ignorable",
    "CI",
    "Cased",
    "Changes_When_Casefolded",
    "CWCF",
    "Changes_When_Casemapped",
    "CWCM",
    "Changes_When_Lowercased",
    "CWL",
    "Changes_When_NFKC_Casefolded",
    "CWKCF",
    "Changes_When_Titlecased",
    "CWT",
    "Changes_When_Uppercased",
    "CWU",
    "Dash",
    "Default_Ignorable_Code_Point",
    "DI",
    "Deprecated",
    "Dep",
    "Diacritic",
    "Dia",
    "Emoji",
    "Emoji_Component",
    "EComp",
    "Emoji_Modifier",
    "EMod",
    "Emoji_Modifier_Base",
    "EBase",
    "Emoji_Presentation",
    "EPres",
    "Extended_Pictographic",
    "ExtPict",
    "Extender",
    "Ext",
    "Grapheme_Base",
    "Gr_Base",
    "Grapheme_Extend",
    "Gr_Ext",
    "Hex_Digit",
    "Hex",
    "IDS_Binary_Operator",
    "IDSB",
    "IDS_Trinary_Operator",
    "IDST",
    "ID_Continue",
    "IDC",
    "ID_Start",
    "IDS",
    "Ideographic",
    "Ideo",
    "Join_Control",
    "Join_C",
    "Logical_Order_Exception",
    "LOE",
    "Lowercase",
    "Lower",
    "Math",
    "Noncharacter_Code_Point",
    "NChar",
    "Pattern_Syntax",
    "Pat_Syn",
    "Pattern_White_Space",
    "Pat_WS",
    "Quotation_Mark",
    "QMark",
    "Radical",
    "Regional_Indicator",
    "RI",
    "Sentence_Terminal",
    "STerm",
    "Soft_Dotted",
    "SD",
    "Terminal_Punctuation",
    "Term",
    "Unified_Ideograph",
    "UIdeo",
    "Uppercase",
    "Upper",
    "Variation_Selector",
    "VS",
    "White_Space",
    "space",
    "XID_Continue",
    "XIDC",
    "XID_Start",
    "XIDS",
];

/// ECMA-262 `RegExpIdentifierName` (without `\u` escapes).
static GROUP_NAME: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(r"^[\p{ID_Start}$_][\p{ID_Continue}$\x{200C}\x{200D}]*$").ok()
});

/// One parsed class atom.
enum ClassAtom {
    /// A single code point (possibly a lone surrogate).
    Char(u32),
    /// A set (`\d`, `\p{L}`, ...) already in `regex` class-item syntax.
    Set(String),
}

/// A parsed braced quantifier `{min}`, `{min,}` or `{min,max}`.
struct Braced {
    min: u64,
    max: Option<u64>,
    unbounded: bool,
    /// Byte offset just after the closing `}`.
    end: usize,
}

struct Parser<'a> {
    src: &'a str,
    /// Current byte offset; always on a char boundary.
    pos: usize,
    out: String,
    group_names: Vec<String>,
    depth: usize,
    /// The first construct the linear-time engine cannot express; parsing goes on past it, so
    /// that syntax errors after it are still found.
    unsupported: Option<PatternError>,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.pos += expected.len_utf8();
            true
        } else {
            false
        }
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> PatternError {
        PatternError {
            offset,
            message: message.into(),
            unsupported: false,
        }
    }

    /// Records a valid construct that the linear-time engine cannot express (the first one is
    /// reported once the whole pattern has been checked).
    fn unsupported_at(&mut self, offset: usize, message: impl Into<String>) {
        if self.unsupported.is_none() {
            self.unsupported = Some(PatternError {
                offset,
                message: message.into(),
                unsupported: true,
            });
        }
    }

    fn error_here(&self, message: impl Into<String>) -> PatternError {
        self.error_at(self.pos, message)
    }

    /// The source text between `start` and the current position.
    fn since(&self, start: usize) -> &str {
        self.src.get(start..self.pos).unwrap_or("")
    }

    // Disjunction :: Alternative ( `|` Alternative )*
    fn parse_disjunction(&mut self) -> Result<(), PatternError> {
        loop {
            self.parse_alternative()?;
            if self.eat('|') {
                self.out.push('|');
            } else {
                return Ok(());
            }
        }
    }

    // Alternative :: Term*; stops before `|`, `)` or the end.
    fn parse_alternative(&mut self) -> Result<(), PatternError> {
        loop {
            let start = self.pos;
            let Some(c) = self.peek() else { return Ok(()) };
            match c {
                '|' | ')' => return Ok(()),
                '^' | '$' => {
                    self.bump();
                    self.out.push(c);
                    continue; // assertions take no quantifier
                }
                '*' | '+' | '?' => {
                    return Err(
                        self.error_here(format!("nothing to repeat before quantifier `{c}`"))
                    );
                }
                '{' => {
                    if let Some(braced) = self.braced_at(self.pos) {
                        let text = self.src.get(self.pos..braced.end).unwrap_or("{");
                        return Err(self
                            .error_here(format!("nothing to repeat before quantifier `{text}`")));
                    }
                    // Annex B: a `{` that does not start a quantifier is a literal.
                    self.bump();
                    push_literal(&mut self.out, '{');
                }
                '(' => {
                    if self.parse_group()? {
                        continue; // lookaround takes no quantifier (`u` flag)
                    }
                }
                '[' => self.parse_class()?,
                '.' => {
                    self.bump();
                    self.out.push_str(DOT);
                }
                '\\' => {
                    if self.parse_atom_escape()? {
                        continue; // `\b` / `\B` take no quantifier
                    }
                }
                _ => {
                    // Includes the Annex-B literals `]` and `}`.
                    self.bump();
                    push_literal(&mut self.out, c);
                }
            }
            debug_assert!(self.pos > start);
            self.parse_quantifier()?;
        }
    }

    /// Parses an optional quantifier after an atom and emits it.
    fn parse_quantifier(&mut self) -> Result<(), PatternError> {
        let start = self.pos;
        match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.bump();
                self.out.push(c);
            }
            Some('{') => {
                let Some(braced) = self.braced_at(start) else {
                    return Ok(()); // a literal `{`, parsed as the next atom
                };
                self.pos = braced.end;
                let text = self.since(start).to_string();
                if braced.max.is_some_and(|max| max < braced.min) {
                    return Err(self.error_at(
                        start,
                        format!("numbers out of order in `{text}` quantifier"),
                    ));
                }
                let limit = u64::from(u32::MAX);
                if braced.min > limit || braced.max.is_some_and(|max| max > limit) {
                    self.unsupported_at(
                        start,
                        format!("repetition count in `{text}` is too large"),
                    );
                } else {
                    match (braced.max, braced.unbounded) {
                        (Some(max), _) => self.out.push_str(&format!("{{{},{max}}}", braced.min)),
                        (None, true) => self.out.push_str(&format!("{{{},}}", braced.min)),
                        (None, false) => self.out.push_str(&format!("{{{}}}", braced.min)),
                    }
                }
            }
            _ => return Ok(()),
        }
        if self.eat('?') {
            self.out.push('?');
        }
        Ok(())
    }

    /// Recognizes a complete braced quantifier starting at `start` (which
    /// holds a `{`) without consuming anything. Counts saturate.
    fn braced_at(&self, start: usize) -> Option<Braced> {
        let text = self.src.get(start..)?;
        let bytes = text.as_bytes();
        if bytes.first() != Some(&b'{') {
            return None;
        }
        let mut i = 1;
        let (min, len) = decimal_prefix(&bytes[i..])?;
        i += len;
        let (max, unbounded) = if bytes.get(i) == Some(&b',') {
            i += 1;
            match decimal_prefix(bytes.get(i..).unwrap_or(&[])) {
                Some((max, len)) => {
                    i += len;
                    (Some(max), false)
                }
                None => (None, true),
            }
        } else {
            (None, false)
        };
        if bytes.get(i) != Some(&b'}') {
            return None;
        }
        Some(Braced {
            min,
            max,
            unbounded,
            end: start + i + 1,
        })
    }

    /// Parses a group and emits it. Returns `true` for lookaround (an assertion, which cannot
    /// be quantified), which is recorded as unsupported and parsed only to check its syntax.
    fn parse_group(&mut self) -> Result<bool, PatternError> {
        let start = self.pos;
        self.bump(); // `(`
        let mut assertion = false;
        if self.eat('?') {
            let rest = self.rest();
            let unsupported = if rest.starts_with('=') {
                Some("lookahead `(?=`")
            } else if rest.starts_with('!') {
                Some("negative lookahead `(?!`")
            } else if rest.starts_with("<=") {
                Some("lookbehind `(?<=`")
            } else if rest.starts_with("<!") {
                Some("negative lookbehind `(?<!`")
            } else {
                None
            };
            if let Some(what) = unsupported {
                self.unsupported_at(
                    start,
                    format!("{what} is not supported by the linear-time regex engine"),
                );
                assertion = true;
                self.pos += if self.rest().starts_with('<') { 2 } else { 1 };
                self.out.push_str("(?:");
            } else if self.eat(':') {
                self.out.push_str("(?:");
            } else if self.eat('<') {
                let name = self.parse_group_name()?;
                if is_plain_ascii_name(&name) {
                    self.out.push_str(&format!("(?<{name}>"));
                } else {
                    self.out.push('(');
                }
            } else {
                let shown: String = self
                    .src
                    .get(start..)
                    .unwrap_or("")
                    .chars()
                    .take(3)
                    .collect();
                return Err(self.error_at(
                    start,
                    format!(
                        "invalid group `{shown}`: only `(`, `(?:` and `(?<name>` groups are supported \
                         (inline flags are not ECMA-262 syntax)"
                    ),
                ));
            }
        } else {
            self.out.push('(');
        }
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let mut error = self.error_at(
                start,
                format!("groups are nested more than {MAX_NESTING} levels deep"),
            );
            error.unsupported = true;
            return Err(error);
        }
        self.parse_disjunction()?;
        self.depth -= 1;
        if !self.eat(')') {
            return Err(self.error_at(start, "unterminated group: missing `)`"));
        }
        self.out.push(')');
        Ok(assertion)
    }

    /// Parses `name>` after `(?<` and records the name.
    fn parse_group_name(&mut self) -> Result<String, PatternError> {
        let start = self.pos;
        let rest = self.rest();
        let Some(len) = rest.find('>') else {
            return Err(self.error_at(start, "invalid capture group name: missing `>`"));
        };
        let name = rest.get(..len).unwrap_or("").to_string();
        if name.contains('\\') {
            let mut error = self.error_at(
                start,
                "escape sequences in capture group names are not supported",
            );
            error.unsupported = true;
            return Err(error);
        }
        let valid = GROUP_NAME.as_ref().is_some_and(|re| re.is_match(&name));
        if !valid {
            let message = if name.is_empty() {
                "invalid capture group name: the name is empty".to_string()
            } else {
                format!("invalid capture group name `{name}`")
            };
            return Err(self.error_at(start, message));
        }
        if self.group_names.contains(&name) {
            return Err(self.error_at(start, format!("duplicate capture group name `{name}`")));
        }
        self.pos += len + 1;
        self.group_names.push(name.clone());
        Ok(name)
    }

    /// Parses an escape outside a class and emits it. Returns `true` for the
    /// assertions `\b` / `\B` (which cannot be quantified).
    fn parse_atom_escape(&mut self) -> Result<bool, PatternError> {
        let start = self.pos;
        self.bump(); // `\`
        let Some(c) = self.peek() else {
            return Err(self.error_at(start, "`\\` at end of pattern"));
        };
        match c {
            'b' | 'B' => {
                self.bump();
                self.out
                    .push_str(if c == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
                return Ok(true);
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                self.bump();
                let items = class_escape_items(c);
                let negated = c.is_ascii_uppercase();
                self.out
                    .push_str(&format!("[{}{items}]", if negated { "^" } else { "" }));
            }
            'p' | 'P' => {
                let class = self.parse_property(start)?;
                self.out.push_str(&class);
            }
            '1'..='9' => {
                while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.bump();
                }
                let text = self.since(start).to_string();
                self.unsupported_at(
                    start,
                    format!(
                        "backreference `{text}` is not supported by the linear-time regex engine"
                    ),
                );
                self.out.push_str("(?:)");
            }
            'k' => {
                self.bump();
                if self.peek() == Some('<') {
                    let message = |text: &str| {
                        format!(
                            "named backreference `{text}` is not supported by the linear-time regex engine"
                        )
                    };
                    let Some(len) = self.rest().find('>') else {
                        let mut error = self.error_at(start, message("\\k<"));
                        error.unsupported = true;
                        return Err(error);
                    };
                    let text = format!("\\k{}", self.rest().get(..=len).unwrap_or(""));
                    self.pos += len + 1;
                    self.unsupported_at(start, message(&text));
                    self.out.push_str("(?:)");
                    return Ok(false);
                }
                return Err(self.error_at(
                    start,
                    "invalid escape `\\k`: expected a named backreference `\\k<name>`",
                ));
            }
            _ => {
                let cp = self.parse_char_escape(start)?;
                push_code_point(&mut self.out, cp);
            }
        }
        Ok(false)
    }

    /// Parses a `CharacterEscape` (the part after `\`, which is at `start`)
    /// shared by atoms and classes. Returns the code point, which may be a
    /// lone surrogate.
    fn parse_char_escape(&mut self, start: usize) -> Result<u32, PatternError> {
        let Some(c) = self.bump() else {
            return Err(self.error_at(start, "`\\` at end of pattern"));
        };
        match c {
            't' => Ok(0x09),
            'n' => Ok(0x0A),
            'v' => Ok(0x0B),
            'f' => Ok(0x0C),
            'r' => Ok(0x0D),
            '0' => {
                if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.bump();
                    let text = self.since(start).to_string();
                    Err(self.error_at(
                        start,
                        format!(
                            "legacy octal escape `{text}` is not supported; use `\\x` or `\\u`"
                        ),
                    ))
                } else {
                    Ok(0)
                }
            }
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    self.bump();
                    Ok(u32::from(letter) % 32)
                }
                _ => Err(self.error_at(
                    start,
                    "invalid control escape `\\c`: expected an ASCII letter",
                )),
            },
            'x' => {
                let rest = self.rest();
                match rest.get(..2).and_then(parse_hex_exact) {
                    Some(value) => {
                        self.pos += 2;
                        Ok(value)
                    }
                    None => Err(self.error_at(
                        start,
                        "invalid escape `\\x`: expected two hexadecimal digits",
                    )),
                }
            }
            'u' => self.parse_unicode_escape(start),
            c if c.is_ascii_alphanumeric() => {
                Err(self.error_at(start, format!("invalid escape `\\{c}`")))
            }
            // Identity escape: syntax characters, `/`, and (Annex B) any other
            // punctuation, space or non-ASCII character.
            c => Ok(u32::from(c)),
        }
    }

    /// Parses the rest of `\u` (`XXXX`, a `XXXX\uXXXX` surrogate pair, or
    /// `{X...}`).
    fn parse_unicode_escape(&mut self, start: usize) -> Result<u32, PatternError> {
        let invalid = |p: &Self| {
            p.error_at(
                start,
                "invalid Unicode escape: expected `\\uXXXX` or `\\u{X...}` (at most 10FFFF)",
            )
        };
        let rest = self.rest();
        if let Some(braced) = rest.strip_prefix('{') {
            let Some(len) = braced.find('}') else {
                return Err(invalid(self));
            };
            let digits = braced.get(..len).unwrap_or("");
            let value = if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                None
            } else {
                let significant = digits.trim_start_matches('0');
                if significant.len() > 6 {
                    None
                } else if significant.is_empty() {
                    Some(0)
                } else {
                    u32::from_str_radix(significant, 16)
                        .ok()
                        .filter(|v| *v <= 0x10FFFF)
                }
            };
            let Some(value) = value else {
                return Err(invalid(self));
            };
            self.pos += len + 2;
            return Ok(value);
        }
        let Some(value) = rest.get(..4).and_then(parse_hex_exact) else {
            return Err(invalid(self));
        };
        self.pos += 4;
        if (0xD800..=0xDBFF).contains(&value) {
            // A surrogate pair written as two escapes is one code point.
            let next = self.rest();
            let low = next
                .strip_prefix("\\u")
                .and_then(|s| s.get(..4))
                .and_then(parse_hex_exact)
                .filter(|low| (0xDC00..=0xDFFF).contains(low));
            if let Some(low) = low {
                self.pos += 6;
                return Ok(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00));
            }
        }
        Ok(value)
    }

    /// Parses `\p{..}` / `\P{..}` (the `\` is at `start`, the current
    /// position is on `p`/`P`) and returns it in `regex` syntax.
    fn parse_property(&mut self, start: usize) -> Result<String, PatternError> {
        let negated = self.bump() == Some('P');
        let rest = self.rest();
        let body = rest
            .strip_prefix('{')
            .and_then(|s| s.find('}').map(|len| s.get(..len).unwrap_or("")));
        let Some(body) = body else {
            return Err(self.error_at(
                start,
                "invalid Unicode property escape: expected `\\p{Name}` or `\\p{Name=Value}`",
            ));
        };
        let body = body.to_string();
        self.pos += body.len() + 2;
        let shown = self.since(start).to_string();
        let is_name =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let canonical = match body.split_once('=') {
            Some((name, value)) if is_name(name) && is_name(value) => match name {
                "General_Category" | "gc" if GENERAL_CATEGORY_VALUES.contains(&value) => {
                    format!("gc={}", general_category_alias(value))
                }
                "Script" | "sc" => format!("sc={value}"),
                "Script_Extensions" | "scx" => format!("scx={value}"),
                _ => {
                    return Err(self.error_at(start, format!("unknown Unicode property `{shown}`")));
                }
            },
            None if GENERAL_CATEGORY_VALUES.contains(&body.as_str()) => {
                format!("gc={}", general_category_alias(&body))
            }
            None if BINARY_PROPERTIES.contains(&body.as_str()) => body.clone(),
            _ => {
                return Err(self.error_at(
                    start,
                    format!(
                        "unknown Unicode property `{shown}` (names are case-sensitive; \
                         scripts are written `\\p{{Script=Name}}`)"
                    ),
                ));
            }
        };
        if canonical == "gc=Cs" {
            // Surrogates never occur in UTF-8 text (and the regex crate has no
            // table for them).
            return Ok(if negated { ANY } else { NEVER }.to_string());
        }
        let class = format!("\\{}{{{canonical}}}", if negated { 'P' } else { 'p' });
        if regex_syntax::Parser::new().parse(&class).is_err() {
            // An ECMA-262 engine decides whether the name is valid.
            self.unsupported_at(
                start,
                format!(
                    "Unicode property `{shown}` is unknown or not supported by the regex crate"
                ),
            );
            return Ok(NEVER.to_string());
        }
        Ok(class)
    }

    fn parse_class(&mut self) -> Result<(), PatternError> {
        let start = self.pos;
        self.bump(); // `[`
        let negated = self.eat('^');
        let mut items = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(self.error_at(start, "unterminated character class: missing `]`"));
                }
                Some(']') => {
                    self.bump();
                    break;
                }
                Some(_) => {}
            }
            let first_start = self.pos;
            let first = self.parse_class_atom()?;
            let is_range =
                self.peek() == Some('-') && !matches!(self.peek_second(), None | Some(']'));
            if !is_range {
                push_class_atom(&mut items, first);
                continue;
            }
            self.bump(); // `-`
            let second = self.parse_class_atom()?;
            match (first, second) {
                (ClassAtom::Char(lo), ClassAtom::Char(hi)) => {
                    if lo > hi {
                        let text = self.since(first_start).to_string();
                        return Err(self.error_at(
                            first_start,
                            format!("range out of order in character class: `{text}`"),
                        ));
                    }
                    push_class_range(&mut items, lo, hi);
                }
                // Annex B: `[\w-.]` is `\w`, `-` and `.`.
                (first, second) => {
                    push_class_atom(&mut items, first);
                    push_class_atom(&mut items, ClassAtom::Char(u32::from('-')));
                    push_class_atom(&mut items, second);
                }
            }
        }
        let class = match (items.is_empty(), negated) {
            (true, false) => NEVER.to_string(),
            (true, true) => ANY.to_string(),
            (false, false) => format!("[{items}]"),
            (false, true) => format!("[^{items}]"),
        };
        self.out.push_str(&class);
        Ok(())
    }

    fn parse_class_atom(&mut self) -> Result<ClassAtom, PatternError> {
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Err(self.error_here("unterminated character class: missing `]`"));
        };
        if c != '\\' {
            return Ok(ClassAtom::Char(u32::from(c)));
        }
        let Some(e) = self.peek() else {
            return Err(self.error_at(start, "`\\` at end of pattern"));
        };
        match e {
            'b' => {
                self.bump();
                Ok(ClassAtom::Char(0x08))
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                self.bump();
                let items = class_escape_items(e);
                Ok(ClassAtom::Set(if e.is_ascii_uppercase() {
                    format!("[^{items}]")
                } else {
                    items.to_string()
                }))
            }
            'p' | 'P' => Ok(ClassAtom::Set(self.parse_property(start)?)),
            '1'..='9' => {
                self.bump();
                let text = self.since(start).to_string();
                Err(self.error_at(start, format!("invalid escape `{text}` in character class (backreferences and octal escapes are not supported)")))
            }
            _ => Ok(ClassAtom::Char(self.parse_char_escape(start)?)),
        }
    }
}

/// The `regex` class items of `\d`, `\w` or `\s` (also for the upper-case
/// complements, which the caller negates).
fn class_escape_items(escape: char) -> &'static str {
    match escape.to_ascii_lowercase() {
        'd' => DIGIT_ITEMS,
        'w' => WORD_ITEMS,
        _ => SPACE_ITEMS,
    }
}

/// The name under which the `regex` crate knows a General_Category value
/// (it does not know the long name `Surrogate`).
fn general_category_alias(value: &str) -> &str {
    if value == "Surrogate" { "Cs" } else { value }
}

/// Parses a run of ASCII digits at the start of `bytes` (saturating).
fn decimal_prefix(bytes: &[u8]) -> Option<(u64, usize)> {
    let len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    let value = bytes[..len].iter().fold(0u64, |acc, b| {
        acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some((value, len))
}

/// Parses a string consisting only of hex digits.
fn parse_hex_exact(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

fn is_plain_ascii_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Emits a literal character outside a class.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == ' ' {
        out.push(c);
    } else if c.is_ascii_punctuation() {
        if regex_syntax::is_meta_character(c) {
            out.push('\\');
        }
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    }
}

/// Emits a literal code point outside a class; a lone surrogate can never
/// match UTF-8 text.
fn push_code_point(out: &mut String, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => push_literal(out, c),
        None => out.push_str(NEVER),
    }
}

/// Emits a character as a class item (escaping everything the `regex` crate
/// treats specially inside classes, including `&&`, `--`, `~~` and `[`).
fn push_class_char(items: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == ' ' {
        items.push(c);
    } else if c.is_ascii_punctuation() {
        if matches!(c, '[' | ']' | '\\' | '^' | '-' | '&' | '~') {
            items.push('\\');
        }
        items.push(c);
    } else {
        items.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    }
}

fn push_class_atom(items: &mut String, atom: ClassAtom) {
    match atom {
        ClassAtom::Char(cp) => push_class_range(items, cp, cp),
        ClassAtom::Set(set) => items.push_str(&set),
    }
}

/// Emits the range `lo..=hi` without its surrogate part (surrogates can never
/// match UTF-8 text).
fn push_class_range(items: &mut String, lo: u32, hi: u32) {
    let mut push = |lo: u32, hi: u32| {
        if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi)) {
            push_class_char(items, lo);
            if hi != lo {
                items.push('-');
                push_class_char(items, hi);
            }
        }
    };
    if lo <= 0xD7FF {
        push(lo, hi.min(0xD7FF));
    }
    if hi >= 0xE000 {
        push(lo.max(0xE000), hi);
    }
}

#[cfg(test)]
mod whole_string_class_tests {
    use super::*;

    #[test]
    fn recognises_only_whole_string_classes() {
        let class = |p: &str| whole_string_class(&translate(p).unwrap());
        let c = class("^[^<>]*$").unwrap();
        assert!(!c.non_empty);
        assert!(
            c.ranges
                .iter()
                .all(|&(lo, hi)| !(lo..=hi).contains(&'<') && !(lo..=hi).contains(&'>'))
        );
        assert!(class("^[a-z0-9]+$").unwrap().non_empty);
        assert!(class(r"^\d+$").is_some());
        for other in [
            "[^<>]*",
            "^[^<>]*",
            "^a[^<>]*$",
            "^[a-z]{2,3}$",
            "^[^<>]*$|x",
            "^(?:[a-z])*$x",
            r"^\w+\b$",
        ] {
            assert_eq!(class(other), None, "{other}");
        }
    }

    /// The character check agrees with the regex on every kind of character.
    #[test]
    fn the_character_check_agrees_with_the_regex() {
        let samples = [
            "",
            "a",
            "abc",
            "10 Downing Street",
            "<",
            "a>b",
            "é",
            "😀",
            "\n",
            "\r\n",
            "\u{2028}",
            "\u{feff}",
            "١٢",
            "0",
            "_",
            " ",
            "Z9",
            "a-b",
            "\u{10FFFF}",
        ];
        for p in [
            "^[^<>]*$",
            "^[a-z0-9]+$",
            r"^\d+$",
            r"^[\w.-]*$",
            r"^\S+$",
            "^[^a]+$",
        ] {
            let translated = translate(p).unwrap();
            let regex = regex::Regex::new(&translated).unwrap();
            let class = whole_string_class(&translated).unwrap();
            for s in samples {
                let by_class = (!class.non_empty || !s.is_empty())
                    && s.chars()
                        .all(|c| class.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi));
                assert_eq!(by_class, regex.is_match(s), "{p} on {s:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// `(ECMA pattern, [(input, expected)])`. Every expectation was recorded
    /// with Node.js 20 as `new RegExp(pattern, "u").test(input)`; for the
    /// Annex-B patterns that are only valid without the `u` flag (marked in
    /// the comments) it is `new RegExp(pattern).test(input)`.
    #[rustfmt::skip]
    const MATCH_CASES: &[(&str, &[(&str, bool)])] = &[
        // brief: RFC 1123 date pattern; \d must not match Arabic-Indic digits
        (r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$", &[("Sun, 10 Sep 2017 19:43:31 UTC", true), ("Sun, ١٠ Sep 2017 19:43:31 UTC", false), ("Sun, 10 Sep 2017 19:43:31 UTC\n", false), ("Sun, 10 Sep 2017 19:43:31 CET", false), ("Xun, 10 Sep 2017 19:43:31 GMT", false)]),
        // brief: negated class with `<` `>` (which are word-boundary escapes in the regex crate)
        ("^[^<>]*$", &[("abcde<", false), ("10 Downing Street", true), ("", true), ("a>b", false), ("é\n", true)]),
        // brief: URL / data-URI alternation
        ("^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$", &[("http://x.com/a.png", true), ("https://x/y.svg", true), ("ftp://x.png", false), ("http://x.com/apng", true), ("http://x.com/a.gif", false), ("data:image/png;base64,iVBORw0KGgo=", true), ("data:image/png;base64,iVBORw0KGgo===", false), ("xx data:image/svg+xml,abc", true), ("data:image/,abc", false), ("https://x.png\n", false)]),
        (r"^[a-zA-Z0-9][a-zA-Z0-9\-]{0,99}$", &[("a-b", true), ("-ab", false), ("abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", true), ("abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", false), ("a_b", false), ("A9-", true), ("", false), ("é", false)]),
        // escapes: `\/`, `\uXXXX`, `\xHH`
        (r"^a\/b$", &[("a/b", true), ("ab", false), ("a\\/b", false)]),
        (r"\/", &[("/", true), ("x", false)]),
        (r"^caf\u00e9$", &[("café", true), ("cafe", false), ("cafe\u{301}", false)]),
        (r"^\u00E9$", &[("é", true), ("É", false)]),
        (r"^\x41$", &[("A", true), ("a", false), ("x41", false)]),
        (r"^\x4a\x4B$", &[("JK", true)]),
        // `\s` / `\S`: ECMA WhiteSpace + LineTerminator (U+FEFF yes, U+0085 no)
        (r"^\s$", &[("\u{FEFF}", true), ("\u{85}", false), ("\u{A0}", true), (" ", true), ("\t", true), ("\n", true), ("\u{B}", true), ("\u{C}", true), ("\r", true), ("\u{1680}", true), ("\u{2000}", true), ("\u{200A}", true), ("\u{200B}", false), ("\u{2028}", true), ("\u{2029}", true), ("\u{202F}", true), ("\u{205F}", true), ("\u{3000}", true), ("\u{180E}", false), ("a", false), ("", false)]),
        (r"^\S$", &[("\u{85}", true), ("\u{FEFF}", false), ("a", true), ("\u{A0}", false), ("\u{200B}", true)]),
        // `.`: any code point but line terminators; u-mode code points
        ("^.$", &[("\r", false), ("\n", false), ("\u{2028}", false), ("\u{2029}", false), ("a", true), ("😀", true), ("\u{85}", true), ("\t", true), ("", false)]),
        ("^..$", &[("😀", false), ("ab", true)]),
        ("^a.c$", &[("abc", true), ("a\nc", false), ("a😀c", true)]),
        // astral characters, `\u{..}`, surrogate pairs, lone surrogates
        (r"^\u{1F600}+$", &[("😀😀", true), ("😁", false)]),
        ("^😀+$", &[("😀😀", true), ("", false)]),
        ("^[😀-😂]$", &[("😁", true), ("😃", false)]),
        (r"^\uD83D\uDE00$", &[("😀", true)]),
        (r"^[\uD83D\uDE00]$", &[("😀", true), ("a", false)]),
        (r"\uD83D", &[("😀", false), ("a", false)]),
        (r"^[^\uD800-\uDFFF]+$", &[("abc😀", true)]),
        (r"^[\u0000-\uFFFF]+$", &[("abcé", true), ("a😀", false)]),
        (r"^[\u{10000}-\u{10FFFF}]$", &[("😀", true), ("a", false)]),
        // empty pattern, empty input
        ("", &[("", true), ("abc", true)]),
        ("^$", &[("", true), ("a", false), ("\n", false)]),
        // `\d` `\D` `\w` `\W` are ASCII
        (r"^\d+$", &[("0123456789", true), ("١٢", false), ("１", false), ("12a", false)]),
        (r"^\D$", &[("١", true), ("5", false), ("a", true)]),
        (r"^\w+$", &[("abc_XYZ09", true), ("é", false), ("ß", false), ("a-b", false), ("K", false)]),
        (r"^\W$", &[("é", true), ("_", false), ("-", true), ("K", true)]),
        // class escapes inside classes
        (r"^[\d-]+$", &[("12-34", true), ("12a", false), ("-", true)]),
        (r"^[^\s]+$", &[("abc", true), ("a b", false), ("a\u{FEFF}b", false), ("a\u{85}b", true)]),
        (r"^[\w.]+$", &[("a.b_c", true), ("a-b", false), ("é", false)]),
        (r"^[\D]$", &[("a", true), ("1", false), ("١", true)]),
        (r"^[^\D]$", &[("1", true), ("a", false), ("١", false)]),
        (r"^[\S\s]$", &[("\n", true), ("a", true), ("\u{2028}", true)]),
        (r"^[^\W\d]+$", &[("abc", true), ("ab1", false), ("aé", false)]),
        (r"^[\s\d]+$", &[("1 2\u{FEFF}3", true), ("1\u{85}2", false)]),
        (r"^[^\S]$", &[(" ", true), ("\u{FEFF}", true), ("\u{85}", false)]),
        (r"^[\W]$", &[("é", true), ("a", false)]),
        // anchors: `$` is end of input only; unanchored search otherwise
        ("^abc$", &[("abc", true), ("abc\n", false), ("\nabc", false)]),
        ("abc$", &[("xabc", true), ("abc\n", false)]),
        ("^abc", &[("abcx", true), ("xabc", false), ("x\nabc", false)]),
        ("abc", &[("xabcx", true), ("ab", false)]),
        // `\b` / `\B` use ASCII word characters
        (r"\bfoo\b", &[("a foo b", true), ("afoo", false), ("éfoo", true), ("fooé", true), ("foo_", false), ("foo", true)]),
        (r"\Bfoo", &[("éfoo", false), ("afoo", true), ("foo", false)]),
        (r"^\B$", &[("", true)]),
        (r"\B", &[("aéb", false), ("é", true), ("ab", true), ("a b", false)]),
        (r"\b", &[("é", false), ("a", true), ("", false)]),
        (r"\b\u{1F600}", &[("a😀", true), ("😀", false)]),
        (r"a\B", &[("aé", false), ("ab", true)]),
        (r"\u00e9\b", &[("éa", true), ("é ", false)]),
        // control escapes, `\0`, `\cX`, `[\b]`, identity escapes of syntax characters
        (r"^\t\n\v\f\r$", &[("\t\n\u{B}\u{C}\r", true)]),
        (r"^\0$", &[("\0", true), ("0", false)]),
        (r"^a\0b$", &[("a\0b", true)]),
        (r"^\cJ\cj\cA$", &[("\n\n\u{1}", true)]),
        (r"^[\cI]$", &[("\t", true)]),
        (r"^[\b]$", &[("\u{8}", true), ("b", false)]),
        (r"^[\t\n\v\f\r\0]+$", &[("\t\n\u{B}\u{C}\r\0", true)]),
        (r"^a\-b$", &[("a-b", true)]),
        (r"^\.$", &[(".", true), ("a", false)]),
        (r"^\$\^\*\+\?\(\)\[\]\{\}\|\\\/$", &[("$^*+?()[]{}|\\/", true)]),
        // quantifiers, lazy quantifiers
        ("^a{2}$", &[("aa", true), ("aaa", false), ("a", false)]),
        ("^a{2,}$", &[("a", false), ("aa", true), ("aaaaa", true)]),
        ("^a{1,3}$", &[("", false), ("a", true), ("aaa", true), ("aaaa", false)]),
        ("^a{0}$", &[("", true), ("a", false)]),
        ("^(?:ab){2}$", &[("abab", true), ("ab", false)]),
        ("^a+?$", &[("aaa", true), ("", false)]),
        ("^a*?b$", &[("aab", true), ("b", true), ("a", false)]),
        ("^a??b$", &[("ab", true), ("b", true), ("aab", false)]),
        ("^a{2,3}?$", &[("aa", true), ("aaa", true), ("aaaa", false)]),
        ("^a{2}?$", &[("aa", true)]),
        // Annex B: `{` that is not a quantifier, lone `}` and `]` are literals
        ("^a{,2}$", &[("a{,2}", true), ("aa", false), ("a", false)]),
        ("^a{$", &[("a{", true), ("a", false)]),
        ("^{$", &[("{", true)]),
        ("^a{1$", &[("a{1", true), ("a", false)]),
        ("^x{1,2$", &[("x{1,2", true), ("x", false)]),
        ("^a{x}$", &[("a{x}", true)]),
        ("^a{1,2}{$", &[("aa{", true)]),
        ("^}$", &[("}", true)]),
        ("^]$", &[("]", true)]),
        ("^a{}$", &[("a{}", true)]),
        ("^{}$", &[("{}", true)]),
        // groups, named groups, empty alternatives
        ("^(?:ab)+$", &[("abab", true), ("aba", false)]),
        ("^(a|b)*c$", &[("ababc", true), ("c", true), ("abd", false)]),
        (r"^(?<year>\d{4})-(?<month>\d{2})$", &[("2020-12", true), ("20-12", false)]),
        ("^(?<$x>a)(?<_y>b)$", &[("ab", true)]),
        ("^(?<été>a)$", &[("a", true)]),
        ("^(|a)$", &[("", true), ("a", true)]),
        ("^a|b$", &[("ax", true), ("xb", true), ("x", false)]),
        ("^()$", &[("", true)]),
        // classes: regex-crate set operators, `[`, `]`, `\`, `^`, `-` are ECMA literals
        ("^[a&&b]+$", &[("a&b", true), ("ab", true), ("&", true), ("c", false)]),
        ("^[a~~b]$", &[("~", true), ("b", true)]),
        ("^[[]$", &[("[", true)]),
        ("^[[a]]$", &[("a]", true), ("[]", true), ("a", false)]),
        (r"^[\]]$", &[("]", true)]),
        (r"^[\\]$", &[("\\", true)]),
        ("^[a-]$", &[("-", true), ("a", true), ("b", false)]),
        ("^[-a]$", &[("-", true), ("a", true)]),
        ("^[^-a]$", &[("-", false), ("b", true)]),
        ("^[^]$", &[("x", true), ("\n", true), ("😀", true), ("", false)]),
        ("[]", &[("a", false), ("", false)]),
        ("^[]*$", &[("", true), ("a", false)]),
        (r"^[\^]$", &[("^", true)]),
        ("^[a^]$", &[("^", true), ("a", true)]),
        ("^[^^]$", &[("^", false), ("a", true)]),
        ("^[&]$", &[("&", true)]),
        (r"^[\-]$", &[("-", true)]),
        ("^[!-/]$", &[("#", true), ("0", false)]),
        ("^[--0]$", &[("-", true), (".", true), ("0", true), ("a", false)]),
        ("^[a-c-e]$", &[("b", true), ("-", true), ("e", true), ("d", false)]),
        // Annex B: class escape as a range end means a literal `-`
        (r"^[\w-.]+$", &[("a-b.c", true), ("a b", false)]),
        (r"^[\d-z]+$", &[("1-z", true), ("y", false)]),
        ("^[%--]$", &[("+", true), ("-", true)]),
        // class ranges with escapes, ASCII punctuation in classes
        (r"^[\u0041-\u005A]+$", &[("ABC", true), ("abc", false)]),
        (r"^[\x41-\x5a]+$", &[("XYZ", true), ("xyz", false)]),
        (r"^[\/]$", &[("/", true)]),
        ("^[.]$", &[(".", true), ("a", false)]),
        ("^[$()*+.?{|}]+$", &[("$()*+.?{|}", true), ("a", false)]),
        ("^[:alpha:]+$", &[(":alpha", true), ("a", true)]),
        ("^[[:alpha:]]$", &[("a]", true), ("[]", true), ("a", false)]),
        ("^!\"#\\$%&'\\(\\)\\*\\+,-\\.\\/:;<=>\\?@\\[\\\\\\]\\^_`\\{\\|\\}~$", &[("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", true)]),
        ("^[!\"#$%&'()*+,-./:;<=>?@[\\\\\\]^_`{|}~]+$", &[("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", true), ("a", false)]),
        // ASCII punctuation outside classes (meta in the regex crate or not)
        ("^#$", &[("#", true)]),
        ("^ $", &[(" ", true)]),
        ("^&$", &[("&", true)]),
        ("^~$", &[("~", true)]),
        ("^-$", &[("-", true)]),
        ("^<$", &[("<", true)]),
        ("^>$", &[(">", true)]),
        ("^@$", &[("@", true)]),
        ("^!$", &[("!", true)]),
        ("^\"$", &[("\"", true)]),
        ("^%$", &[("%", true)]),
        ("^'$", &[("'", true)]),
        ("^,$", &[(",", true)]),
        ("^:$", &[(":", true)]),
        ("^;$", &[(";", true)]),
        ("^=$", &[("=", true)]),
        ("^_$", &[("_", true)]),
        ("^`$", &[("`", true)]),
        ("^/$", &[("/", true)]),
        ("^a #b$", &[("a #b", true)]),
        (r"^\<\>$", &[("<>", true)]),
        (r#"^\#\ \&\~\:\"\'\@\%\,\;\=\_\!\<\>\`$"#, &[("# &~:\"'@%,;=_!<>`", true)]),
        // Unicode property escapes
        (r"^\p{L}+$", &[("héllo", true), ("h1", false), ("αЖ", true)]),
        (r"^\p{Lu}$", &[("É", true), ("é", false)]),
        (r"^\p{Letter}+$", &[("abc", true), ("1", false)]),
        (r"^\p{Script=Greek}+$", &[("αβγ", true), ("abc", false)]),
        (r"^\p{sc=Cyrillic}+$", &[("Ж", true), ("a", false)]),
        (r"^\p{scx=Greek}$", &[("α", true)]),
        (r"^\p{General_Category=Decimal_Number}$", &[("١", true), ("a", false)]),
        (r"^\p{gc=Nd}$", &[("١", true), ("a", false)]),
        (r"^\p{Nd}$", &[("١", true)]),
        (r"^\P{L}$", &[("1", true), ("a", false)]),
        (r"^[\p{L}\d]+$", &[("é1", true), ("_", false)]),
        (r"^[^\p{L}]$", &[("1", true), ("a", false)]),
        (r"^[\P{L}]$", &[("1", true), ("a", false)]),
        (r"^\p{Alphabetic}$", &[("a", true)]),
        (r"^\p{White_Space}$", &[("\u{85}", true), ("\u{FEFF}", false)]),
        (r"^\p{ASCII}+$", &[("abc", true), ("é", false)]),
        (r"^\p{Any}$", &[("😀", true)]),
        (r"^\p{Cs}$", &[("a", false)]),
        (r"^\P{Surrogate}$", &[("a", true), ("😀", true)]),
        (r"^[^\p{Cs}]$", &[("a", true)]),
        (r"^\p{Emoji_Presentation}$", &[("😀", true), ("a", false)]),
        // misc real-world patterns
        (r"^\u{61}\u{000062}$", &[("ab", true)]),
        (r"^[\u{1F600}]{2}$", &[("😀😀", true), ("😀", false)]),
        (r"^\u{1F600}{2}$", &[("😀😀", true)]),
        (r"^(?:\d{3}-)?\d{4}$", &[("555-1234", true), ("1234", true), ("55-1234", false)]),
        (r"^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$", &[("DE89370400440532013000", true), ("de89", false)]),
        (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", &[("a@b.co", true), ("a b@c.d", false), ("a\u{FEFF}@b.c", false)]),
        (r"^\d{5}(-\d{4})?$", &[("12345", true), ("12345-6789", true), ("1234", false)]),
        (r"^[\u4e00-\u9fa5]+$", &[("中文", true), ("abc", false)]),
        ("(?:)", &[("x", true)]),
        ("a|", &[("x", true)]),
        ("|", &[("", true)]),
        (r"[\d-z]", &[("-", true)]),
        (r"[a-\d]", &[("-", true)]),
        (r"\-", &[("-", true)]),
        (r"\ ", &[(" ", true)]),
        (r#"\""#, &[("\"", true)]),
        (r"\,", &[(",", true)]),
        (r"\é", &[("é", true)]),
    ];

    #[test]
    fn matches_like_ecma_regexp() {
        let mut failures = Vec::new();
        let mut checked = 0;
        for (pattern, inputs) in MATCH_CASES {
            let translated = match translate(pattern) {
                Ok(translated) => translated,
                Err(err) => {
                    failures.push(format!("{pattern:?}: unexpected error: {err}"));
                    continue;
                }
            };
            let re = Regex::new(&translated).expect("translate guarantees a compilable pattern");
            for (input, expected) in *inputs {
                checked += 1;
                if re.is_match(input) != *expected {
                    failures.push(format!(
                        "{pattern:?} (translated {translated:?}) on {input:?}: expected {expected}"
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(checked > 400);
    }

    /// `(ECMA pattern, byte offset, message)`: patterns that are invalid
    /// ECMA-262 with the `u` flag (Node.js 20 throws a SyntaxError for each),
    /// or valid but not supported by a linear-time engine (lookaround,
    /// backreferences).
    #[rustfmt::skip]
    const ERROR_CASES: &[(&str, usize, &str)] = &[
        ("^[a--b]$", 2, "range out of order in character class: `a--`"),
        ("(?=a)", 0, "lookahead `(?=` is not supported by the linear-time regex engine"),
        ("a(?!b)", 1, "negative lookahead `(?!` is not supported by the linear-time regex engine"),
        ("(?<=a)b", 0, "lookbehind `(?<=` is not supported by the linear-time regex engine"),
        ("(?<!a)b", 0, "negative lookbehind `(?<!` is not supported by the linear-time regex engine"),
        (r"(a)\1", 3, "backreference `\\1` is not supported by the linear-time regex engine"),
        (r"(?<n>a)\k<n>", 7, "named backreference `\\k<n>` is not supported by the linear-time regex engine"),
        (r"\1", 0, "backreference `\\1` is not supported by the linear-time regex engine"),
        (r"\k<n>", 0, "named backreference `\\k<n>` is not supported by the linear-time regex engine"),
        ("(a", 0, "unterminated group: missing `)`"),
        ("a)", 1, "unmatched `)`"),
        ("*a", 0, "nothing to repeat before quantifier `*`"),
        ("a**", 2, "nothing to repeat before quantifier `*`"),
        ("a|*", 2, "nothing to repeat before quantifier `*`"),
        ("(*)", 1, "nothing to repeat before quantifier `*`"),
        ("^*", 1, "nothing to repeat before quantifier `*`"),
        ("$+", 1, "nothing to repeat before quantifier `+`"),
        (r"\b+", 2, "nothing to repeat before quantifier `+`"),
        ("a{2}{3}", 4, "nothing to repeat before quantifier `{3}`"),
        ("a*+", 2, "nothing to repeat before quantifier `+`"),
        ("[z-a]", 1, "range out of order in character class: `z-a`"),
        ("[a", 0, "unterminated character class: missing `]`"),
        ("[", 0, "unterminated character class: missing `]`"),
        (r"\", 0, "`\\` at end of pattern"),
        ("a{2,1}", 1, "numbers out of order in `{2,1}` quantifier"),
        ("{1}", 0, "nothing to repeat before quantifier `{1}`"),
        ("{1,}", 0, "nothing to repeat before quantifier `{1,}`"),
        ("x|{2,3}", 2, "nothing to repeat before quantifier `{2,3}`"),
        (r"\p{Foo}", 0, "unknown Unicode property `\\p{Foo}` (names are case-sensitive; scripts are written `\\p{Script=Name}`)"),
        (r"\p{letter}", 0, "unknown Unicode property `\\p{letter}` (names are case-sensitive; scripts are written `\\p{Script=Name}`)"),
        (r"\p{Greek}", 0, "unknown Unicode property `\\p{Greek}` (names are case-sensitive; scripts are written `\\p{Script=Name}`)"),
        (r"\p{RGI_Emoji}", 0, "unknown Unicode property `\\p{RGI_Emoji}` (names are case-sensitive; scripts are written `\\p{Script=Name}`)"),
        (r"\p", 0, "invalid Unicode property escape: expected `\\p{Name}` or `\\p{Name=Value}`"),
        (r"\p{L", 0, "invalid Unicode property escape: expected `\\p{Name}` or `\\p{Name=Value}`"),
        ("(?i)a", 0, "invalid group `(?i`: only `(`, `(?:` and `(?<name>` groups are supported (inline flags are not ECMA-262 syntax)"),
        ("(?<>a)", 3, "invalid capture group name: the name is empty"),
        ("(?<1a>a)", 3, "invalid capture group name `1a`"),
        ("(?<a>a)(?<a>b)", 10, "duplicate capture group name `a`"),
        ("(?<a-b>a)", 3, "invalid capture group name `a-b`"),
        (r"\q", 0, "invalid escape `\\q`"),
        (r"\a", 0, "invalid escape `\\a`"),
        (r"\z", 0, "invalid escape `\\z`"),
        (r"\A", 0, "invalid escape `\\A`"),
        (r"\e", 0, "invalid escape `\\e`"),
        (r"\x4", 0, "invalid escape `\\x`: expected two hexadecimal digits"),
        (r"\xZZ", 0, "invalid escape `\\x`: expected two hexadecimal digits"),
        (r"\u12", 0, "invalid Unicode escape: expected `\\uXXXX` or `\\u{X...}` (at most 10FFFF)"),
        (r"\u{110000}", 0, "invalid Unicode escape: expected `\\uXXXX` or `\\u{X...}` (at most 10FFFF)"),
        (r"\u{}", 0, "invalid Unicode escape: expected `\\uXXXX` or `\\u{X...}` (at most 10FFFF)"),
        (r"\u{12", 0, "invalid Unicode escape: expected `\\uXXXX` or `\\u{X...}` (at most 10FFFF)"),
        (r"\c1", 0, "invalid control escape `\\c`: expected an ASCII letter"),
        (r"\c", 0, "invalid control escape `\\c`: expected an ASCII letter"),
        (r"[\c1]", 1, "invalid control escape `\\c`: expected an ASCII letter"),
        (r"[\c_]", 1, "invalid control escape `\\c`: expected an ASCII letter"),
        (r"\00", 0, "legacy octal escape `\\00` is not supported; use `\\x` or `\\u`"),
        (r"\01", 0, "legacy octal escape `\\01` is not supported; use `\\x` or `\\u`"),
        (r"[\1]", 1, "invalid escape `\\1` in character class (backreferences and octal escapes are not supported)"),
        (r"\8", 0, "backreference `\\8` is not supported by the linear-time regex engine"),
        (r"[\B]", 1, "invalid escape `\\B`"),
        (r"[\k]", 1, "invalid escape `\\k`"),
        (r"[\u{1F600}-\u{1F5FF}]", 1, "range out of order in character class: `\\u{1F600}-\\u{1F5FF}`"),
        (r"[\uDE00-\uD83D]", 1, "range out of order in character class: `\\uDE00-\\uD83D`"),
        // A syntax error after an unsupported construct is still found (and reported instead).
        (r"(?=a)\B*", 7, "nothing to repeat before quantifier `*`"),
        ("(?=a)*", 5, "nothing to repeat before quantifier `*`"),
        ("(?<!a){2}", 6, "nothing to repeat before quantifier `{2}`"),
        (r"(a)\1(", 5, "unterminated group: missing `)`"),
        (r"\k<n>[", 5, "unterminated character class: missing `]`"),
    ];

    #[test]
    fn rejects_with_offset_and_message() {
        let mut failures = Vec::new();
        for (pattern, offset, message) in ERROR_CASES {
            let expected = PatternError {
                offset: *offset,
                message: (*message).to_string(),
                unsupported: message.contains("not supported by the linear-time regex engine"),
            };
            match translate(pattern) {
                Err(err) if err == expected => {}
                other => failures.push(format!(
                    "{pattern:?}: expected Err({expected}), got {other:?}"
                )),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The fallback engine is used only for valid patterns: `regress` itself accepts a
    /// quantified `\b` / `\B`, which ECMA-262 (and Node.js) rejects.
    #[test]
    fn the_ecma_engine_is_used_only_for_valid_patterns() {
        for valid in [
            "(?=a)b",
            r"(a)\1",
            r"(?<n>a)\k<n>",
            r"^(?!\s)(.*)(\S)$",
            r"(?=x)\uD83D\u{1F600}", // regress rejects it as written
        ] {
            assert_eq!(ecma_engine_accepts(valid), Ok(()), "{valid}");
            assert!(translate(valid).unwrap_err().unsupported, "{valid}");
        }
        for invalid in [
            r"\b+",
            r"\B{1,3}",
            r"(?=a)\B*",
            "(?=a)*",
            r"(?=a)[",
            r"(?=a)\q",
        ] {
            assert!(ecma_engine_accepts(invalid).is_err(), "{invalid}");
            assert!(!translate(invalid).unwrap_err().unsupported, "{invalid}");
        }
    }

    /// Lone surrogate escapes outside classes become `[]` for `regress`, which mishandles them.
    #[test]
    fn ecma_engine_pattern_replaces_lone_surrogates() {
        for (pattern, expected) in [
            (r"(?=a)a\uD83D?", "(?=a)a[]?"),
            (r"\uDE00*\u{D800}\u{0DFFF}", "[]*[][]"),
            (r"\uD83D\u{1F600}", r"[]\u{1F600}"),
            (r"\uD83D\uDE00\uDBFF\uDFFF", r"\uD83D\uDE00\uDBFF\uDFFF"),
            (r"[\uD83D]\\uD83D\u0041é", r"[\uD83D]\\uD83D\u0041é"),
            (r"[\]\uD83D]\uD83D", r"[\]\uD83D][]"),
            (r"\uD83D\uD83D\uDE00", r"[]\uD83D\uDE00"),
            (r"\u{}\uD8", r"\u{}\uD8"),
        ] {
            assert_eq!(ecma_engine_pattern(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn error_display_and_offsets_are_byte_offsets() {
        let err = translate("abc(?=d)").unwrap_err();
        assert_eq!(
            err.to_string(),
            "at offset 3: lookahead `(?=` is not supported by the linear-time regex engine"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert!(boxed.to_string().starts_with("at offset 3"));
        // `é` and `😀` are 2 and 4 bytes long.
        assert_eq!(translate("é😀(?!x)").unwrap_err().offset, 6);
        assert_eq!(translate("[é-a]").unwrap_err().offset, 1);
        assert_eq!(translate("😀)").unwrap_err().offset, 4);
    }

    #[test]
    fn emitted_syntax() {
        let cases: &[(&str, &str)] = &[
            (r"\d", "[0-9]"),
            (r"\D", "[^0-9]"),
            (r"\w", "[0-9A-Za-z_]"),
            (r"[\d-]", r"[0-9\-]"),
            (r"[^\s]", &format!("[^{SPACE_ITEMS}]")),
            (r"[\W.]", "[[^0-9A-Za-z_].]"),
            (".", DOT),
            (r"\/", "/"),
            (r"\u00e9", r"\x{E9}"),
            (r"\uD83D\uDE00", r"\x{1F600}"),
            (r"\uD83D", NEVER),
            (r"\x41", "A"),
            ("^abc$", "^abc$"),
            ("[^<>]", "[^<>]"),
            (r"\<", "<"),
            (r"\bx\B", r"(?-u:\b)x(?-u:\B)"),
            (r"[a&&b\-\-c~~d]", r"[a\&\&b\-\-c\~\~d]"),
            ("[[]", r"[\[]"),
            ("[]", NEVER),
            ("[^]", ANY),
            ("#&~- ", r"\#\&\~\- "),
            ("a{,2}}]", r"a\{,2\}\}\]"),
            ("a{2,}?b{01}", "a{2,}?b{1}"),
            (r"(?<year>\d{4})", "(?<year>[0-9]{4})"),
            ("(?<$x>a)(?<é>b)", "(a)(b)"),
            (
                r"\p{L}\P{Lu}\p{Script=Greek}",
                r"\p{gc=L}\P{gc=Lu}\p{sc=Greek}",
            ),
            (r"[\p{Cs}]", r"[[^\x{0}-\x{10FFFF}]]"),
            ("", ""),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                translate(pattern).as_deref(),
                Ok(*expected),
                "pattern {pattern:?}"
            );
        }
    }

    #[test]
    fn regex_crate_limits_become_errors() {
        let err = translate(r"(?:\w{1000}){1000}").unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(
            err.message
                .starts_with("the translated pattern is rejected by the regex crate: "),
            "{err}"
        );
        let err = translate("a{4294967296}").unwrap_err();
        assert_eq!(
            (err.offset, err.message.as_str()),
            (1, "repetition count in `{4294967296}` is too large")
        );
        let deep = format!(
            "{}a{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        let err = translate(&deep).unwrap_err();
        assert_eq!(err.offset, MAX_NESTING);
        assert!(err.message.contains("nested"), "{err}");
        let deep = format!("{}a{}", "(?:".repeat(10_000), ")".repeat(10_000));
        assert!(translate(&deep).is_err());
    }

    /// Deterministic fuzzing: no input may panic, and every `Ok` compiles
    /// (checked inside `translate`, re-checked here).
    #[test]
    fn never_panics_on_arbitrary_input() {
        const ALPHABET: &[&str] = &[
            "\\", "[", "]", "(", ")", "{", "}", "?", "*", "+", "|", "^", "$", ".", "-", ",", "0",
            "1", "9", "a", "z", "b", "B", "d", "D", "w", "s", "S", "p", "P", "u", "x", "c", "k",
            "<", ">", "=", "!", ":", "&", "~", "#", " ", "é", "😀", "D83D", "DE00", "{1F600}",
            "{2,1}", "{1,2}", "Lu", "L}", "\u{0}", "\n",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % bound
        };
        let mut accepted = 0;
        for _ in 0..8_000 {
            let len = next(12);
            let pattern: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            if let Ok(translated) = translate(&pattern) {
                accepted += 1;
                assert!(
                    Regex::new(&translated).is_ok(),
                    "{pattern:?} -> {translated:?}"
                );
            }
        }
        assert!(
            accepted > 1_000,
            "only {accepted} random patterns were accepted"
        );
    }
}
