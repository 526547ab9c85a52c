//! `format: uri` for the generator's own checks (examples, synthesised values): the same
//! function as the generated crates' `validation::is_uri` (a test keeps the two identical).

/// Whether `text` is a URI by the grammar of RFC 3986: `scheme ":" hier-part ["?" query]
/// ["#" fragment]`, ASCII only, every `%` followed by two hex digits.
pub fn is_uri(text: &str) -> bool {
    fn unreserved_or_sub_delim(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b)
    }
    /// Every byte is allowed by `extra` or is a character of `unreserved / sub-delims`, and
    /// every `%` starts a percent-encoding.
    fn chars(s: &str, extra: &[u8]) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                if i + 2 >= b.len()
                    || !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
                {
                    return false;
                }
                i += 3;
            } else if unreserved_or_sub_delim(b[i]) || extra.contains(&b[i]) {
                i += 1;
            } else {
                return false;
            }
        }
        true
    }
    fn host(h: &str) -> bool {
        if let Some(literal) = h.strip_prefix('[') {
            let Some(inner) = literal.strip_suffix(']') else {
                return false;
            };
            if let Some(future) = inner.strip_prefix(['v', 'V']) {
                return match future.split_once('.') {
                    Some((version, rest)) => {
                        !version.is_empty()
                            && version.bytes().all(|b| b.is_ascii_hexdigit())
                            && !rest.is_empty()
                            && rest
                                .bytes()
                                .all(|b| unreserved_or_sub_delim(b) || b == b':')
                    }
                    None => false,
                };
            }
            return inner.parse::<std::net::Ipv6Addr>().is_ok();
        }
        chars(h, b"")
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_bytes = scheme.bytes();
    if !scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        || !scheme_bytes.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return false;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (rest, None),
    };
    let (hier, query) = match rest.split_once('?') {
        Some((hier, query)) => (hier, Some(query)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| !chars(f, b":@/?")) || query.is_some_and(|q| !chars(q, b":@/?")) {
        return false;
    }
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            let host_port = match authority.rsplit_once('@') {
                Some((userinfo, host_port)) => {
                    if !chars(userinfo, b":") {
                        return false;
                    }
                    host_port
                }
                None => authority,
            };
            // The port is the digits after the last `:` outside an IP literal.
            let (host_part, port) = match host_port.rfind(':') {
                Some(i) if !host_port[i..].contains(']') => (&host_port[..i], &host_port[i + 1..]),
                _ => (host_port, ""),
            };
            if !port.bytes().all(|b| b.is_ascii_digit()) || !host(host_part) {
                return false;
            }
            path
        }
        None => hier,
    };
    chars(path, b":@/")
}

#[cfg(test)]
mod tests {
    use super::is_uri;

    #[test]
    fn same_as_the_runtime() {
        let runtime = include_str!("../runtime/validation.rs");
        let here = include_str!("uri.rs");
        let function = |s: &'static str| {
            let start = s.find("/// Whether `text` is a URI").unwrap();
            let end = start + s[start..].find("\n}\n").unwrap();
            &s[start..end]
        };
        assert_eq!(function(runtime), function(here));
    }

    #[test]
    fn rfc_3986() {
        for good in [
            "https://www.example.com/assets/logo.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "urn:isbn:0451450523",
            "x:",
            "http://user:pw@[::1]:8080/a%20b?q=1&r=/?#frag",
            "http://[v1.fe]/",
            "mailto:a@example.com",
            "http://example.com:/",
        ] {
            assert!(is_uri(good), "{good}");
        }
        for bad in [
            "",
            "example.com",
            "/relative",
            "1http://a",
            "http://a b",
            "http://é.com",
            "http://a/%zz",
            "http://a/%4",
            "http://[::1/",
            "http://[zz]/",
            "http://a:port/",
            "http://a@b@c/",
            "http://a/<>",
            "\u{f}data:image/V,a=",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }
}
