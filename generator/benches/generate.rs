//! Generation speed: parsing alone (text to the OpenAPI model) against the whole generation
//! (load, lower, emit, format), for the official directory spec when `../shared/corpus` is beside
//! the project, and for `spec/directory.yaml`. Run with `cargo bench -p generator`.

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
    let corpus = root.join("../shared/corpus/raidiam-directory.yaml");
    if corpus.exists() {
        out.push(("corpus/raidiam-directory.yaml".to_owned(), corpus));
    }
    out
}

fn bench(c: &mut Criterion) {
    let options = generator::Options {
        crate_name: "bench".into(),
    };
    for (name, path) in inputs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut group = c.benchmark_group(name);
        group.sample_size(20);
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
