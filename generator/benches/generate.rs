//! Generation speed: parsing alone (text to the OpenAPI model) against the whole generation
//! (load, lower, emit, format), for `spec/directory.yaml` and, when `../shared/corpus` is beside
//! the project, the official directory spec and the two largest corpus specs (GitHub, Stripe).
//! Run with `cargo bench -p generator`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the CLI uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut out = vec![(
        "spec/directory.yaml".to_owned(),
        root.join("spec/directory.yaml"),
    )];
    // The official directory spec and the two largest specs of the corpus, when it is there.
    for name in [
        "raidiam-directory.yaml",
        "github-api.github.com.json",
        "stripe-spec3.yaml",
    ] {
        let path = root.join("../shared/corpus").join(name);
        if path.exists() {
            out.push((format!("corpus/{name}"), path));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let options = generator::Options {
        crate_name: "bench".into(),
        ..generator::Options::default()
    };
    for (name, path) in inputs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut group = c.benchmark_group(name);
        // The large specs take a second or more per generation: fewer samples.
        group.sample_size(if text.len() > 1_000_000 { 10 } else { 20 });
        group.bench_function("parse", |b| {
            b.iter(|| generator::load::parse(black_box(&text), "spec").unwrap())
        });
        group.bench_function("generate", |b| {
            b.iter(|| generator::generate_from_str(black_box(&text), "spec", &options).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
