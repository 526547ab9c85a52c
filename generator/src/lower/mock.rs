//! The mock server's answers: for each operation its first success response, with a body and
//! required headers made by `synth` (the spec's examples where they conform, else synthesised
//! values that satisfy every constraint).

use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Pointer, Warning};
use crate::ir::{Api, ContentKind, MockResponse, Operation, Status};
use crate::synth;

pub fn add_mock_responses(api: &mut Api) {
    /// Operations per synthesiser. The groups are fixed (not one per thread), so the caches an
    /// example is made with, and so the output, do not depend on the number of threads.
    const GROUP: usize = 32;
    let index = Arc::new(synth::TypeIndex::new(api));
    let results: Vec<(Option<MockResponse>, Option<Warning>)> = api
        .operations
        .par_chunks(GROUP)
        .flat_map_iter(|ops| {
            let mut examples = synth::Examples::with_index(Arc::clone(&index));
            ops.iter()
                .map(|op| mock_of(&mut examples, op))
                .collect::<Vec<_>>()
        })
        .collect();
    for (op, (mock, warning)) in api.operations.iter_mut().zip(results) {
        op.mock = mock;
        api.warnings.extend(warning);
    }
}

/// The mock answer of `op`, and a warning when it is not the preferred one (or none).
fn mock_of(
    examples: &mut synth::Examples,
    op: &Operation,
) -> (Option<MockResponse>, Option<Warning>) {
    let at = op
        .docs
        .source
        .clone()
        .unwrap_or_else(Pointer::root)
        .push("responses");
    match mock_response(examples, op) {
        Ok(mock) => {
            let warning = mock.skipped.as_ref().map(|problem| Warning {
                pointer: at,
                message: format!(
                    "the mock answers with status {} because no example could be made for the preferred response: {problem}",
                    mock.status
                ),
                file: None,
            });
            (Some(mock), warning)
        }
        Err(message) => (
            None,
            Some(Warning {
                pointer: at,
                message: format!("the mock cannot answer this operation: {message}"),
                file: None,
            }),
        ),
    }
}

/// The order of preference: the lowest 2xx code, a 2XX range, `default`, then anything.
fn rank(status: &Status) -> (u8, u16) {
    match status {
        Status::Code(c) if (200..300).contains(c) => (0, *c),
        Status::Range(2) => (1, 0),
        Status::Default => (2, 0),
        Status::Code(c) => (3, *c),
        Status::Range(d) => (3, u16::from(*d) * 100),
    }
}

/// The first response, in order of preference, that examples can be made for.
fn mock_response(examples: &mut synth::Examples, op: &Operation) -> Result<MockResponse, String> {
    let mut order: Vec<usize> = (0..op.responses.len()).collect();
    order.sort_by_key(|&i| rank(&op.responses[i].status));
    let mut first_problem: Option<String> = None;
    for index in order {
        match respond_with(examples, op, index) {
            Ok(mut mock) => {
                mock.skipped = first_problem;
                return Ok(mock);
            }
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    Err(first_problem.unwrap_or_else(|| "it documents no response".into()))
}

fn respond_with(
    examples: &mut synth::Examples,
    op: &Operation,
    index: usize,
) -> Result<MockResponse, String> {
    let response = &op.responses[index];
    let status = match response.status {
        Status::Code(c) => c,
        Status::Range(d) => u16::from(d) * 100,
        Status::Default => 200,
    };
    let body = match response.content.as_ref().map(|c| (&c.kind, &c.example)) {
        Some((ContentKind::Json(shape), example)) => {
            let given = example
                .as_ref()
                .filter(|e| examples.conforms(shape, e).is_empty());
            Some(match given {
                Some(e) => e.clone(),
                None => examples.example(shape).map_err(|e| format!("body: {e}"))?,
            })
        }
        Some((ContentKind::Text, example)) => Some(match example {
            Some(serde_json::Value::String(s)) => serde_json::Value::String(s.clone()),
            _ => serde_json::Value::String("example".into()),
        }),
        Some((ContentKind::Binary | ContentKind::Form(_) | ContentKind::Multipart { .. }, _))
        | None => None,
    };
    let mut headers = Vec::new();
    for h in response
        .headers
        .iter()
        .filter(|h| h.required && !h.shape.nullable)
    {
        let value = examples
            .example(&h.shape)
            .map_err(|e| format!("header {}: {e}", h.wire_name))?;
        headers.push((h.name.clone(), value));
    }
    Ok(MockResponse {
        response: index,
        status,
        body,
        headers,
        skipped: None,
    })
}
