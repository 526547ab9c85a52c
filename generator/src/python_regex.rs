//! ECMA-262 patterns for Python's `re`, so that tools written in Python (schemathesis and the
//! `jsonschema` and `hypothesis` packages under it) read a spec's `pattern`s as the generated
//! code does.
//!
//! Python's `re` is not ECMA-262: its `.` matches `\r`, U+2028 and U+2029, `$` also matches
//! before a final `\n`, and `\d`, `\w`, `\s`, `\b` are Unicode-aware. A fuzzer that generates
//! "valid" strings with those semantics sends `"http://x\r.svg"` for `^https?://.*\.svg$` and
//! reports the server's (correct) 400 as a bug. [`to_python`] writes the pattern so that
//! `re.search(to_python(p), s)` agrees with `new RegExp(p, "u").test(s)`: the pattern goes
//! through [`crate::ecma_regex::translate`] (which spells every ECMA class out), is parsed by
//! `regex-syntax`, and its syntax tree is printed back in the one syntax these engines read
//! alike (ECMA-262, Python's `re`, and the Rust `regex`/`fancy-regex` engines schemathesis
//! validates with): explicit code-point ranges, `^` and `(?![\s\S])` anchors, word boundaries
//! as lookarounds, non-capturing groups.

use std::fmt::Write as _;

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

/// `pattern` (ECMA-262) in Python `re` syntax with the same meaning under `re.search`, or
/// `None` when the linear-time translation cannot express it (lookaround, backreferences: the
/// generated code checks those with an ECMA-262 engine) or the pattern is invalid.
pub fn to_python(pattern: &str) -> Option<String> {
    let translated = crate::ecma_regex::translate(pattern).ok()?;
    let hir = regex_syntax::Parser::new().parse(&translated).ok()?;
    let mut out = String::with_capacity(pattern.len() * 2);
    print(&hir, &mut out)?;
    Some(out)
}

fn print(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => out.push_str("(?:)"),
        HirKind::Literal(literal) => {
            for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                push_char(out, c);
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            if class.ranges().is_empty() {
                // Python has no empty class: a lookahead that always fails.
                out.push_str("(?!)");
            } else {
                push_class(out, class);
            }
        }
        // `regex-syntax` writes a class that matches nothing as an empty byte class; the
        // translation never makes another one (it matches `&str`s).
        HirKind::Class(Class::Bytes(class)) if class.ranges().is_empty() => out.push_str("(?!)"),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Look(look) => out.push_str(match look {
            Look::Start => "^",
            // Python's `$` also matches before a final `\n`; `\Z` is not ECMA-262.
            Look::End => r"(?![\s\S])",
            // The translation's `(?-u:\b)`: ECMA's word characters are ASCII ones.
            Look::WordAscii => {
                r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
            }
            // Python's `\B` never matches the empty string (before 3.14): spelled out.
            Look::WordAsciiNegate => {
                r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))"
            }
            _ => return None,
        }),
        HirKind::Repetition(repetition) => {
            out.push_str("(?:");
            print(&repetition.sub, out)?;
            out.push(')');
            match (repetition.min, repetition.max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, None) => write!(out, "{{{min},}}").ok()?,
                (min, Some(max)) if min == max => write!(out, "{{{min}}}").ok()?,
                (min, Some(max)) => write!(out, "{{{min},{max}}}").ok()?,
            }
            if !repetition.greedy {
                out.push('?');
            }
        }
        HirKind::Capture(capture) => {
            out.push_str("(?:");
            print(&capture.sub, out)?;
            out.push(')');
        }
        HirKind::Concat(parts) => {
            for part in parts {
                print(part, out)?;
            }
        }
        HirKind::Alternation(alternatives) => {
            out.push_str("(?:");
            for (i, alternative) in alternatives.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                print(alternative, out)?;
            }
            out.push(')');
        }
    }
    Some(())
}

/// A class as its ranges, or as the negation of its complement when that is the smaller
/// set: the translation spells `.` and `[^/]` as ranges up to U+10FFFF, and a string generator
/// (Hypothesis's `from_regex`) enumerates the code points of a positive class one by one, which
/// takes minutes for a million of them, while it reads a negated class as an exclusion list.
/// The complement is taken over Unicode scalar values; a negated class also admits the
/// surrogates, which no string the engines compare can hold.
fn push_class(out: &mut String, class: &ClassUnicode) {
    let size = |class: &ClassUnicode| -> u32 {
        class
            .ranges()
            .iter()
            .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
            .sum()
    };
    let mut complement = class.clone();
    complement.negate();
    let (negated, ranges) = if size(&complement) < size(class) {
        (true, &complement)
    } else {
        (false, class)
    };
    if negated && ranges.ranges().is_empty() {
        // Every character.
        out.push_str(r"[\s\S]");
        return;
    }
    out.push_str(if negated { "[^" } else { "[" });
    for range in ranges.ranges() {
        push_char(out, range.start());
        if range.end() != range.start() {
            out.push('-');
            push_char(out, range.end());
        }
    }
    out.push(']');
}

/// A character as every engine reads it the same inside and outside a class: ASCII letters and
/// digits as themselves, the rest of the BMP as a `\x` or `\u` escape, astral characters as
/// themselves.
fn push_char(out: &mut String, c: char) {
    let code = u32::from(c);
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else if code <= 0xFF {
        let _ = write!(out, "\\x{code:02x}");
    } else if code <= 0xFFFF {
        let _ = write!(out, "\\u{code:04x}");
    } else {
        // `\U` is not ECMA-262 and `\u{..}` not Python: the character itself.
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::to_python;

    #[test]
    fn python_spelling() {
        let cases = [
            ("^a$", r"^a(?![\s\S])"),
            (
                r"^(http:\/\/|https:\/\/).*\.(svg)$",
                r"^(?:(?:http\x3a\x2f\x2f|https\x3a\x2f\x2f))(?:[^\x0a\x0d\u2028-\u2029])*\x2e(?:svg)(?![\s\S])",
            ),
            ("[^/]+", r"(?:[^\x2f])+"),
            (r"[\s\S]", r"[\s\S]"),
            (r"\d{2,4}", r"(?:[0-9]){2,4}"),
            ("a+?", "(?:a)+?"),
            (
                r"\bx",
                r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))x",
            ),
            ("[]", "(?!)"),
            ("é€😀", "\\xe9\\u20ac😀"),
        ];
        for (ecma, python) in cases {
            let got = to_python(ecma).unwrap_or_else(|| panic!("{ecma}"));
            assert_eq!(got, python, "{ecma}");
        }
        // Lookaround is for the ECMA engine; invalid patterns are nobody's.
        assert_eq!(to_python("(?=a)"), None);
        assert_eq!(to_python("("), None);
    }
}
