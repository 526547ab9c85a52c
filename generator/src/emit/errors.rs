//! The API's error body: the shape of the spec's most common 400 body, so that the router's
//! own errors (400 with every violation, 401, 404, 405, 413, 415) are bodies the spec documents.
//!
//! The messages go, in order of preference, into:
//! - a list of strings (`{"errors": ["...", ...]}`);
//! - a list of objects with a text member named `detail`, `message` or `description`
//!   (Open Finance Brasil's `{"errors": [{"code", "title", "detail"}]}`, Open Banking UK's
//!   `{"Code", "Message", "Errors": [{"ErrorCode", "Message"}]}`), the other required members
//!   of each item taken from a synthesised valid example;
//! - one text member with such a name, the messages joined (`{"code": 400, "message": "..."}`).
//!
//! Other required members come from a synthesised valid example, and an integer `code` or
//! `status` carries the HTTP status. A body that fits none of these gets `{"errors": [...]}`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::rust::{raw_str_lit, str_lit};
use crate::ir::{Api, ContentKind, Field, IntFormat, Shape, Status, StringFormat, Ty, TypeKind};
use crate::synth::Examples;

/// Names of the text member that carries a message, by preference.
const MESSAGE_MEMBERS: [&str; 3] = ["detail", "message", "description"];

/// Names of an integer member that carries the HTTP status.
const STATUS_MEMBERS: [&str; 2] = ["code", "status"];

/// Where the messages go, and the rest of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    /// The schema it follows, for the docs (`None`: the default body).
    pub source: Option<String>,
    /// The body's other required members.
    pub base: Map<String, Value>,
    pub messages: Messages,
    /// An integer member set to the HTTP status.
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Messages {
    List {
        member: String,
        item: Option<Item>,
        max_items: Option<u64>,
    },
    Joined {
        member: String,
    },
}

/// An object item of an error list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's other required members.
    pub base: Map<String, Value>,
    /// The member of the message.
    pub message: String,
    /// A member for the status's reason ("Bad Request").
    pub title: Option<String>,
    /// A member for the status's reason as a code ("BAD_REQUEST").
    pub code: Option<String>,
}

impl ErrorBody {
    /// The body of the spec's most common 400 response, else `{"errors": [...]}`.
    pub fn of(api: &Api) -> ErrorBody {
        let mut shaper = Shaper {
            api,
            examples: Examples::new(api),
        };
        most_common_400(api)
            .and_then(|name| shaper.shaped(name))
            .unwrap_or_else(|| ErrorBody {
                source: None,
                base: Map::new(),
                messages: Messages::List {
                    member: "errors".into(),
                    item: None,
                    max_items: None,
                },
                status: None,
            })
    }

    /// The `support::ErrorBody` static the router's `error_response` uses.
    pub fn tokens(&self) -> TokenStream {
        let base = json_lit(&self.base);
        let messages = match &self.messages {
            Messages::List {
                member,
                item,
                max_items,
            } => {
                let member = str_lit(member);
                let item = match item {
                    Some(item) => {
                        let base = json_lit(&item.base);
                        let message = str_lit(&item.message);
                        let (title, code) = (opt_str(&item.title), opt_str(&item.code));
                        quote!(Some(support::ErrorItem { base: #base, message: #message, title: #title, code: #code }))
                    }
                    None => quote!(None),
                };
                let max_items = match max_items {
                    Some(n) => {
                        let n = Literal::u64_unsuffixed(*n);
                        quote!(Some(#n))
                    }
                    None => quote!(None),
                };
                quote!(support::Messages::List { member: #member, item: #item, max_items: #max_items })
            }
            Messages::Joined { member } => {
                let member = str_lit(member);
                quote!(support::Messages::Joined { member: #member })
            }
        };
        let status = opt_str(&self.status);
        let doc = match &self.source {
            Some(name) => format!(
                " The API's error body: the shape of `{name}`, the body most operations answer 400 with."
            ),
            None => " The error body, `{\"errors\": [...]}`: the spec documents no 400 body the messages fit.".to_owned(),
        };
        quote! {
            #[doc = #doc]
            static ERROR_BODY: support::ErrorBody = support::ErrorBody {
                base: #base,
                messages: #messages,
                status: #status,
            };
        }
    }
}

/// The named JSON body most operations answer 400 with (their `400` response, else `4XX`, else
/// `default`); the first of them on a tie.
fn most_common_400(api: &Api) -> Option<&str> {
    let mut bodies: Vec<(&str, usize)> = Vec::new();
    for op in &api.operations {
        let documented = [Status::Code(400), Status::Range(4), Status::Default]
            .iter()
            .find_map(|status| op.responses.iter().find(|r| r.status == *status));
        let Some(ContentKind::Json(shape)) =
            documented.and_then(|r| r.content.as_ref()).map(|c| &c.kind)
        else {
            continue;
        };
        let Ty::Named(name) = &shape.ty else {
            continue;
        };
        match bodies.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => bodies.push((name, 1)),
        }
    }
    // `max_by_key` keeps the last of equals: go backwards to keep the first.
    bodies
        .iter()
        .rev()
        .max_by_key(|(_, count)| *count)
        .map(|(name, _)| *name)
}

/// Works out an error body's shape; one example synthesiser serves every question.
struct Shaper<'a> {
    api: &'a Api,
    examples: Examples<'a>,
}

impl<'a> Shaper<'a> {
    /// The shape of struct `name` as an error body, if the messages fit it.
    fn shaped(&mut self, name: &str) -> Option<ErrorBody> {
        let fields = struct_fields(self.api, name)?;
        let example = self
            .examples
            .example(&Shape::of(Ty::Named(name.to_owned())))
            .ok()?;
        let status = fields
            .iter()
            .find(|f| is_status_member(f))
            .map(|f| f.wire_name.clone());
        let (messages, taken) = self
            .list_of_strings(fields)
            .or_else(|| self.list_of_objects(fields))
            .or_else(|| {
                let member = self.message_member(fields)?;
                Some((
                    Messages::Joined {
                        member: member.wire_name.clone(),
                    },
                    member.wire_name.as_str(),
                ))
            })?;
        let base = required_members(fields, &example, &[taken, status.as_deref().unwrap_or("")]);
        Some(ErrorBody {
            source: Some(name.to_owned()),
            base,
            messages,
            status,
        })
    }

    /// The single list of strings, when every other member is optional.
    fn list_of_strings(&mut self, fields: &'a [Field]) -> Option<(Messages, &'a str)> {
        let lists: Vec<&Field> = fields
            .iter()
            .filter(|f| matches!(&f.shape.ty, Ty::Array(items) if self.accepts(items, &MESSAGES)))
            .collect();
        let [list] = lists[..] else { return None };
        if fields
            .iter()
            .any(|f| f.required && f.wire_name != list.wire_name)
        {
            return None;
        }
        let messages = Messages::List {
            member: list.wire_name.clone(),
            item: None,
            max_items: list.shape.checks.max_items,
        };
        Some((messages, &list.wire_name))
    }

    /// The first required list whose items are objects with a message member.
    fn list_of_objects(&mut self, fields: &'a [Field]) -> Option<(Messages, &'a str)> {
        fields.iter().filter(|f| f.required).find_map(|list| {
            let Ty::Array(items) = &list.shape.ty else {
                return None;
            };
            let Ty::Named(item_name) = &items.ty else {
                return None;
            };
            let item_fields = struct_fields(self.api, item_name)?;
            let message = self.message_member(item_fields)?;
            let example = self.examples.example(items).ok()?;
            // `title` and `code` texts that take the status's reason say it.
            let mut reason_member = |name: &str, samples: &[&str]| {
                item_fields
                    .iter()
                    .find(|f| {
                        f.wire_name.eq_ignore_ascii_case(name)
                            && f.wire_name != message.wire_name
                            && self.accepts(&f.shape, samples)
                    })
                    .map(|f| f.wire_name.clone())
            };
            let title = reason_member("title", &["Unsupported Media Type", "Not Found"]);
            let code = reason_member("code", &["UNSUPPORTED_MEDIA_TYPE", "NOT_FOUND"]);
            let mut skip = vec![message.wire_name.as_str()];
            skip.extend(title.as_deref());
            skip.extend(code.as_deref());
            let item = Item {
                base: required_members(item_fields, &example, &skip),
                message: message.wire_name.clone(),
                title,
                code,
            };
            let messages = Messages::List {
                member: list.wire_name.clone(),
                item: Some(item),
                max_items: list.shape.checks.max_items,
            };
            Some((messages, list.wire_name.as_str()))
        })
    }

    /// The text member a message goes in: by name, when it takes the router's messages.
    fn message_member(&mut self, fields: &'a [Field]) -> Option<&'a Field> {
        MESSAGE_MEMBERS.iter().find_map(|name| {
            fields.iter().find(|f| {
                f.wire_name.eq_ignore_ascii_case(name) && self.accepts(&f.shape, &MESSAGES)
            })
        })
    }

    /// Whether a string takes every one of `samples`: its length limits, pattern and format
    /// accept them (a pattern such as `[\w\W\s]*` constrains nothing).
    fn accepts(&mut self, shape: &Shape, samples: &[&str]) -> bool {
        shape.ty == Ty::String(StringFormat::Plain)
            && samples
                .iter()
                .all(|s| self.examples.conforms(shape, &Value::from(*s)).is_empty())
    }
}

/// Typical router messages: a text member that takes them takes the router's messages.
const MESSAGES: [&str; 3] = [
    "body/AddressLine1: must be at least 5 characters long (minLength), found 3",
    "query/page-size: must be at most 1000 (maximum); header/x-fapi-interaction-id: must match the pattern ^[0-9a-f-]+$",
    "no operation at GET /accounts/{id}",
];

/// An integer `code` or `status` that can hold any 4xx status.
fn is_status_member(field: &Field) -> bool {
    let c = &field.shape.checks;
    STATUS_MEMBERS
        .iter()
        .any(|name| field.wire_name.eq_ignore_ascii_case(name))
        && matches!(field.shape.ty, Ty::Integer(IntFormat::I32 | IntFormat::I64))
        && c.minimum.is_none()
        && c.maximum.is_none()
        && c.multiple_of.is_none()
        && c.allowed.is_empty()
}

fn struct_fields<'a>(api: &'a Api, name: &str) -> Option<&'a [Field]> {
    match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => Some(&s.fields),
        _ => None,
    }
}

/// The required members of `example`, except `skip`.
fn required_members(fields: &[Field], example: &Value, skip: &[&str]) -> Map<String, Value> {
    fields
        .iter()
        .filter(|f| f.required && !skip.contains(&f.wire_name.as_str()))
        .filter_map(|f| Some((f.wire_name.clone(), example.get(&f.wire_name)?.clone())))
        .collect()
}

/// `Some("text")` or `None`.
fn opt_str(text: &Option<String>) -> TokenStream {
    match text {
        Some(text) => {
            let text = str_lit(text);
            quote!(Some(#text))
        }
        None => quote!(None),
    }
}

/// JSON text as a (raw) string literal.
fn json_lit(map: &Map<String, Value>) -> Literal {
    raw_str_lit(&Value::Object(map.clone()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API whose operations answer 400 with the given component schemas, in order.
    fn api_with_400s(bodies: &[&str]) -> Api {
        let mut paths = String::new();
        for (i, body) in bodies.iter().enumerate() {
            paths += &format!(
                "  /op{i}:\n    get:\n      responses:\n        '400':\n          description: Bad.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/{body}'\n"
            );
        }
        let schemas = r#"
    BasicError:
      type: object
      properties:
        documentation_url:
          type: string
    ScimError:
      type: object
      properties:
        detail:
          type: string
        schemas:
          type: array
          items:
            type: string
    Problems:
      type: object
      required: [problems]
      properties:
        problems:
          type: array
          items:
            type: string
    ResponseError:
      type: object
      required: [errors]
      properties:
        errors:
          type: array
          minItems: 1
          maxItems: 13
          items:
            type: object
            required: [code, title, detail]
            properties:
              code:
                type: string
                example: INVALID
              title:
                type: string
                maxLength: 255
              detail:
                type: string
                maxLength: 2048
        meta:
          type: object
          properties:
            totalPages:
              type: integer
    Error:
      type: object
      required: [code, message]
      properties:
        code:
          type: integer
          format: int32
        message:
          type: string
"#;
        let text = format!(
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n{paths}components:\n  schemas:{schemas}"
        );
        let spec = crate::load::parse(&text, "errors.yaml").expect("the spec parses");
        crate::lower::lower(&spec, &crate::Settings::default()).expect("the spec lowers")
    }

    fn list(member: &str, max_items: Option<u64>) -> Messages {
        Messages::List {
            member: member.into(),
            item: None,
            max_items,
        }
    }

    #[test]
    fn the_most_common_400_body_decides() {
        let body = ErrorBody::of(&api_with_400s(&["Problems", "BasicError", "Problems"]));
        assert_eq!(body.source.as_deref(), Some("Problems"));
        assert_eq!(body.messages, list("problems", None));
        // GitHub: most 400s are a basic error the messages do not fit; the list of strings in
        // the rarer SCIM error holds schema URNs, not messages.
        let body = ErrorBody::of(&api_with_400s(&["ScimError", "BasicError", "BasicError"]));
        assert_eq!(body.source, None);
        assert_eq!(body.messages, list("errors", None));
        // On a tie, the first one documented.
        let body = ErrorBody::of(&api_with_400s(&["ScimError", "BasicError"]));
        assert_eq!(body.messages, list("schemas", None));
    }

    #[test]
    fn open_finance_errors_are_objects_with_a_detail() {
        let body = ErrorBody::of(&api_with_400s(&["ResponseError"]));
        assert_eq!(body.source.as_deref(), Some("ResponseError"));
        // The optional `meta` is left out; the item's other required members are examples.
        assert!(body.base.is_empty(), "{:?}", body.base);
        let Messages::List {
            member,
            item: Some(item),
            max_items,
        } = &body.messages
        else {
            panic!("{:?}", body.messages);
        };
        assert_eq!((member.as_str(), *max_items), ("errors", Some(13)));
        assert_eq!(item.message, "detail");
        assert_eq!(item.title.as_deref(), Some("title"));
        // The example says `code` is "INVALID"; it takes "BAD_REQUEST" as well.
        assert_eq!(item.code.as_deref(), Some("code"));
        assert!(item.base.is_empty(), "{:?}", item.base);
        assert_eq!(body.status, None);
    }

    #[test]
    fn code_and_message_bodies_get_the_status_and_the_joined_messages() {
        let body = ErrorBody::of(&api_with_400s(&["Error"]));
        assert_eq!(body.status.as_deref(), Some("code"));
        assert_eq!(
            body.messages,
            Messages::Joined {
                member: "message".into()
            }
        );
        assert!(body.base.is_empty());
    }
}
